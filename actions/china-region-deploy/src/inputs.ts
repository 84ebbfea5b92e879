import { actionTimeout, input } from '@aws-delivery/action-kit';

/** Every input of china-region-deploy, as action.yml declares it (a test compares the two). */
export const inputSpec = {
  template: input.string(),
  'stack-name': input.string(),
  region: input.enumOf(['cn-north-1', 'cn-northwest-1'] as const, { default: 'cn-north-1' }),
  bucket: input.string(),
  'key-prefix': input.string(),
  sse: input.enumOf(['AES256', 'aws:kms'] as const, { default: 'AES256' }),
  'kms-key-id': input.string(),
  parameters: input.string(),
  tags: input.string(),
  capabilities: input.string(),
  'role-arn': input.string(),
  'notification-arns': input.string(),
  execute: input.boolean({ default: 'true' }),
  'no-changes-ok': input.boolean({ default: 'true' }),
  'delete-rollback-complete': input.boolean({ default: 'false' }),
  'lint-policy': input.string(),
  'access-key-id': input.string({ secret: true }),
  'secret-access-key': input.string({ secret: true }),
  'session-token': input.string({ secret: true }),
  'cloudformation-endpoint': input.string(),
  's3-endpoint': input.string(),
  'request-timeout-seconds': input.integer({ min: 1, max: 300, unit: 'seconds', default: '30' }),
  ...actionTimeout(3600),
};
