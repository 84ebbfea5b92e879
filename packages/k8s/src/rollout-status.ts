/**
 * Whether a workload's rollout is finished, judged as `kubectl rollout status` judges it (kubectl's
 * polymorphichelpers StatusViewer), with the same messages:
 *  - Deployment: nothing counts until status.observedGeneration reaches metadata.generation; then a Progressing
 *    condition with reason ProgressDeadlineExceeded fails at once; then updatedReplicas must reach spec.replicas,
 *    no old replicas may remain (status.replicas > updatedReplicas), and availableReplicas must reach
 *    updatedReplicas.
 *  - StatefulSet (RollingUpdate): observed, all spec.replicas ready, then with a partition only the replicas at or
 *    above it must be updated; without one the update revision must have become the current revision.
 *  - DaemonSet (RollingUpdate): observed, updatedNumberScheduled and numberAvailable reach desiredNumberScheduled.
 *  - OnDelete StatefulSets and DaemonSets are not tracked (kubectl refuses them): pods change only when deleted.
 * A missing updateStrategy type counts as RollingUpdate, which is what the API server defaults it to.
 */
import { conditionOf, numberAt, stringAt, valueAt, type KubeObject } from './objects.js';

export interface RolloutStatus {
  done: boolean;
  /** The rollout cannot finish by waiting (kubectl exits with an error). */
  failed?: boolean;
  /** The kind or strategy has no rollout to wait for (OnDelete); done is true. */
  untracked?: boolean;
  message: string;
}

export const PROGRESS_DEADLINE_EXCEEDED = 'ProgressDeadlineExceeded';

function waiting(message: string): RolloutStatus {
  return { done: false, message };
}

function deploymentStatus(d: KubeObject): RolloutStatus {
  const name = d.metadata.name ?? '';
  const generation = d.metadata.generation ?? 0;
  const observed = numberAt(d, 'status', 'observedGeneration') ?? 0;
  if (generation > observed) return waiting('Waiting for deployment spec update to be observed...');
  if (conditionOf(d, 'Progressing')?.reason === PROGRESS_DEADLINE_EXCEEDED) {
    return { done: false, failed: true, message: `deployment "${name}" exceeded its progress deadline` };
  }
  const desired = numberAt(d, 'spec', 'replicas');
  const replicas = numberAt(d, 'status', 'replicas') ?? 0;
  const updated = numberAt(d, 'status', 'updatedReplicas') ?? 0;
  const available = numberAt(d, 'status', 'availableReplicas') ?? 0;
  const prefix = `Waiting for deployment "${name}" rollout to finish:`;
  if (desired !== undefined && updated < desired) {
    return waiting(`${prefix} ${updated} out of ${desired} new replicas have been updated...`);
  }
  if (replicas > updated) return waiting(`${prefix} ${replicas - updated} old replicas are pending termination...`);
  if (available < updated) return waiting(`${prefix} ${available} of ${updated} updated replicas are available...`);
  return { done: true, message: `deployment "${name}" successfully rolled out` };
}

function strategyType(object: KubeObject): string {
  return stringAt(object, 'spec', 'updateStrategy', 'type') ?? 'RollingUpdate';
}

const NOT_ROLLING = 'rollout status is only available for RollingUpdate strategy type';

function statefulSetStatus(s: KubeObject): RolloutStatus {
  if (strategyType(s) !== 'RollingUpdate') return { done: true, untracked: true, message: NOT_ROLLING };
  const generation = s.metadata.generation ?? 0;
  const observed = numberAt(s, 'status', 'observedGeneration') ?? 0;
  if (observed === 0 || generation > observed) return waiting('Waiting for statefulset spec update to be observed...');
  const desired = numberAt(s, 'spec', 'replicas');
  const ready = numberAt(s, 'status', 'readyReplicas') ?? 0;
  if (desired !== undefined && ready < desired) return waiting(`Waiting for ${desired - ready} pods to be ready...`);
  const updated = numberAt(s, 'status', 'updatedReplicas') ?? 0;
  if (valueAt(s, 'spec', 'updateStrategy', 'rollingUpdate') !== undefined) {
    const partition = numberAt(s, 'spec', 'updateStrategy', 'rollingUpdate', 'partition');
    if (desired !== undefined && partition !== undefined && updated < desired - partition) {
      return waiting(
        `Waiting for partitioned roll out to finish: ${updated} out of ${desired - partition} new pods have been updated...`,
      );
    }
    return { done: true, message: `partitioned roll out complete: ${updated} new pods have been updated...` };
  }
  const updateRevision = stringAt(s, 'status', 'updateRevision') ?? '';
  const currentRevision = stringAt(s, 'status', 'currentRevision') ?? '';
  if (updateRevision !== currentRevision) {
    return waiting(
      `waiting for statefulset rolling update to complete ${updated} pods at revision ${updateRevision}...`,
    );
  }
  const current = numberAt(s, 'status', 'currentReplicas') ?? 0;
  return {
    done: true,
    message: `statefulset rolling update complete ${current} pods at revision ${currentRevision}...`,
  };
}

function daemonSetStatus(d: KubeObject): RolloutStatus {
  if (strategyType(d) !== 'RollingUpdate') return { done: true, untracked: true, message: NOT_ROLLING };
  const name = d.metadata.name ?? '';
  const generation = d.metadata.generation ?? 0;
  const observed = numberAt(d, 'status', 'observedGeneration') ?? 0;
  if (generation > observed) return waiting('Waiting for daemon set spec update to be observed...');
  const desired = numberAt(d, 'status', 'desiredNumberScheduled') ?? 0;
  const updated = numberAt(d, 'status', 'updatedNumberScheduled') ?? 0;
  const available = numberAt(d, 'status', 'numberAvailable') ?? 0;
  const prefix = `Waiting for daemon set "${name}" rollout to finish:`;
  if (updated < desired) return waiting(`${prefix} ${updated} out of ${desired} new pods have been updated...`);
  if (available < desired) return waiting(`${prefix} ${available} of ${desired} updated pods are available...`);
  return { done: true, message: `daemon set "${name}" successfully rolled out` };
}

/** The rollout status of a Deployment, StatefulSet or DaemonSet; any other kind is done as soon as it is applied. */
export function rolloutStatus(object: KubeObject): RolloutStatus {
  switch (object.kind) {
    case 'Deployment':
      return deploymentStatus(object);
    case 'StatefulSet':
      return statefulSetStatus(object);
    case 'DaemonSet':
      return daemonSetStatus(object);
    default:
      return { done: true, untracked: true, message: `${object.kind} has no rollout` };
  }
}
