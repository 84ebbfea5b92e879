// Demo stage: build the sample service once and push it by digest to two local registries (one standing in for an
// ECR registry whose API is the local AWS emulator), then gate on the ECR scan, all from the bundle.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulateStep, startDockerd, startRegistry } from '@aws-delivery/testing';
import { startEcrDataPlane } from '../../actions/docker-build-push/test/support/ecr-data-plane.js';
import type { DemoContext, StageResult } from './context.js';

const ACCOUNT = '123456789012';

export async function demo(context: DemoContext): Promise<StageResult> {
  const aws = await context.aws();
  // The emulator's ECR token for ACCOUNT is "<account>-auth-token": registry A accepts exactly that login.
  const [dockerd, ecrRegistry, plainRegistry] = await Promise.all([
    startDockerd(),
    startRegistry({ username: 'AWS', password: `${ACCOUNT}-auth-token` }),
    startRegistry(),
  ]);
  context.onStop(() => Promise.all([dockerd.stop(), ecrRegistry.stop(), plainRegistry.stop()]).then(() => undefined));
  const plane = startEcrDataPlane({
    registryUrl: ecrRegistry.url,
    username: 'AWS',
    password: `${ACCOUNT}-auth-token`,
    motoEndpoint: aws.endpoint,
    region: 'eu-west-1',
    repositories: ['demo/service'],
  });
  context.onStop(() => plane.stop());
  // The checkout: the action builds only a context inside the workspace.
  const workspace = mkdtempSync(join(tmpdir(), 'demo-docker-build-push-'));
  context.onStop(async () => rmSync(workspace, { recursive: true, force: true }));
  cpSync(new URL('../../demo/service', import.meta.url).pathname, join(workspace, 'service'), { recursive: true });
  const result = await simulateStep({
    workspace,
    action: 'docker-build-push',
    timeoutMs: 120_000,
    inputs: {
      registries: [
        `${ACCOUNT}/eu-west-1 endpoint=${ecrRegistry.url} ecr-endpoint=${aws.endpoint}`,
        `${plainRegistry.host} username=${plainRegistry.username} password-env=MIRROR_PASSWORD`,
      ].join('\n'),
      repository: 'demo/service',
      context: 'service',
      'builder-path': dockerd.docker.path,
      'fail-on-severity': 'high',
      'scan-allow-list': 'CVE-9999-9999 until=2099-12-31 emulator finding, reviewed for the demo',
    },
    env: {
      ...dockerd.env,
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      MIRROR_PASSWORD: plainRegistry.password,
    },
  });
  const errors = result.annotations.filter((a) => a.level === 'error').map((a) => a.message);
  return {
    ok: result.exitCode === 0 && result.post?.exitCode === 0,
    lines: [
      `builder: ${result.outputs.builder}; tags: ${(result.outputs.tags ?? '').split('\n').join(', ')}`,
      ...(result.outputs['image-uris'] ?? '').split('\n').map((uri) => `pushed: ${uri}`),
      `scan gate: ${result.outputs['scan-result']} (high ${result.outputs['scan-high']}, allow-listed until 2099-12-31)`,
      `post step: ${result.post?.stdout.trim().split('\n').at(-1) ?? 'did not run'}`,
      ...errors.map((message) => `error: ${message}`),
    ],
    outputs: result.outputs,
    summary: result.summary,
  };
}
