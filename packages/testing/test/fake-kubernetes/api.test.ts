/** Writes over HTTP: server-side apply, field ownership, generation, patches, dry run, preconditions, validation. */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { describeWithServices, startFakeKubernetes, type FakeKubernetes } from '@aws-delivery/testing';
import { call } from './http-client.js';

const DEPLOYMENTS = '/apis/apps/v1/namespaces/default/deployments';
const APPLY = 'application/apply-patch+yaml';

function deployment(
  name: string,
  spec: { replicas?: number; image?: string } = {},
  metadata: Record<string, unknown> = {},
) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, ...metadata },
    spec: {
      ...(spec.replicas !== undefined ? { replicas: spec.replicas } : {}),
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'app', image: spec.image ?? 'registry.example/app:1' }] },
      },
    },
  };
}

describeWithServices(['openssl'], 'fake Kubernetes writes', () => {
  let fake: FakeKubernetes;
  const apply = (name: string, body: unknown, manager: string, extra = '') =>
    call(fake, 'PATCH', `${DEPLOYMENTS}/${name}?fieldManager=${manager}${extra}`, { body, contentType: APPLY });

  beforeAll(async () => {
    fake = await startFakeKubernetes({ startControllers: false });
  });
  afterAll(async () => {
    await fake?.stop();
  });

  // eks-deploy tells "created" from this status and "unchanged" by comparing the answer with the state before.
  // The API reference lists 201 Created among a PATCH's answers (https://kubernetes.io/docs/reference/kubernetes-api/
  // workload-resources/deployment-v1/#patch-partially-update-the-specified-deployment); Server-Side Apply creates a
  // missing object and an apply that changes nothing is not written
  // (https://kubernetes.io/docs/reference/using-api/server-side-apply/).
  it('creates with apply (201), then answers an identical apply with the same resourceVersion (200, no write)', async () => {
    const created = await apply('noop', deployment('noop'), 'deployer');
    expect(created.status).toBe(201);
    expect(created.json.metadata).toMatchObject({ name: 'noop', namespace: 'default', generation: 1 });
    expect(created.json.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.json.metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const again = await apply('noop', deployment('noop'), 'deployer');
    expect(again.status).toBe(200);
    expect(again.json.metadata.resourceVersion).toBe(created.json.metadata.resourceVersion);
  });

  it('fills in the defaults a real server does and owns none of them for the applier', async () => {
    const created = await apply('defaults', deployment('defaults'), 'deployer');
    expect(created.json.spec).toMatchObject({
      replicas: 1,
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
    });
    expect(created.json.spec.template.spec.containers[0]).toMatchObject({
      imagePullPolicy: 'IfNotPresent',
      terminationMessagePath: '/dev/termination-log',
    });
    const owned = JSON.stringify(created.json.metadata.managedFields);
    expect(owned).not.toContain('f:revisionHistoryLimit');
    expect(owned).toContain('f:image');
  });

  it('bumps metadata.generation only when the spec changes', async () => {
    const name = 'generation';
    expect((await apply(name, deployment(name), 'deployer')).json.metadata.generation).toBe(1);
    const labelled = await apply(name, deployment(name, {}, { labels: { team: 'a' } }), 'deployer');
    expect(labelled.json.metadata.generation).toBe(1);
    const annotated = await call(fake, 'PATCH', `${DEPLOYMENTS}/${name}`, {
      body: { metadata: { annotations: { note: 'x' } } },
      contentType: 'application/merge-patch+json',
    });
    expect(annotated.json.metadata.generation).toBe(1);
    const status = await call(fake, 'PATCH', `${DEPLOYMENTS}/${name}/status`, {
      body: { status: { observedGeneration: 1 } },
      contentType: 'application/merge-patch+json',
    });
    expect(status.json.metadata.generation).toBe(1);
    expect(Number(status.json.metadata.resourceVersion)).toBeGreaterThan(
      Number(annotated.json.metadata.resourceVersion),
    );
    const scaled = await apply(name, deployment(name, { replicas: 4 }, { labels: { team: 'a' } }), 'deployer');
    expect(scaled.json.metadata.generation).toBe(2);
    const reimaged = await call(fake, 'PATCH', `${DEPLOYMENTS}/${name}`, {
      body: { spec: { template: { spec: { containers: [{ name: 'app', image: 'registry.example/app:2' }] } } } },
      contentType: 'application/strategic-merge-patch+json',
    });
    expect(reimaged.json.metadata.generation).toBe(3);
  });

  it('ignores status in an apply or update to the main resource, and spec in an update to /status', async () => {
    const name = 'status-split';
    await apply(name, deployment(name), 'deployer');
    const withStatus = await apply(name, { ...deployment(name), status: { replicas: 9 } }, 'deployer');
    expect(withStatus.json.status).toEqual({});
    const statusWrite = await call(fake, 'PATCH', `${DEPLOYMENTS}/${name}/status`, {
      body: { spec: { replicas: 7 }, status: { replicas: 1 } },
      contentType: 'application/merge-patch+json',
    });
    expect(statusWrite.json.spec.replicas).toBe(1);
    expect(statusWrite.json.status.replicas).toBe(1);
  });

  it('refuses a conflicting apply with 409 and a Status naming the field and its manager', async () => {
    const name = 'conflict';
    await apply(name, deployment(name, { replicas: 2 }), 'team-a');
    const reply = await apply(name, deployment(name, { replicas: 3 }), 'team-b');
    expect(reply.status).toBe(409);
    expect(reply.json).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Apply failed with 1 conflict: conflict with "team-a": .spec.replicas',
      reason: 'Conflict',
      details: {
        name,
        group: 'apps',
        kind: 'deployments',
        causes: [{ reason: 'FieldManagerConflict', message: 'conflict with "team-a"', field: '.spec.replicas' }],
      },
      code: 409,
    });
    const two = await apply(name, deployment(name, { replicas: 3, image: 'registry.example/other:1' }), 'team-b');
    expect(two.json.message).toBe(
      'Apply failed with 2 conflicts: conflicts with "team-a":\n- .spec.replicas\n- .spec.template.spec.containers[name="app"].image',
    );
  });

  it('names an Update manager with its API version and time in a conflict', async () => {
    const name = 'conflict-update';
    await apply(name, deployment(name), 'deployer');
    await call(fake, 'PATCH', `${DEPLOYMENTS}/${name}?fieldManager=kubectl-set`, {
      body: { spec: { template: { spec: { containers: [{ name: 'app', image: 'registry.example/hotfix:1' }] } } } },
      contentType: 'application/strategic-merge-patch+json',
    });
    const reply = await apply(name, deployment(name), 'deployer');
    expect(reply.status).toBe(409);
    expect(reply.json.message).toMatch(
      /^Apply failed with 1 conflict: conflict with "kubectl-set" using apps\/v1 at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ: \.spec\.template\.spec\.containers\[name="app"\]\.image$/,
    );
  });

  it('lets force=true take conflicting fields over, leaving the other manager its remaining fields', async () => {
    const name = 'force';
    await apply(name, deployment(name, { replicas: 2 }), 'team-a');
    const forced = await apply(name, deployment(name, { replicas: 5 }), 'team-b', '&force=true');
    expect(forced.status).toBe(200);
    expect(forced.json.spec.replicas).toBe(5);
    const managers = Object.fromEntries(
      (forced.json.metadata.managedFields as { manager: string; fieldsV1: unknown }[]).map((m) => [
        m.manager,
        JSON.stringify(m.fieldsV1),
      ]),
    );
    expect(managers['team-b']).toContain('"f:replicas"');
    expect(managers['team-a']).not.toContain('"f:replicas"');
    expect(managers['team-a']).toContain('"f:image"');
  });

  it('shares fields applied with equal values and removes a field only when its last owner stops applying it', async () => {
    const name = 'shared';
    await apply(name, deployment(name, {}, { labels: { a: '1', shared: 'yes' } }), 'one');
    const second = await apply(name, deployment(name, {}, { labels: { shared: 'yes' } }), 'two');
    expect(second.status).toBe(200);
    const oneDrops = await apply(name, deployment(name, {}, { labels: { a: '1' } }), 'one');
    expect(oneDrops.json.metadata.labels).toEqual({ a: '1', shared: 'yes' });
    const twoDrops = await apply(name, deployment(name), 'two');
    expect(twoDrops.json.metadata.labels).toEqual({ a: '1' });
  });

  it('requires a field manager for apply and rejects a body that does not match the URL', async () => {
    const noManager = await call(fake, 'PATCH', `${DEPLOYMENTS}/x`, { body: deployment('x'), contentType: APPLY });
    expect(noManager.status).toBe(400);
    expect(noManager.json.message).toBe('fieldManager is required for apply requests');
    const wrongName = await apply('y', deployment('x'), 'deployer');
    expect(wrongName.status).toBe(400);
    expect(wrongName.json.message).toBe('the name of the object (x) does not match the name on the URL (y)');
  });

  it('returns the would-be object for dryRun=All without storing it', async () => {
    const dry = await apply('dry', deployment('dry'), 'deployer', '&dryRun=All');
    expect(dry.status).toBe(201);
    expect(dry.json.metadata.name).toBe('dry');
    expect((await call(fake, 'GET', `${DEPLOYMENTS}/dry`)).status).toBe(404);
    await apply('dry', deployment('dry'), 'deployer');
    const before = await call(fake, 'GET', `${DEPLOYMENTS}/dry`);
    const change = await apply('dry', deployment('dry', { replicas: 3 }), 'deployer', '&dryRun=All');
    expect(change.json.spec.replicas).toBe(3);
    expect(change.json.metadata.generation).toBe(2);
    const after = await call(fake, 'GET', `${DEPLOYMENTS}/dry`);
    expect(after.json).toEqual(before.json);
  });

  it('applies JSON patches (what kubectl rollout undo sends) and merge patches', async () => {
    await apply('patched', deployment('patched', {}, { annotations: { keep: 'no' } }), 'deployer');
    const json = await call(fake, 'PATCH', `${DEPLOYMENTS}/patched`, {
      body: [
        { op: 'replace', path: '/metadata/annotations', value: { restored: 'yes' } },
        { op: 'replace', path: '/spec/template/spec/containers/0/image', value: 'registry.example/app:0' },
      ],
      contentType: 'application/json-patch+json',
    });
    expect(json.status).toBe(200);
    expect(json.json.metadata.annotations).toEqual({ restored: 'yes' });
    expect(json.json.spec.template.spec.containers[0].image).toBe('registry.example/app:0');
    const failedTest = await call(fake, 'PATCH', `${DEPLOYMENTS}/patched`, {
      body: [{ op: 'test', path: '/spec/replicas', value: 99 }],
      contentType: 'application/json-patch+json',
    });
    expect(failedTest.status).toBe(422);
    const merge = await call(fake, 'PATCH', `${DEPLOYMENTS}/patched`, {
      body: { metadata: { annotations: { restored: null } } },
      contentType: 'application/merge-patch+json',
    });
    expect(merge.json.metadata.annotations ?? {}).toEqual({});
  });

  it('rejects a PUT carrying a stale resourceVersion with 409 Conflict', async () => {
    const created = await apply('precondition', deployment('precondition'), 'deployer');
    await apply('precondition', deployment('precondition', { replicas: 2 }), 'deployer');
    const stale = await call(fake, 'PUT', `${DEPLOYMENTS}/precondition`, { body: created.json });
    expect(stale.status).toBe(409);
    expect(stale.json).toMatchObject({
      reason: 'Conflict',
      message:
        'Operation cannot be fulfilled on deployments.apps "precondition": the object has been modified; please apply your changes to the latest version and try again',
    });
  });

  it('validates as a real server does: missing namespace 404, duplicate 409, selector mismatch 422', async () => {
    const missingNs = await call(fake, 'POST', '/apis/apps/v1/namespaces/nowhere/deployments', {
      body: deployment('x'),
    });
    expect(missingNs.status).toBe(404);
    expect(missingNs.json.message).toBe('namespaces "nowhere" not found');
    await call(fake, 'POST', DEPLOYMENTS, { body: deployment('twice') });
    const duplicate = await call(fake, 'POST', DEPLOYMENTS, { body: deployment('twice') });
    expect(duplicate.status).toBe(409);
    expect(duplicate.json).toMatchObject({
      reason: 'AlreadyExists',
      message: 'deployments.apps "twice" already exists',
    });
    const mismatched = deployment('mismatch');
    mismatched.spec.selector.matchLabels.app = 'other';
    const invalid = await call(fake, 'POST', DEPLOYMENTS, { body: mismatched });
    expect(invalid.status).toBe(422);
    expect(invalid.json.reason).toBe('Invalid');
    expect(invalid.json.details.causes[0].field).toBe('spec.template.metadata.labels');
  });

  it('lists with label selectors and a resourceVersion that moves with every write, whatever the type', async () => {
    await call(fake, 'POST', '/api/v1/namespaces/default/configmaps', {
      body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'sel-a', labels: { tier: 'web' } } },
    });
    await call(fake, 'POST', '/api/v1/namespaces/default/configmaps', {
      body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'sel-b', labels: { tier: 'db' } } },
    });
    const web = await call(fake, 'GET', '/api/v1/namespaces/default/configmaps?labelSelector=tier%20in%20(web,cache)');
    expect(web.json.kind).toBe('ConfigMapList');
    expect(web.json.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(['sel-a']);
    const deployments = await call(fake, 'GET', DEPLOYMENTS);
    expect(deployments.json.metadata.resourceVersion).toBe(web.json.metadata.resourceVersion);
    await call(fake, 'POST', '/api/v1/namespaces/default/secrets', {
      body: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, stringData: {} },
    });
    const later = await call(fake, 'GET', DEPLOYMENTS);
    expect(Number(later.json.metadata.resourceVersion)).toBeGreaterThan(
      Number(deployments.json.metadata.resourceVersion),
    );
  });

  it('deletes dependents with their owner (background garbage collection)', async () => {
    const owner = await call(fake, 'POST', '/api/v1/namespaces/default/configmaps', {
      body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'owner' } },
    });
    await call(fake, 'POST', '/api/v1/namespaces/default/configmaps', {
      body: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name: 'dependent',
          ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: owner.json.metadata.uid }],
        },
      },
    });
    const deleted = await call(fake, 'DELETE', '/api/v1/namespaces/default/configmaps/owner');
    expect(deleted.json).toMatchObject({
      kind: 'Status',
      status: 'Success',
      details: { name: 'owner', kind: 'configmaps' },
    });
    expect((await call(fake, 'GET', '/api/v1/namespaces/default/configmaps/dependent')).status).toBe(404);
  });
});
