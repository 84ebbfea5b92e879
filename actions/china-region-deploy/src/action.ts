/** china-region-deploy on the skeleton: partition lint and rewrite, package, and a change-set deploy in aws-cn. */
import { defineAction } from '@aws-delivery/action-kit';
import { realClients } from './clients.js';
import { buildConfig } from './config.js';
import { inputSpec } from './inputs.js';
import { run } from './run.js';

export const chinaRegionDeploy = defineAction({
  name: 'china-region-deploy',
  inputs: inputSpec,
  buildConfig,
  clients: (config, io) => realClients(config, io),
  run,
});
