/** The inputs as one checked configuration. Pure. */
import { ConfigurationError, type InputValues } from '@aws-delivery/action-kit';
import type { inputSpec } from './inputs.js';

export interface Config {
  who: string;
  shout: boolean;
}

export function buildConfig(inputs: InputValues<typeof inputSpec>): Config {
  if (inputs.fail) {
    throw new ConfigurationError(
      'Input "fail" is "true", which makes this action fail on purpose. Fix: set fail: false, or remove it.',
      'fail',
    );
  }
  return { who: inputs.who, shout: inputs.shout };
}
