/** docker-build-push on the skeleton: build once, push by digest to every registry, verify, gate on the scan. */
import { defineAction } from '@aws-delivery/action-kit';
import { configSources, realClients } from './clients.js';
import { buildConfig } from './config.js';
import { inputSpec } from './inputs.js';
import { run } from './run.js';

export const dockerBuildPush = defineAction({
  name: 'docker-build-push',
  inputs: inputSpec,
  buildConfig: (inputs, env) => buildConfig(inputs, configSources(env)),
  clients: realClients,
  run,
});
