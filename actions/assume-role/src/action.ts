/** assume-role on the skeleton: AWS credentials from OIDC, token files, static keys, role chains and profiles. */
import { defineAction, type RunnerIO, type Step } from '@aws-delivery/action-kit';
import { buildConfig, type Config } from './config.js';
import { inputSpec } from './inputs.js';
import type { Clients } from './run.js';

// The clients and `run` (with the SDKs, parsers and node:https they bring) are imported once the inputs check out:
// a step that fails on its inputs, or the skeleton starting, loads none of them.
export const assumeRole = defineAction({
  name: 'assume-role',
  inputs: inputSpec,
  buildConfig,
  clients: async (config: Config, io: RunnerIO) => (await import('./run.js')).realClients(config, io),
  run: async (step: Step<Config, Clients>) => (await import('./run.js')).run(step),
});
