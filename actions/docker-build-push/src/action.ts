/** docker-build-push on the skeleton: build once, push by digest to every registry, verify, gate on the scan. */
import { readFileSync } from 'node:fs';
import { defineAction, type RunnerIO, type Step } from '@aws-delivery/action-kit';
import type { Clients } from './clients.js';
import { buildConfig, type Config } from './config.js';
import { inputSpec } from './inputs.js';

/** The files the configuration reads (lifecycle policy, allow-list, event payload) and the time labels carry. */
function configSources(env: RunnerIO['env']) {
  return { env, readText: (path: string) => readFileSync(path, 'utf8'), now: new Date() };
}

// The clients and `run` (with the SDKs, parsers and node:https they bring) are imported once the inputs check out:
// a step that fails on its inputs, or the skeleton starting, loads none of them.
export const dockerBuildPush = defineAction({
  name: 'docker-build-push',
  inputs: inputSpec,
  buildConfig: (inputs, env) => buildConfig(inputs, configSources(env)),
  clients: async (config: Config, io: RunnerIO) => (await import('./clients.js')).realClients(config, io),
  run: async (step: Step<Config, Clients>) => (await import('./run.js')).run(step),
});
