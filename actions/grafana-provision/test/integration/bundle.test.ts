// The committed bundle (dist/grafana-provision) run as a runner runs it, on Node 20 and Node 24, against the fake
// Grafana: bootstrap with basic auth and create-token, apply, annotate; the post step closes the annotation and
// deletes the token; a second run writes nothing. Build first: node scripts/build.mjs --action grafana-provision --skip-typecheck
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  actionOutputs,
  findUnmaskedSecrets,
  simulateStep,
  startFakeGrafana,
  type FakeGrafana,
} from '@aws-delivery/testing';
import { RESOURCES, SECRETS } from '../resources.js';
import { workspace, type Workspace } from '../workspace.js';

const PASSWORD = 'bundle-bootstrap-password';

describe.each(['node20', 'node24'] as const)('grafana-provision bundle on %s', (node) => {
  let fake: FakeGrafana;
  let ws: Workspace;
  beforeAll(async () => {
    fake = await startFakeGrafana({ version: '11.6', basicAuth: { user: 'admin', password: PASSWORD } });
    ws = workspace(RESOURCES);
  });
  afterAll(async () => {
    await fake.stop();
    ws.remove();
  });

  const step = (inputs: Record<string, string> = {}) =>
    simulateStep({
      action: 'grafana-provision',
      node,
      workspace: ws.dir,
      inputs: {
        'grafana-url': fake.url,
        username: 'admin',
        password: PASSWORD,
        'create-token': 'true',
        'token-seconds-to-live': '600',
        secrets: Object.entries(SECRETS)
          .map(([k, v]) => `${k}=${v}`)
          .join('\n'),
        ...inputs,
      },
      env: { GITHUB_SHA: 'feedfacefeedfacefeedfacefeedfacefeedface', GITHUB_REPOSITORY: 'fintech/payments' },
      timeoutMs: 60_000,
    });

  it('applies with a bootstrap token, annotates; post closes the annotation and deletes the token', async () => {
    const result = await step({ annotate: 'true', 'annotation-tags': 'service:payments' });
    expect(result.annotations.filter((a) => a.level === 'error')).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ created: '10', updated: '0', deleted: '0', changed: 'true' });
    expect(Object.keys(result.outputs).sort()).toEqual(actionOutputs('actions/grafana-provision').sort());
    const token = result.outputs.token ?? '';
    expect(token).toMatch(/^glsa_/);
    expect(result.masks).toEqual(expect.arrayContaining([token, PASSWORD, ...Object.values(SECRETS)]));
    // The token output is the point of create-token (for later steps); nowhere else may it appear in clear.
    const leaks = findUnmaskedSecrets(result, [token, PASSWORD, ...Object.values(SECRETS)]);
    expect(leaks.filter((l) => !(l.place === 'output' && l.name === 'token'))).toEqual([]);
    expect(leaks.length).toBe(1);
    expect(result.stdout).toMatch(
      /Grafana 11\.6\.\d+: \/api dialect, nested folders; signed in with a new service account token/,
    );
    expect(result.summary).toContain('| dashboard | Payments API | create |');
    const id = Number(result.outputs['annotation-id']);
    const annotation = fake.store.annotations.get(id);
    expect(annotation?.timeEnd).toBeGreaterThanOrEqual(annotation?.time ?? Infinity);
    expect(result.post).toMatchObject({ exitCode: 0 });
    expect(result.post?.stdout).toContain(`post: deleted the service account token`);
    expect(result.post?.stdout).toContain(`post: deploy annotation ${id} ends now.`);
    expect([...fake.store.tokens.values()].map((t) => t.name)).toEqual([]);
  });

  it('a second run (token input, no bootstrap) is all unchanged with zero write requests', async () => {
    const token = fake.createServiceAccountToken().key;
    const before = fake.writeRequests().length;
    const result = await step({ token, username: '', password: '', 'create-token': 'false' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({
      created: '0',
      updated: '0',
      deleted: '0',
      unchanged: '10',
      changed: 'false',
    });
    expect(fake.writeRequests().length).toBe(before);
    expect(findUnmaskedSecrets(result, [token])).toEqual([]);
  });
});
