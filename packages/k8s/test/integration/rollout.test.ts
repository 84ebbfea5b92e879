// Rollout watching and rollback against the fake API server's controllers (Deployment/ReplicaSet revisions,
// ControllerRevisions, pod behaviours keyed by image markers).
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { describeWithServices, startFakeKubernetes, type FakeKubernetes } from '@aws-delivery/testing';
import { KubeClient } from '../../src/kube-client.js';
import { Discovery } from '../../src/discovery.js';
import { applyObject } from '../../src/apply.js';
import { waitForRollout } from '../../src/rollout-wait.js';
import { deletePodsBlockingRollback, findPreviousRevision, rollbackManifest } from '../../src/rollback.js';
import type { KubeObject } from '../../src/objects.js';
import { daemonSet, deployment, imageOf, namespaceObject, statefulSet } from './helpers.js';

describeWithServices(['openssl'], 'rollout status and rollback against the fake API server', () => {
  let fake: FakeKubernetes;
  let client: KubeClient;
  let discovery: Discovery;
  let n = 0;

  beforeAll(async () => {
    fake = await startFakeKubernetes({ tickMs: 20 });
    client = new KubeClient({ server: fake.url, caPem: fake.caPem, token: async () => fake.token });
    discovery = new Discovery(client);
  });
  afterAll(async () => {
    client?.close();
    await fake?.stop();
  });

  async function freshNamespace(): Promise<string> {
    const name = `r${++n}`;
    await applyObject(client, await discovery.require('v1', 'Namespace'), namespaceObject(name), {
      fieldManager: 'eks-deploy',
    });
    return name;
  }

  async function apply(object: KubeObject, force = false): Promise<KubeObject> {
    const info = await discovery.require(object.apiVersion, object.kind);
    return (await applyObject(client, info, object, { fieldManager: 'eks-deploy', force })).object;
  }

  const wait = (object: KubeObject, podErrorGraceMs = 0, timeoutMs = 20_000) =>
    waitForRollout(
      client,
      {
        kind: object.kind,
        namespace: object.metadata.namespace ?? '',
        name: object.metadata.name ?? '',
        selector: (object.spec as { selector: unknown }).selector,
      },
      { timeoutMs, podErrorGraceMs },
    );

  it('a good Deployment completes, judged as kubectl judges it, with a timeline', async () => {
    const ns = await freshNamespace();
    fake.controller.pause();
    const applied = await apply(deployment('web', ns, 'app:1', { replicas: 3 }));
    const waiting = wait(applied);
    setTimeout(() => fake.controller.resume(), 200);
    const result = await waiting;
    expect(result).toMatchObject({
      ok: true,
      outcome: 'complete',
      message: 'deployment "web" successfully rolled out',
      revision: 1,
    });
    expect(result.timeline.at(-1)?.message).toBe('deployment "web" successfully rolled out');
    expect(result.timeline[0]?.message).toBe('Waiting for deployment spec update to be observed...');
    expect(result.timeline.map((e) => e.at)).toEqual([...result.timeline.map((e) => e.at)].sort((a, b) => a - b));
    const live = fake.getObject('apps', 'deployments', ns, 'web');
    expect(live?.status).toMatchObject({ replicas: 3, updatedReplicas: 3, availableReplicas: 3 });
  });

  /** The GET requests made since `before`, once every watch has closed (a watch is recorded when it ends). */
  async function getsSince(before: number) {
    while (fake.openWatches > 0) await new Promise((resolve) => setTimeout(resolve, 10));
    return fake.requests.slice(before).filter((r) => r.method === 'GET');
  }
  const isWatch = (r: { query: string }) => new URLSearchParams(r.query).get('watch') === '1';

  it('opens one watch per rollout, as kubectl rollout status does: the workload, never its pods or ReplicaSets', async () => {
    const ns = await freshNamespace();
    // Paused, so that the rollout is still going when it is first read and the watch has something to wait for.
    fake.controller.pause();
    const before = fake.requests.length;
    const waiting = wait(await apply(deployment('web', ns, 'app:1', { replicas: 3 })));
    setTimeout(() => fake.controller.resume(), 200);
    const result = await waiting;
    expect(result.ok).toBe(true);
    const watches = (await getsSince(before)).filter(isWatch);
    expect(watches.map((r) => r.path)).toEqual([`/apis/apps/v1/namespaces/${ns}/deployments`]);
  });

  it('finishes a rollout whose watch delivers no event (a proxy holding streamed answers back) at its next read', async () => {
    const ns = await freshNamespace();
    fake.silenceWatches(true);
    // Paused, so that the watch's first list shows the rollout still going, however slow this machine is.
    fake.controller.pause();
    try {
      const before = fake.requests.length;
      const started = Date.now();
      // A timeout far beyond the reads (the first after 1 s, then every second with no grace): only they can end it.
      const waiting = wait(await apply(deployment('web', ns, 'app:1', { replicas: 3 })), 0, 15_000);
      setTimeout(() => fake.controller.resume(), 200);
      const result = await waiting;
      expect(result).toMatchObject({ ok: true, outcome: 'complete', revision: 1 });
      expect(result.message).toBe('deployment "web" successfully rolled out');
      expect(Date.now() - started).toBeLessThan(10_000);
      const requests = await getsSince(before);
      expect(requests.filter(isWatch).map((r) => r.path)).toEqual([`/apis/apps/v1/namespaces/${ns}/deployments`]);
      expect(requests.map((r) => r.path)).toContain(`/apis/apps/v1/namespaces/${ns}/deployments/web`);
    } finally {
      fake.controller.resume();
      fake.silenceWatches(false);
    }
  });

  it('reads the pods of a rollout that is still going, and fails on their problems with one watch open', async () => {
    const ns = await freshNamespace();
    await wait(await apply(deployment('web', ns, 'app:1')));
    const before = fake.requests.length;
    const result = await wait(await apply(deployment('web', ns, 'app:crashloop')), 0);
    expect(result).toMatchObject({ ok: false, outcome: 'pod-errors' });
    const requests = await getsSince(before);
    const watched = requests.filter(isWatch).map((r) => r.path);
    expect(watched).toEqual([`/apis/apps/v1/namespaces/${ns}/deployments`]);
    expect(requests.map((r) => r.path)).toEqual(
      expect.arrayContaining([`/api/v1/namespaces/${ns}/pods`, `/apis/apps/v1/namespaces/${ns}/replicasets`]),
    );
  });

  it.each([
    ['imagepull-fail', ['ErrImagePull', 'ImagePullBackOff']],
    ['crashloop', ['CrashLoopBackOff']],
    ['oom', ['OOMKilled']],
  ])('a %s image fails fast with the pod-level cause and the affected pods', async (marker, reasons) => {
    const ns = await freshNamespace();
    await wait(await apply(deployment('web', ns, 'app:1')));
    const result = await wait(await apply(deployment('web', ns, `app:${marker}`)), 0);
    expect(result.ok).toBe(false);
    expect(result.outcome).toBe('pod-errors');
    expect(reasons).toContain(result.problems[0]?.reason);
    expect(result.message).toMatch(new RegExp(`(${reasons.join('|')}) on web-[a-z0-9]+-[a-z0-9]+ \\(app`));
    expect(result.revision).toBe(2);
  });

  it('ProgressDeadlineExceeded fails at once, even when pod errors are tolerated', async () => {
    const ns = await freshNamespace();
    const applied = await apply(deployment('slow', ns, 'app:never-ready', { progressDeadlineSeconds: 1 }));
    const started = Date.now();
    const result = await wait(applied, -1, 30_000);
    expect(result).toMatchObject({ ok: false, outcome: 'progress-deadline' });
    expect(result.message).toBe('deployment "slow" exceeded its progress deadline');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('an unschedulable pod does not fail fast; the timeout reports it', async () => {
    const ns = await freshNamespace();
    const result = await wait(await apply(deployment('big', ns, 'app:unschedulable', { replicas: 1 })), 0, 1500);
    expect(result.outcome).toBe('timeout');
    expect(result.message).toMatch(/^timed out after 2 s: .*Unschedulable on big-/);
  });

  it('rolls a failed Deployment back to the previous ReplicaSet template and waits for it', async () => {
    const ns = await freshNamespace();
    const good = deployment('web', ns, 'registry.local:5000/app:1');
    await wait(await apply(good));
    const bad = deployment('web', ns, 'registry.local:5000/app:imagepull-fail');
    const failed = await wait(await apply(bad), 0);
    expect(failed.ok).toBe(false);
    const previous = await findPreviousRevision(client, failed.workload!);
    expect(previous).toMatchObject({ revision: 1, failedRevision: 2 });
    expect(previous?.source).toMatch(/^ReplicaSet\/web-/);
    expect(previous?.template.metadata?.labels).toEqual({ app: 'web' });
    const restored = await apply(rollbackManifest(bad, previous!), true);
    expect(imageOf(restored)).toBe('registry.local:5000/app:1');
    const result = await wait(restored);
    expect(result).toMatchObject({ ok: true, revision: 3 });
    const sets = fake.listObjects('apps', 'replicasets', ns);
    expect(
      sets
        .map((rs) => [
          imageOf(rs),
          rs.metadata.annotations?.['deployment.kubernetes.io/revision'],
          (rs.spec as { replicas: number }).replicas,
        ])
        .sort(),
    ).toEqual([
      ['registry.local:5000/app:1', '3', 2],
      ['registry.local:5000/app:imagepull-fail', '2', 0],
    ]);
    // Field ownership stayed ours: the next deploy applies without force.
    expect(imageOf(await apply(deployment('web', ns, 'registry.local:5000/app:2')))).toBe('registry.local:5000/app:2');
  });

  it('fails at once, not at the timeout, when the watch is forbidden', async () => {
    const anonymous = new KubeClient({ server: fake.url, caPem: fake.caPem });
    const started = Date.now();
    const error = await waitForRollout(
      anonymous,
      { kind: 'Deployment', namespace: 'default', name: 'x', selector: { matchLabels: { app: 'x' } } },
      { timeoutMs: 20_000, podErrorGraceMs: 0 },
    ).catch((e: unknown) => e);
    anonymous.close();
    expect((error as Error).message).toMatch(/HTTP 403 Forbidden/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('finds no previous revision for a first deploy', async () => {
    const ns = await freshNamespace();
    const failed = await wait(await apply(deployment('new', ns, 'app:crashloop')), 0);
    expect(await findPreviousRevision(client, failed.workload!)).toBeUndefined();
  });

  it('rolls a StatefulSet back to the previous ControllerRevision', async () => {
    const ns = await freshNamespace();
    expect((await wait(await apply(statefulSet('db', ns, 'db:1')))).ok).toBe(true);
    const bad = statefulSet('db', ns, 'db:crashloop');
    const failed = await wait(await apply(bad), 0);
    expect(failed).toMatchObject({ ok: false, outcome: 'pod-errors' });
    const previous = await findPreviousRevision(client, failed.workload!);
    expect(previous).toMatchObject({ revision: 1, failedRevision: 2 });
    expect(previous?.source).toMatch(/^ControllerRevision\/db-/);
    const restored = await apply(rollbackManifest(bad, previous!), true);
    // The forced rollback of the Kubernetes docs: the broken pod blocks OrderedReady until deleted.
    expect(await deletePodsBlockingRollback(client, failed.workload!, previous!)).toEqual(['db-1']);
    const result = await wait(restored, 0);
    expect(result.ok).toBe(true);
    expect(imageOf(fake.getObject('apps', 'statefulsets', ns, 'db'))).toBe('db:1');
    expect(fake.listObjects('', 'pods', ns).map((p) => p.metadata.labels?.['controller-revision-hash'])).toEqual([
      previous!.source.split('/')[1],
      previous!.source.split('/')[1],
    ]);
  });

  it('rolls a DaemonSet back to the previous ControllerRevision', async () => {
    const ns = await freshNamespace();
    expect((await wait(await apply(daemonSet('agent', ns, 'agent:1')))).ok).toBe(true);
    const bad = daemonSet('agent', ns, 'agent:imagepull-fail');
    const failed = await wait(await apply(bad), 0);
    expect(failed.ok).toBe(false);
    const previous = await findPreviousRevision(client, failed.workload!);
    expect(previous).toMatchObject({ revision: 1, failedRevision: 2 });
    const result = await wait(await apply(rollbackManifest(bad, previous!), true), 0);
    expect(result).toMatchObject({ ok: true, message: 'daemon set "agent" successfully rolled out' });
  });
});
