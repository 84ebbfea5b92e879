/**
 * Amazon Managed Grafana: the workspace token minted with the job's AWS credentials by a signed
 * CreateWorkspaceServiceAccountToken (the fake control plane recomputes the SigV4 signature), used to provision, and
 * deleted by the post step, which also closes the deploy annotation with a short-lived token it deletes at once.
 * https://docs.aws.amazon.com/grafana/latest/APIReference/API_CreateWorkspaceServiceAccountToken.html
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runMain, runPost } from '@aws-delivery/action-kit';
import { recordingRunner } from '@aws-delivery/action-kit/recording';
import { startFakeAmg, startFakeGrafana, type FakeAmg, type FakeGrafana } from '@aws-delivery/testing';
import { grafanaProvision } from '../../src/action.js';
import { cleanup } from '../../src/cleanup.js';
import { RESOURCES, SECRETS } from '../resources.js';
import { workspace, type Workspace } from '../workspace.js';

const CREDENTIALS = {
  accessKeyId: 'ASIAAMGEXAMPLE000001',
  secretAccessKey: 'amg-test-secret-access-key',
  sessionToken: 'amg-test-session-token',
};
const WORKSPACE_ID = 'g-0123456789';

describe('grafana-provision with an Amazon Managed Grafana workspace token', () => {
  let grafana: FakeGrafana;
  let amg: FakeAmg;
  let ws: Workspace;
  let serviceAccountId: number;

  beforeAll(async () => {
    grafana = await startFakeGrafana({ version: '10.4' });
    serviceAccountId = grafana.createServiceAccountToken({ name: 'provisioner' }).serviceAccountId;
    for (const t of [...grafana.store.tokens.values()]) grafana.revokeToken(serviceAccountId, t.id);
    amg = await startFakeAmg({
      grafana,
      workspaceId: WORKSPACE_ID,
      region: 'us-gov-west-1',
      credentials: [CREDENTIALS],
    });
    ws = workspace(RESOURCES);
  });
  afterAll(async () => {
    await amg.stop();
    await grafana.stop();
    ws.remove();
  });

  const inputs = () => ({
    'grafana-url': grafana.url,
    'amg-workspace-id': WORKSPACE_ID,
    'amg-service-account-id': String(serviceAccountId),
    'amg-endpoint': amg.url,
    'aws-region': 'us-gov-west-1',
    'token-seconds-to-live': '900',
    annotate: 'true',
    secrets: Object.entries(SECRETS)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n'),
  });
  const env = {
    AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    AWS_SESSION_TOKEN: CREDENTIALS.sessionToken,
  };

  it('mints a masked workspace token, provisions with it; post closes the annotation and leaves no token behind', async () => {
    const io = recordingRunner({ inputs: inputs(), env: { ...env, GITHUB_WORKSPACE: ws.dir } });
    const outcome = await runMain(grafanaProvision, { io });
    expect(io.lines('error')).toEqual([]);
    expect(outcome?.ok).toBe(true);
    const token = io.recorded.outputs.token ?? '';
    expect(token).toMatch(/^glsa_/);
    expect(io.recorded.masks).toContain(token);
    expect(io.recorded.log.map((l) => l.message).join('\n')).not.toContain(token);
    expect(io.lines('info')).toContainEqual(
      expect.stringContaining(
        `signed in with a new Amazon Managed Grafana token (workspace ${WORKSPACE_ID} in us-gov-west-1, lives 900 s)`,
      ),
    );
    expect(amg.requests).toEqual([
      expect.objectContaining({ method: 'POST', status: 200, accessKeyId: CREDENTIALS.accessKeyId }),
    ]);
    expect(io.recorded.outputs.created).toBe('9');
    expect(grafana.store.tokens.size).toBe(1);

    const state = Object.fromEntries(Object.entries(io.recorded.state).map(([k, v]) => [k, JSON.parse(v) as unknown]));
    const post = recordingRunner({ inputs: inputs(), env, state });
    expect(await runPost('grafana-provision', cleanup, { io: post })).toEqual({ ok: true, result: undefined });
    expect(post.lines('error')).toEqual([]);
    // The post step's own short token (for the annotation), then main's token: both deleted through the control plane.
    expect(amg.requests.map((r) => `${r.method} ${r.status}`)).toEqual([
      'POST 200',
      'POST 200',
      'DELETE 200',
      'DELETE 200',
    ]);
    expect(grafana.store.tokens.size).toBe(0);
    const annotation = grafana.store.annotations.get(Number(io.recorded.outputs['annotation-id']));
    expect(annotation?.timeEnd).toBeGreaterThanOrEqual(annotation?.time ?? Infinity);
  });

  it('credentials the control plane does not accept fail with its error and the permission to check', async () => {
    const io = recordingRunner({
      inputs: inputs(),
      env: { ...env, AWS_SECRET_ACCESS_KEY: 'wrong-secret', GITHUB_WORKSPACE: ws.dir },
    });
    expect((await runMain(grafanaProvision, { io }))?.ok).toBe(false);
    expect(io.lines('error')).toEqual([
      expect.stringMatching(
        /^grafana-provision: Amazon Managed Grafana CreateWorkspaceServiceAccountToken for workspace g-0123456789 in us-gov-west-1 failed with 403 InvalidSignatureException: .*Hint: The job's AWS credentials need grafana:CreateWorkspaceServiceAccountToken/,
      ),
    ]);
  });
});
