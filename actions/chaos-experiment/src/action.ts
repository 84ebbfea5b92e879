/** chaos-experiment on the skeleton: an AWS FIS experiment as a pipeline gate that cannot be left running. */
import { defineAction } from '@aws-delivery/action-kit';
import { realClients } from './clients.js';
import { buildConfig } from './config.js';
import { inputSpec } from './inputs.js';
import { run, verdict } from './run.js';

export const chaosExperiment = defineAction({
  name: 'chaos-experiment',
  inputs: inputSpec,
  buildConfig,
  clients: (config, io) => realClients(config, io),
  run,
  verdict,
});
