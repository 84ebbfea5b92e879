/** The action through the real skeleton (runMain, real clients) against a fake Grafana started for a describe block. */
import { afterAll, beforeAll } from '@jest/globals';
import { runMain } from '@aws-delivery/action-kit';
import { recordingRunner, type RecordingRunner } from '@aws-delivery/action-kit/recording';
import { startFakeGrafana, type FakeGrafana, type GrafanaVersion } from '@aws-delivery/testing';
import { grafanaProvision } from '../src/action.js';
import type { SourceFile } from '../src/load-resources.js';
import { RESOURCES, SECRETS } from './resources.js';
import { workspace, type Workspace } from './workspace.js';

/** The `secrets` input naming every secret RESOURCES uses. */
export const SECRET_INPUT = Object.entries(SECRETS)
  .map(([name, value]) => `${name}=${value}`)
  .join('\n');

/** Inputs that sign in as the fake's bootstrap admin with basic auth and make a token for later steps. */
export const BOOTSTRAP_INPUTS = {
  token: '',
  username: 'admin',
  password: 'bootstrap-pass',
  'create-token': 'true',
};

/** A fake Grafana, a token for it and a workspace, and the step run on them. */
export interface ActionOnFake {
  fake: FakeGrafana;
  token: string;
  ws: Workspace;
  step: (
    inputs?: Record<string, string>,
  ) => Promise<{ io: RecordingRunner; outcome: Awaited<ReturnType<typeof runMain>> }>;
}

/**
 * Starts the fake (with the bootstrap admin for basic auth) and a workspace (RESOURCES by default) for the describe
 * block; `step(inputs)` runs the action with the block's defaults under the given inputs.
 */
export function useActionOnFake(
  version: GrafanaVersion,
  defaults: {
    inputs?: Record<string, string>;
    env?: Record<string, string>;
    debug?: boolean;
    files?: readonly SourceFile[];
  } = {},
): ActionOnFake {
  const on = {
    step: async (inputs: Record<string, string> = {}) => {
      const io = recordingRunner({
        inputs: { 'grafana-url': on.fake.url, token: on.token, secrets: SECRET_INPUT, ...defaults.inputs, ...inputs },
        env: { GITHUB_WORKSPACE: on.ws.dir, ...defaults.env },
        ...(defaults.debug ? { debug: true } : {}),
      });
      return { io, outcome: await runMain(grafanaProvision, { io }) };
    },
  } as ActionOnFake;
  beforeAll(async () => {
    on.fake = await startFakeGrafana({
      version,
      basicAuth: { user: BOOTSTRAP_INPUTS.username, password: BOOTSTRAP_INPUTS.password },
    });
    on.token = on.fake.createServiceAccountToken().key;
    on.ws = workspace(defaults.files ?? RESOURCES);
  });
  afterAll(async () => {
    await on.fake.stop();
    on.ws.remove();
  });
  return on;
}
