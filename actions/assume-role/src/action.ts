/** assume-role on the skeleton: AWS credentials from OIDC, token files, static keys, role chains and profiles. */
import { defineAction } from '@aws-delivery/action-kit';
import { buildConfig } from './config.js';
import { inputSpec } from './inputs.js';
import { realClients, run } from './run.js';

export const assumeRole = defineAction({
  name: 'assume-role',
  inputs: inputSpec,
  buildConfig,
  clients: realClients,
  run,
});
