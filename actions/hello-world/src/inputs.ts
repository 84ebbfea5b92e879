import { actionTimeout, input } from '@aws-delivery/action-kit';

/** Every input of hello-world, as action.yml declares it (a test compares the two). */
export const inputSpec = {
  who: input.string({ default: 'world' }),
  shout: input.boolean({ default: 'false' }),
  fail: input.boolean({ default: 'false' }),
  ...actionTimeout(60, { min: 1, max: 3600 }),
};
