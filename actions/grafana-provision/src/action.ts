/** grafana-provision on the skeleton: Grafana as code, planned, idempotent, reviewable, reversible. */
import { defineAction } from '@aws-delivery/action-kit';
import { realClients } from './clients.js';
import { buildConfig } from './config.js';
import { inputSpec } from './inputs.js';
import { run } from './run.js';

export const grafanaProvision = defineAction({
  name: 'grafana-provision',
  inputs: inputSpec,
  buildConfig,
  clients: realClients,
  run,
});
