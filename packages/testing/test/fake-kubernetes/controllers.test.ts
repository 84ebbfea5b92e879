/**
 * The controllers, stepped tick by tick with a controlled clock: Deployment revisions and conditions, rolling-update
 * bounds, pod behaviours by image marker, StatefulSet ordering and its forced-rollback rule, DaemonSets, and
 * garbage collection.
 */
import { afterAll, beforeAll, beforeEach, expect, it } from '@jest/globals';
import { describeWithServices, startFakeKubernetes, type FakeKubernetes, type KubeObject } from '@aws-delivery/testing';
import { call, watch } from './http-client.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- objects read back from the fake
type Any = any;

let clock = new Date('2025-06-01T12:00:00Z');
const advance = (seconds: number) => (clock = new Date(clock.getTime() + seconds * 1000));

function deployment(name: string, image: string, spec: Record<string, unknown> = {}) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image }] } },
      ...spec,
    },
  };
}

describeWithServices(['openssl'], 'fake Kubernetes controllers', () => {
  let fake: FakeKubernetes;
  let ns = '';
  let count = 0;
  const tick = (n = 1) => {
    for (let i = 0; i < n; i += 1) {
      advance(1);
      fake.controller.tick();
    }
  };
  const list = (group: string, resource: string): Any[] => fake.listObjects(group, resource, ns);
  const get = (group: string, resource: string, name: string): Any => fake.getObject(group, resource, ns, name);
  const post = async (path: string, body: unknown) => {
    const reply = await call(fake, 'POST', path.replace('NS', ns), { body });
    expect(reply.status).toBe(201);
    return reply.json;
  };
  const setImage = async (kind: string, name: string, image: string, container = 'app') => {
    const reply = await call(fake, 'PATCH', `/apis/apps/v1/namespaces/${ns}/${kind}/${name}`, {
      body: { spec: { template: { spec: { containers: [{ name: container, image }] } } } },
      contentType: 'application/strategic-merge-patch+json',
    });
    expect(reply.status).toBe(200);
  };
  const pod = async (image: string) => {
    const name = `p${(count += 1)}`;
    await post('/api/v1/namespaces/NS/pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name },
      spec: { containers: [{ name: 'c', image }] },
    });
    return () => get('', 'pods', name);
  };

  beforeAll(async () => {
    fake = await startFakeKubernetes({ startControllers: false, now: () => clock });
  });
  afterAll(async () => {
    const problems = { errors: fake?.controller.errors, lastError: fake?.controller.lastError };
    await fake?.stop();
    expect(problems).toEqual({ errors: [], lastError: undefined });
  });
  beforeEach(async () => {
    ns = `c${(count += 1)}`;
    await post('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    fake.controller.clearImageBehaviours();
  });

  it('creates a ReplicaSet per template with hash label, revision and controller reference, then completes the rollout', async () => {
    const path = `/apis/apps/v1/namespaces/${ns}/deployments`;
    const stream = await watch(
      fake,
      `${path}?watch=1&resourceVersion=${(await call(fake, 'GET', path)).json.metadata.resourceVersion}`,
    );
    const d = await post('/apis/apps/v1/namespaces/NS/deployments', deployment('web', 'registry.example/web:1'));
    tick();
    const [rs] = list('apps', 'replicasets');
    const hash = rs.metadata.labels['pod-template-hash'];
    expect(rs.metadata.name).toBe(`web-${hash}`);
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
    expect(rs.spec.selector.matchLabels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs.spec.template.metadata.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs.metadata.annotations).toMatchObject({
      'deployment.kubernetes.io/revision': '1',
      'deployment.kubernetes.io/desired-replicas': '3',
      'deployment.kubernetes.io/max-replicas': '4',
    });
    expect(rs.metadata.ownerReferences).toEqual([
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: 'web',
        uid: d.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    tick(3);
    const done = get('apps', 'deployments', 'web');
    expect(done.metadata.annotations['deployment.kubernetes.io/revision']).toBe('1');
    expect(done.status).toMatchObject({
      observedGeneration: 1,
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
    });
    expect(done.status.unavailableReplicas).toBeUndefined();
    expect(done.status.conditions.map((c: Any) => [c.type, c.status, c.reason])).toEqual([
      ['Available', 'True', 'MinimumReplicasAvailable'],
      ['Progressing', 'True', 'NewReplicaSetAvailable'],
    ]);
    expect(fake.controller.timeline.filter((e) => e.namespace === ns).map((e) => e.event)).toContain('RolloutComplete');
    await new Promise((r) => setTimeout(r, 50));
    stream.close();
    const reasons = stream.events
      .map((e) => e.object.status?.conditions?.find((c: Any) => c.type === 'Progressing'))
      .filter(Boolean)
      .map((c: Any) => `${c.reason}: ${c.message}`);
    expect([...new Set(reasons)]).toEqual([
      `NewReplicaSetCreated: Created new replica set "web-${hash}"`,
      `ReplicaSetUpdated: ReplicaSet "web-${hash}" is progressing.`,
      `NewReplicaSetAvailable: ReplicaSet "web-${hash}" has successfully progressed.`,
    ]);
  });

  it('keeps a rolling update within maxSurge and maxUnavailable', async () => {
    await post(
      '/apis/apps/v1/namespaces/NS/deployments',
      deployment('bounded', 'registry.example/b:1', {
        replicas: 4,
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      }),
    );
    tick(4);
    expect(get('apps', 'deployments', 'bounded').status.availableReplicas).toBe(4);
    await setImage('deployments', 'bounded', 'registry.example/b:2');
    const seen: [number, number][] = [];
    for (let i = 0; i < 30; i += 1) {
      tick();
      const pods = list('', 'pods');
      const ready = pods.filter((p) =>
        p.status?.conditions?.some((c: Any) => c.type === 'Ready' && c.status === 'True'),
      );
      seen.push([pods.length, ready.length]);
    }
    expect(Math.max(...seen.map(([total]) => total))).toBe(5);
    expect(Math.min(...seen.map(([, ready]) => ready))).toBe(4);
    const done = get('apps', 'deployments', 'bounded');
    expect(done.status).toMatchObject({ updatedReplicas: 4, replicas: 4, availableReplicas: 4 });
    expect(list('', 'pods').every((p) => p.spec.containers[0].image === 'registry.example/b:2')).toBe(true);
  });

  it('marks ProgressDeadlineExceeded once progressDeadlineSeconds pass without progress, and not before', async () => {
    await post(
      '/apis/apps/v1/namespaces/NS/deployments',
      deployment('late', 'registry.example/never-ready:1', { progressDeadlineSeconds: 30 }),
    );
    tick(5);
    const progressing = () =>
      get('apps', 'deployments', 'late').status.conditions.find((c: Any) => c.type === 'Progressing');
    expect(progressing()).toMatchObject({ status: 'True' });
    advance(20);
    tick();
    expect(progressing()).toMatchObject({ status: 'True' });
    advance(10);
    tick();
    expect(progressing()).toMatchObject({
      status: 'False',
      reason: 'ProgressDeadlineExceeded',
      message: expect.stringMatching(/^ReplicaSet "late-\w+" has timed out progressing\.$/),
    });
    expect(fake.controller.timeline.filter((e) => e.namespace === ns).map((e) => e.event)).toContain(
      'ProgressDeadlineExceeded',
    );
  });

  it('reuses the ReplicaSet of an earlier template with the next revision, and keeps revisionHistoryLimit old ones', async () => {
    await post(
      '/apis/apps/v1/namespaces/NS/deployments',
      deployment('hist', 'registry.example/h:1', { replicas: 1, revisionHistoryLimit: 1 }),
    );
    tick(4);
    for (const image of ['registry.example/h:2', 'registry.example/h:3', 'registry.example/h:2']) {
      await setImage('deployments', 'hist', image);
      tick(8);
    }
    const replicaSets = list('apps', 'replicasets').map((rs) => [
      rs.spec.template.spec.containers[0].image,
      rs.metadata.annotations['deployment.kubernetes.io/revision'],
      rs.metadata.annotations['deployment.kubernetes.io/revision-history'],
      rs.spec.replicas,
    ]);
    expect(replicaSets.sort()).toEqual([
      ['registry.example/h:2', '4', '2', 1],
      ['registry.example/h:3', '3', undefined, 0],
    ]);
    expect(get('apps', 'deployments', 'hist').status.conditions.find((c: Any) => c.type === 'Progressing').reason).toBe(
      'NewReplicaSetAvailable',
    );
  });

  it('scales the old ReplicaSet to zero before the new one up with the Recreate strategy', async () => {
    await post(
      '/apis/apps/v1/namespaces/NS/deployments',
      deployment('re', 'registry.example/r:1', { replicas: 2, strategy: { type: 'Recreate' } }),
    );
    tick(4);
    await setImage('deployments', 're', 'registry.example/r:2');
    for (let i = 0; i < 10; i += 1) {
      tick();
      const images = new Set(list('', 'pods').map((p) => p.spec.containers[0].image));
      expect(images.size).toBeLessThanOrEqual(1);
    }
    expect(list('', 'pods').map((p) => p.spec.containers[0].image)).toEqual([
      'registry.example/r:2',
      'registry.example/r:2',
    ]);
  });

  it('moves a good pod through ContainerCreating to Running and Ready on a node', async () => {
    const read = await pod('registry.example/fine:1');
    tick();
    expect(read()).toMatchObject({
      spec: { nodeName: expect.stringMatching(/^node-\d$/) },
      status: { phase: 'Pending', containerStatuses: [{ state: { waiting: { reason: 'ContainerCreating' } } }] },
    });
    tick();
    const running = read();
    expect(running.status).toMatchObject({
      phase: 'Running',
      podIP: expect.stringMatching(/^10\.244\./),
      containerStatuses: [{ ready: true, restartCount: 0, state: { running: {} } }],
    });
    expect(running.status.conditions.find((c: Any) => c.type === 'Ready').status).toBe('True');
  });

  it.each(['imagepull-fail', 'does-not-exist'])(
    'reports ErrImagePull then ImagePullBackOff for an image marked %s',
    async (marker) => {
      const read = await pod(`registry.example/${marker}:1`);
      tick(2);
      expect(read().status).toMatchObject({
        phase: 'Pending',
        containerStatuses: [{ ready: false, state: { waiting: { reason: 'ErrImagePull' } } }],
      });
      tick();
      expect(read().status.containerStatuses[0].state.waiting).toEqual({
        reason: 'ImagePullBackOff',
        message: `Back-off pulling image "registry.example/${marker}:1"`,
      });
    },
  );

  it('crash-loops an image marked crashloop, restart count rising, last state terminated with an error', async () => {
    const read = await pod('registry.example/crashloop:1');
    tick(2);
    const first = read().status.containerStatuses[0];
    tick(4);
    const later = read().status.containerStatuses[0];
    expect(read().status.phase).toBe('Running');
    expect(later.state.waiting.reason).toBe('CrashLoopBackOff');
    expect(later.lastState.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(later.restartCount).toBeGreaterThan(first.restartCount);
  });

  it('reports OOMKilled as the last state of an image marked oom', async () => {
    const read = await pod('registry.example/oom:1');
    tick(3);
    expect(read().status.containerStatuses[0]).toMatchObject({
      state: { waiting: { reason: 'CrashLoopBackOff' } },
      lastState: { terminated: { reason: 'OOMKilled', exitCode: 137 } },
    });
  });

  it('keeps an image marked never-ready running but not ready', async () => {
    const read = await pod('registry.example/never-ready:1');
    tick(5);
    expect(read().status).toMatchObject({
      phase: 'Running',
      containerStatuses: [{ ready: false, state: { running: {} } }],
    });
    expect(read().status.conditions.find((c: Any) => c.type === 'Ready')).toMatchObject({
      status: 'False',
      reason: 'ContainersNotReady',
    });
  });

  it('leaves an image marked unschedulable Pending with PodScheduled=False, and honours setImageBehaviour', async () => {
    const read = await pod('registry.example/unschedulable:1');
    tick(3);
    expect(read().spec.nodeName).toBeUndefined();
    expect(read().status).toMatchObject({
      phase: 'Pending',
      conditions: [
        {
          type: 'PodScheduled',
          status: 'False',
          reason: 'Unschedulable',
          message: expect.stringMatching(/^0\/3 nodes are available/),
        },
      ],
    });
    fake.controller.setImageBehaviour('registry.example/plain:1', 'crashloop');
    const overridden = await pod('registry.example/plain:1');
    tick(2);
    expect(overridden().status.containerStatuses[0].state.waiting.reason).toBe('CrashLoopBackOff');
  });

  it('creates StatefulSet pods in order and, as in the docs’ forced rollback, stays stuck on a broken pod until it is deleted', async () => {
    await post('/apis/apps/v1/namespaces/NS/statefulsets', {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db' },
      spec: {
        replicas: 3,
        serviceName: 'db',
        selector: { matchLabels: { app: 'db' } },
        template: {
          metadata: { labels: { app: 'db' } },
          spec: { containers: [{ name: 'app', image: 'registry.example/db:1' }] },
        },
      },
    });
    tick();
    expect(list('', 'pods').map((p) => p.metadata.name)).toEqual(['db-0']);
    tick(10);
    const initial = get('apps', 'statefulsets', 'db');
    expect(initial.status).toMatchObject({ replicas: 3, readyReplicas: 3, updatedReplicas: 3, currentReplicas: 3 });
    expect(initial.status.currentRevision).toBe(initial.status.updateRevision);
    const good = initial.status.currentRevision;

    await setImage('statefulsets', 'db', 'registry.example/crashloop:2');
    tick(10);
    const broken = get('apps', 'statefulsets', 'db');
    expect(broken.status.updateRevision).not.toBe(good);
    expect(get('', 'pods', 'db-2').spec.containers[0].image).toBe('registry.example/crashloop:2');
    expect(get('', 'pods', 'db-1').spec.containers[0].image).toBe('registry.example/db:1');

    await setImage('statefulsets', 'db', 'registry.example/db:1');
    tick(10);
    const rolledBack = get('apps', 'statefulsets', 'db');
    expect(rolledBack.status.updateRevision).toBe(good);
    expect(get('', 'pods', 'db-2').spec.containers[0].image).toBe('registry.example/crashloop:2');
    const revisions = list('apps', 'controllerrevisions').map((r) => [r.metadata.name, r.revision]);
    expect(revisions).toContainEqual([good, 3]);

    await call(fake, 'DELETE', `/api/v1/namespaces/${ns}/pods/db-2`);
    tick(5);
    const healed = get('apps', 'statefulsets', 'db');
    expect(healed.status).toMatchObject({
      readyReplicas: 3,
      updatedReplicas: 3,
      currentRevision: good,
      updateRevision: good,
    });
  });

  it('runs one DaemonSet pod on every node and reports the counts kubectl reads', async () => {
    await post('/apis/apps/v1/namespaces/NS/daemonsets', {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent' },
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        template: {
          metadata: { labels: { app: 'agent' } },
          spec: { containers: [{ name: 'app', image: 'registry.example/agent:1' }] },
        },
      },
    });
    tick(3);
    expect(
      list('', 'pods')
        .map((p) => p.spec.nodeName)
        .sort(),
    ).toEqual(['node-1', 'node-2', 'node-3']);
    expect(get('apps', 'daemonsets', 'agent').status).toEqual({
      currentNumberScheduled: 3,
      numberMisscheduled: 0,
      desiredNumberScheduled: 3,
      numberReady: 3,
      observedGeneration: 1,
      updatedNumberScheduled: 3,
      numberAvailable: 3,
    });
    await setImage('daemonsets', 'agent', 'registry.example/agent:2');
    tick(12);
    expect(list('', 'pods').map((p) => p.spec.containers[0].image)).toEqual(Array(3).fill('registry.example/agent:2'));
    expect(get('apps', 'daemonsets', 'agent').status).toMatchObject({
      observedGeneration: 2,
      updatedNumberScheduled: 3,
      numberAvailable: 3,
    });
  });

  it('adopts the orphaned ReplicaSet of a Deployment deleted with propagationPolicy=Orphan when it is recreated', async () => {
    const body = deployment('adopt', 'registry.example/a:1', { replicas: 1 });
    await post('/apis/apps/v1/namespaces/NS/deployments', body);
    tick(3);
    const [before] = list('apps', 'replicasets');
    await call(fake, 'DELETE', `/apis/apps/v1/namespaces/${ns}/deployments/adopt?propagationPolicy=Orphan`);
    expect(list('apps', 'replicasets')).toHaveLength(1);
    const recreated = await post('/apis/apps/v1/namespaces/NS/deployments', body);
    tick(3);
    const replicaSets = list('apps', 'replicasets');
    expect(replicaSets.map((rs) => rs.metadata.name)).toEqual([before.metadata.name]);
    expect(replicaSets[0].metadata.ownerReferences.map((r: Any) => r.uid)).toContain(recreated.metadata.uid);
    expect(get('apps', 'deployments', 'adopt').status).toMatchObject({ availableReplicas: 1, updatedReplicas: 1 });
  });

  it('deletes a Deployment’s ReplicaSets and pods with it', async () => {
    await post('/apis/apps/v1/namespaces/NS/deployments', deployment('gone', 'registry.example/g:1', { replicas: 2 }));
    tick(3);
    expect(list('', 'pods')).toHaveLength(2);
    await call(fake, 'DELETE', `/apis/apps/v1/namespaces/${ns}/deployments/gone`);
    const remaining: KubeObject[] = [...list('apps', 'replicasets'), ...list('', 'pods')];
    expect(remaining).toEqual([]);
  });
});
