/** eks-deploy on the skeleton: server-side apply, rollout watch, rollback, canary and blue-green. */
import { defineAction } from '@aws-delivery/action-kit';
import { buildConfig } from './config.js';
import { inputSpec } from './inputs.js';
import { realClients, run, verdict } from './run.js';

export const eksDeploy = defineAction({
  name: 'eks-deploy',
  inputs: inputSpec,
  buildConfig,
  clients: realClients,
  run,
  verdict,
});
