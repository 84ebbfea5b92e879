// Cases mirror kubectl's polymorphichelpers rollout status tests (Deployment, DaemonSet, StatefulSet), plus the
// progress deadline, OnDelete strategies and unset replicas.
import { describe, expect, it } from '@jest/globals';
import { rolloutStatus } from '../src/rollout-status.js';
import { describePodProblems, newRevisionPods, podProblems } from '../src/pod-problems.js';
import type { KubeObject } from '../src/objects.js';

function deployment(generation: number, specReplicas: number | undefined, status: Record<string, unknown>): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'foo', namespace: 'bar', generation },
    spec: specReplicas === undefined ? {} : { replicas: specReplicas },
    status,
  };
}

describe('rolloutStatus: Deployment', () => {
  it.each([
    [
      0,
      1,
      { observedGeneration: 1, replicas: 1, updatedReplicas: 0, availableReplicas: 1 },
      'Waiting for deployment "foo" rollout to finish: 0 out of 1 new replicas have been updated...',
      false,
    ],
    [
      1,
      1,
      { observedGeneration: 1, replicas: 2, updatedReplicas: 1, availableReplicas: 2 },
      'Waiting for deployment "foo" rollout to finish: 1 old replicas are pending termination...',
      false,
    ],
    [
      1,
      2,
      { observedGeneration: 1, replicas: 2, updatedReplicas: 2, availableReplicas: 1 },
      'Waiting for deployment "foo" rollout to finish: 1 of 2 updated replicas are available...',
      false,
    ],
    [
      1,
      2,
      { observedGeneration: 1, replicas: 2, updatedReplicas: 2, availableReplicas: 2 },
      'deployment "foo" successfully rolled out',
      true,
    ],
    [
      2,
      2,
      { observedGeneration: 1, replicas: 2, updatedReplicas: 2, availableReplicas: 2 },
      'Waiting for deployment spec update to be observed...',
      false,
    ],
    // Without spec.replicas kubectl skips the updated-replicas check.
    [
      1,
      undefined,
      { observedGeneration: 1, replicas: 1, updatedReplicas: 1, availableReplicas: 1 },
      'deployment "foo" successfully rolled out',
      true,
    ],
    // A fresh object has no status at all yet.
    [1, 3, {}, 'Waiting for deployment spec update to be observed...', false],
  ])('generation %i, replicas %s, %j', (generation, replicas, status, message, done) => {
    expect(rolloutStatus(deployment(generation, replicas, status))).toEqual({ done, message });
  });

  it('fails at once when the progress deadline is exceeded', () => {
    const status = {
      observedGeneration: 3,
      replicas: 3,
      updatedReplicas: 1,
      availableReplicas: 2,
      conditions: [
        { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' },
        {
          type: 'Progressing',
          status: 'False',
          reason: 'ProgressDeadlineExceeded',
          message: 'ReplicaSet "foo-5d" has timed out progressing.',
        },
      ],
    };
    expect(rolloutStatus(deployment(3, 3, status))).toEqual({
      done: false,
      failed: true,
      message: 'deployment "foo" exceeded its progress deadline',
    });
  });

  it('does not fail on a deadline condition of a generation the controller has not observed yet', () => {
    const status = {
      observedGeneration: 2,
      conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }],
    };
    expect(rolloutStatus(deployment(3, 3, status))).toEqual({
      done: false,
      message: 'Waiting for deployment spec update to be observed...',
    });
  });

  it('does not fail on other Progressing reasons', () => {
    const status = {
      observedGeneration: 1,
      replicas: 1,
      updatedReplicas: 1,
      availableReplicas: 1,
      conditions: [{ type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' }],
    };
    expect(rolloutStatus(deployment(1, 1, status)).done).toBe(true);
  });
});

function daemonSet(generation: number, status: Record<string, unknown>, type?: string): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'foo', namespace: 'bar', generation },
    spec: type ? { updateStrategy: { type } } : {},
    status,
  };
}

describe('rolloutStatus: DaemonSet', () => {
  it.each([
    [
      0,
      { observedGeneration: 1, updatedNumberScheduled: 0, desiredNumberScheduled: 1, numberAvailable: 0 },
      'Waiting for daemon set "foo" rollout to finish: 0 out of 1 new pods have been updated...',
      false,
    ],
    [
      1,
      { observedGeneration: 1, updatedNumberScheduled: 2, desiredNumberScheduled: 2, numberAvailable: 1 },
      'Waiting for daemon set "foo" rollout to finish: 1 of 2 updated pods are available...',
      false,
    ],
    [
      1,
      { observedGeneration: 1, updatedNumberScheduled: 2, desiredNumberScheduled: 2, numberAvailable: 2 },
      'daemon set "foo" successfully rolled out',
      true,
    ],
    [
      2,
      { observedGeneration: 1, updatedNumberScheduled: 2, desiredNumberScheduled: 2, numberAvailable: 2 },
      'Waiting for daemon set spec update to be observed...',
      false,
    ],
  ])('generation %i, %j', (generation, status, message, done) => {
    expect(rolloutStatus(daemonSet(generation, status, 'RollingUpdate'))).toEqual({ done, message });
    // An unset strategy is what the API server defaults to RollingUpdate.
    expect(rolloutStatus(daemonSet(generation, status))).toEqual({ done, message });
  });

  it('does not track OnDelete', () => {
    expect(rolloutStatus(daemonSet(1, {}, 'OnDelete'))).toEqual({
      done: true,
      untracked: true,
      message: 'rollout status is only available for RollingUpdate strategy type',
    });
  });
});

function statefulSet(
  generation: number,
  strategy: Record<string, unknown>,
  status: Record<string, unknown>,
  replicas = 3,
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'foo', namespace: 'default', generation },
    spec: { replicas, updateStrategy: strategy },
    status,
  };
}

describe('rolloutStatus: StatefulSet', () => {
  const rolling = { type: 'RollingUpdate' };
  const partitioned = { type: 'RollingUpdate', rollingUpdate: { partition: 2 } };
  it.each([
    [
      'an unobserved update is not complete',
      2,
      rolling,
      { observedGeneration: 1, replicas: 3, readyReplicas: 3, currentReplicas: 3, updatedReplicas: 0 },
      'Waiting for statefulset spec update to be observed...',
      false,
    ],
    [
      'a set never observed is not complete',
      1,
      rolling,
      { observedGeneration: 0, replicas: 3, readyReplicas: 3 },
      'Waiting for statefulset spec update to be observed...',
      false,
    ],
    [
      'not all pods ready',
      1,
      rolling,
      { observedGeneration: 2, replicas: 3, readyReplicas: 2, currentReplicas: 3, updatedReplicas: 0 },
      'Waiting for 1 pods to be ready...',
      false,
    ],
    [
      'partitioned update complete when replicas above the partition are updated',
      1,
      partitioned,
      { observedGeneration: 2, replicas: 3, readyReplicas: 3, currentReplicas: 2, updatedReplicas: 1 },
      'partitioned roll out complete: 1 new pods have been updated...',
      true,
    ],
    [
      'partitioned update in progress',
      1,
      partitioned,
      { observedGeneration: 2, replicas: 3, readyReplicas: 3, currentReplicas: 3, updatedReplicas: 0 },
      'Waiting for partitioned roll out to finish: 0 out of 1 new pods have been updated...',
      false,
    ],
    [
      'rolling update in progress',
      1,
      rolling,
      {
        observedGeneration: 2,
        replicas: 3,
        readyReplicas: 3,
        currentReplicas: 2,
        updatedReplicas: 1,
        currentRevision: 'foo-1',
        updateRevision: 'foo-2',
      },
      'waiting for statefulset rolling update to complete 1 pods at revision foo-2...',
      false,
    ],
    [
      'complete when all replicas are current',
      1,
      rolling,
      {
        observedGeneration: 2,
        replicas: 3,
        readyReplicas: 3,
        currentReplicas: 3,
        updatedReplicas: 3,
        currentRevision: 'foo',
        updateRevision: 'foo',
      },
      'statefulset rolling update complete 3 pods at revision foo...',
      true,
    ],
  ])('%s', (_name, generation, strategy, status, message, done) => {
    expect(rolloutStatus(statefulSet(generation, strategy, status))).toEqual({ done, message });
  });

  it('with partition 0 (the server default) waits for every replica', () => {
    const strategy = { type: 'RollingUpdate', rollingUpdate: { partition: 0 } };
    expect(
      rolloutStatus(statefulSet(1, strategy, { observedGeneration: 1, readyReplicas: 3, updatedReplicas: 2 })),
    ).toEqual({
      done: false,
      message: 'Waiting for partitioned roll out to finish: 2 out of 3 new pods have been updated...',
    });
  });

  it('does not track OnDelete', () => {
    expect(rolloutStatus(statefulSet(1, { type: 'OnDelete' }, { observedGeneration: 1 }))).toMatchObject({
      done: true,
      untracked: true,
    });
  });
});

describe('rolloutStatus: other kinds', () => {
  it('a Service has no rollout', () => {
    expect(rolloutStatus({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' } })).toEqual({
      done: true,
      untracked: true,
      message: 'Service has no rollout',
    });
  });
});

function pod(
  name: string,
  status: Record<string, unknown>,
  owner = 'rs-new-uid',
  labels: Record<string, string> = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      labels,
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: owner, controller: true }],
    },
    status,
  };
}

const waiting = (reason: string, message = '') => ({
  containerStatuses: [{ name: 'app', restartCount: 0, state: { waiting: { reason, message } } }],
});

describe('podProblems', () => {
  it('names each cause with its pods', () => {
    const pods = [
      pod('web-1', waiting('ImagePullBackOff', 'Back-off pulling image "app:bad"')),
      pod('web-2', waiting('ErrImagePull', 'rpc error: not found')),
      pod('web-3', {
        containerStatuses: [
          {
            name: 'app',
            restartCount: 4,
            state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s' } },
            lastState: { terminated: { reason: 'Error', exitCode: 1 } },
          },
        ],
      }),
      pod('web-4', {
        containerStatuses: [
          {
            name: 'app',
            restartCount: 2,
            state: { waiting: { reason: 'CrashLoopBackOff' } },
            lastState: { terminated: { reason: 'OOMKilled', exitCode: 137 } },
          },
        ],
      }),
      pod('web-5', {
        conditions: [
          {
            type: 'PodScheduled',
            status: 'False',
            reason: 'Unschedulable',
            message: '0/3 nodes are available: 3 Insufficient cpu.',
          },
        ],
      }),
      pod('web-6', { containerStatuses: [{ name: 'app', ready: true, state: { running: {} } }] }),
      pod('web-7', waiting('ContainerCreating')),
    ];
    const problems = podProblems(pods);
    expect(problems.map((p) => [p.pod, p.reason, p.hard])).toEqual([
      ['web-1', 'ImagePullBackOff', true],
      ['web-2', 'ErrImagePull', true],
      ['web-3', 'CrashLoopBackOff', true],
      ['web-4', 'OOMKilled', true],
      ['web-5', 'Unschedulable', false],
    ]);
    expect(describePodProblems(problems)).toBe(
      'ImagePullBackOff on web-1 (app): Back-off pulling image "app:bad"; ErrImagePull on web-2 (app): rpc error: not found; ' +
        'CrashLoopBackOff on web-3 (app, 4 restarts): back-off 40s; ' +
        'OOMKilled on web-4 (app, 2 restarts): the container was killed for exceeding its memory limit (exit code 137); ' +
        'Unschedulable on web-5: 0/3 nodes are available: 3 Insufficient cpu.',
    );
  });

  it('ignores pods being deleted', () => {
    const terminating = pod('old', waiting('CrashLoopBackOff'));
    terminating.metadata.deletionTimestamp = '2026-01-01T00:00:00Z';
    expect(podProblems([terminating])).toEqual([]);
  });
});

describe('newRevisionPods', () => {
  const deploymentObject: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', uid: 'd-uid', generation: 5, annotations: { 'deployment.kubernetes.io/revision': '3' } },
    status: { observedGeneration: 5 },
  };
  const rs = (uid: string, revision: string, owner = 'd-uid'): KubeObject => ({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: uid,
      uid,
      annotations: { 'deployment.kubernetes.io/revision': revision },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: owner, controller: true }],
    },
  });

  it("takes the pods of the Deployment's current-revision ReplicaSet", () => {
    const pods = [pod('old', {}, 'rs-old'), pod('new', {}, 'rs-new'), pod('foreign', {}, 'rs-foreign')];
    const sets = [rs('rs-old', '2'), rs('rs-new', '3'), rs('rs-foreign', '3', 'other-uid')];
    expect(newRevisionPods(deploymentObject, pods, sets).map((p) => p.metadata.name)).toEqual(['new']);
  });

  it('takes none while the controller has not observed the latest spec (the annotated revision is still the old one)', () => {
    const unobserved = { ...deploymentObject, metadata: { ...deploymentObject.metadata, generation: 6 } };
    expect(newRevisionPods(unobserved, [pod('new', {}, 'rs-new')], [rs('rs-new', '3')])).toEqual([]);
  });

  it('takes StatefulSet pods at the update revision and DaemonSet pods of the current generation', () => {
    const sts: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db', uid: 's-uid', generation: 2 },
      status: { observedGeneration: 2, updateRevision: 'db-2' },
    };
    const stsPods = [
      pod('db-0', {}, 's-uid', { 'controller-revision-hash': 'db-1' }),
      pod('db-2', {}, 's-uid', { 'controller-revision-hash': 'db-2' }),
    ];
    expect(newRevisionPods(sts, stsPods).map((p) => p.metadata.name)).toEqual(['db-2']);
    const ds: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent', uid: 'ds-uid', generation: 4 },
      status: { observedGeneration: 4 },
    };
    const dsPods = [
      pod('a', {}, 'ds-uid', { 'pod-template-generation': '3' }),
      pod('b', {}, 'ds-uid', { 'pod-template-generation': '4' }),
    ];
    expect(newRevisionPods(ds, dsPods).map((p) => p.metadata.name)).toEqual(['b']);
  });
});
