/** chaos-experiment on the skeleton: an AWS FIS experiment as a pipeline gate that cannot be left running. */
import { defineAction, type RunnerIO, type Step } from '@aws-delivery/action-kit';
import { buildConfig, type Config } from './config.js';
import { inputSpec } from './inputs.js';
import type { Clients } from './clients.js';
import type { ChaosResult } from './run.js';

// The clients and `run` (with the SDKs, parsers and node:https they bring) are imported once the inputs check out:
// a step that fails on its inputs, or the skeleton starting, loads none of them.
export const chaosExperiment = defineAction({
  name: 'chaos-experiment',
  inputs: inputSpec,
  buildConfig,
  clients: async (config: Config, io: RunnerIO) => (await import('./clients.js')).realClients(config, io),
  run: async (step: Step<Config, Clients>) => (await import('./run.js')).run(step),
  verdict: async (result: ChaosResult) => (await import('./run.js')).verdict(result),
});
