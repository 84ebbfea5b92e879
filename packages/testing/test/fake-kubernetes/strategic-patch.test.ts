/** Strategic merge patch over HTTP, with the directives kubectl's client-side patches carry. */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { describeWithServices, startFakeKubernetes, type FakeKubernetes } from '@aws-delivery/testing';
import { call } from './http-client.js';

const SMP = 'application/strategic-merge-patch+json';
const PATH = '/apis/apps/v1/namespaces/default/deployments';

describeWithServices(['openssl'], 'fake Kubernetes strategic merge patch', () => {
  let fake: FakeKubernetes;
  let count = 0;
  const create = async () => {
    const name = `smp${(count += 1)}`;
    const reply = await call(fake, 'POST', PATH, {
      body: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name, finalizers: ['example.com/a', 'example.com/b'] },
        spec: {
          selector: { matchLabels: { app: name } },
          template: {
            metadata: { labels: { app: name } },
            spec: {
              containers: [
                {
                  name: 'app',
                  image: 'registry.example/app:1',
                  env: [
                    { name: 'A', value: '1' },
                    { name: 'B', value: '2' },
                  ],
                  ports: [{ containerPort: 80 }],
                },
                { name: 'sidecar', image: 'registry.example/sidecar:1' },
              ],
            },
          },
        },
      },
    });
    expect(reply.status).toBe(201);
    return name;
  };
  const patch = async (name: string, body: unknown) => {
    const reply = await call(fake, 'PATCH', `${PATH}/${name}`, { body, contentType: SMP });
    expect(reply.status).toBe(200);
    return reply.json;
  };

  beforeAll(async () => {
    fake = await startFakeKubernetes({ startControllers: false });
  });
  afterAll(async () => {
    await fake?.stop();
  });

  it('merges containers, env and ports by their keys and honours $setElementOrder (kubectl set image)', async () => {
    const name = await create();
    const result = await patch(name, {
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'app' }],
            containers: [
              {
                name: 'app',
                image: 'registry.example/app:2',
                env: [{ name: 'B', value: 'changed' }],
                ports: [{ containerPort: 80, name: 'http' }],
              },
            ],
          },
        },
      },
    });
    const containers = result.spec.template.spec.containers;
    expect(containers.map((c: { name: string; image: string }) => `${c.name}=${c.image}`)).toEqual([
      'sidecar=registry.example/sidecar:1',
      'app=registry.example/app:2',
    ]);
    expect(containers[1].env).toEqual([
      { name: 'A', value: '1' },
      { name: 'B', value: 'changed' },
    ]);
    expect(containers[1].ports).toEqual([{ containerPort: 80, protocol: 'TCP', name: 'http' }]);
  });

  it('deletes a keyed list item with $patch: delete and a field with null', async () => {
    const name = await create();
    const result = await patch(name, {
      spec: {
        template: {
          spec: {
            containers: [
              { name: 'sidecar', $patch: 'delete' },
              { name: 'app', env: null },
            ],
          },
        },
      },
    });
    expect(result.spec.template.spec.containers).toHaveLength(1);
    expect(result.spec.template.spec.containers[0].env).toBeUndefined();
  });

  it('replaces a whole map with $patch: replace (the patch kubectl rollout undo sends for StatefulSets and DaemonSets)', async () => {
    const name = await create();
    const result = await patch(name, {
      spec: {
        template: {
          $patch: 'replace',
          metadata: { labels: { app: name } },
          spec: { containers: [{ name: 'only', image: 'registry.example/only:1' }] },
        },
      },
    });
    expect(result.spec.template.spec.containers.map((c: { name: string }) => c.name)).toEqual(['only']);
    expect(result.spec.template.spec.restartPolicy).toBe('Always');
  });

  it('keeps only $retainKeys when switching strategy type, and removes values with $deleteFromPrimitiveList', async () => {
    const name = await create();
    const result = await patch(name, {
      metadata: { '$deleteFromPrimitiveList/finalizers': ['example.com/a'] },
      spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } },
    });
    expect(result.spec.strategy).toEqual({ type: 'Recreate' });
    expect(result.metadata.finalizers).toEqual(['example.com/b']);
  });

  it('answers 415 for a patch type it does not know', async () => {
    const name = await create();
    const reply = await call(fake, 'PATCH', `${PATH}/${name}`, {
      body: {},
      contentType: 'application/vnd.kubernetes.protobuf',
    });
    expect(reply.status).toBe(415);
    expect(reply.json.reason).toBe('UnsupportedMediaType');
  });
});
