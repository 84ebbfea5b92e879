/** hello-world on the skeleton: the smallest complete action, and the worked example of docs/adding-an-action.md. */
import { defineAction } from '@aws-delivery/action-kit';
import { buildConfig } from './config.js';
import { inputSpec } from './inputs.js';
import { run } from './run.js';

export const helloWorld = defineAction({
  name: 'hello-world',
  inputs: inputSpec,
  buildConfig,
  clients: () => undefined,
  run,
});
