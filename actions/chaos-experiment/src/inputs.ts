import { actionTimeout, requestTimeout, input } from '@aws-delivery/action-kit';

/** Every input of chaos-experiment, as action.yml declares it (a test compares the two). */
export const inputSpec = {
  'template-id': input.string(),
  'template-tags': input.string(),
  'template-file': input.string(),
  'keep-template': input.boolean({ default: 'false' }),
  region: input.string(),
  'unsupported-partition': input.enumOf(['fail', 'skip'] as const, { default: 'fail' }),
  'allow-no-stop-conditions': input.boolean({ default: 'false' }),
  'allow-alarm-states': input.string(),
  'expect-stop-condition': input.boolean({ default: 'false' }),
  rehearsal: input.boolean({ default: 'false' }),
  tags: input.string(),
  'idempotency-key': input.string(),
  timeout: input.string(),
  probes: input.string(),
  'report-file': input.string({ default: 'chaos-report.json' }),
  'junit-file': input.string({ default: 'chaos-junit.xml' }),
  'fis-endpoint': input.string(),
  'cloudwatch-endpoint': input.string(),
  'http-proxy': input.string({ secret: true }),
  'no-proxy': input.string(),
  'ca-bundle': input.string(),
  ...requestTimeout(30),
  ...actionTimeout(21600),
};
