/**
 * How many requests an apply sends, counted by the fake API server: one PATCH per object (as
 * `kubectl apply --server-side` sends) plus one LIST per resource and namespace of the apply set — no GET before
 * each write.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { describeWithServices, startFakeKubernetes, type FakeKubernetes } from '@aws-delivery/testing';
import { KubeClient } from '../../src/kube-client.js';
import { Discovery } from '../../src/discovery.js';
import { applyPlan } from '../../src/apply.js';
import { planApply } from '../../src/apply-plan.js';
import { configMap, manifests, namespaceObject } from './helpers.js';

describeWithServices(['openssl'], 'apply request count against the fake API server', () => {
  let fake: FakeKubernetes;
  let client: KubeClient;
  let discovery: Discovery;

  beforeAll(async () => {
    fake = await startFakeKubernetes({ startControllers: false });
    client = new KubeClient({ server: fake.url, caPem: fake.caPem, token: () => Promise.resolve(fake.token) });
    discovery = new Discovery(client);
  });
  afterAll(async () => {
    client?.close();
    await fake?.stop();
  });

  const objects = manifests(
    namespaceObject('count'),
    ...Array.from({ length: 199 }, (_, i) => configMap(`cfg-${i}`, 'count', { index: String(i) })),
  );

  async function applyAndCount(): Promise<{ methods: Record<string, number>; outcomes: Record<string, number> }> {
    const plan = planApply(objects, {
      namespace: 'count',
      isNamespaced: (_v, kind) => kind !== 'Namespace',
      managedBy: 'eks-deploy',
      applySet: 'count',
    });
    const start = fake.requests.length;
    const applied = await applyPlan(client, discovery, plan, { fieldManager: 'eks-deploy' });
    const methods: Record<string, number> = {};
    for (const request of fake.requests.slice(start)) {
      const key = `${request.method} ${request.path.startsWith('/api/v1/namespaces/count/configmaps/') ? 'configmap' : request.path}`;
      methods[key] = (methods[key] ?? 0) + 1;
    }
    const outcomes: Record<string, number> = {};
    for (const result of applied) outcomes[result.outcome] = (outcomes[result.outcome] ?? 0) + 1;
    return { methods, outcomes };
  }

  it('creates 200 objects with 200 PATCHes, and finds them unchanged with 200 more', async () => {
    const created = await applyAndCount();
    expect(created.outcomes).toEqual({ created: 200 });
    expect(created.methods).toEqual({
      'GET /api/v1': 1,
      'GET /api/v1/namespaces': 1,
      'GET /api/v1/namespaces/count/configmaps': 1,
      'PATCH /api/v1/namespaces/count': 1,
      'PATCH configmap': 199,
    });
    const again = await applyAndCount();
    expect(again.outcomes).toEqual({ unchanged: 200 });
    expect(again.methods).toEqual({
      'GET /api/v1/namespaces': 1,
      'GET /api/v1/namespaces/count/configmaps': 1,
      'PATCH /api/v1/namespaces/count': 1,
      'PATCH configmap': 199,
    });
  });
});
