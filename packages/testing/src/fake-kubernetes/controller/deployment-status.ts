/**
 * A Deployment's status from its ReplicaSets, as the deployment controller computes it (calculateStatus and
 * syncRolloutStatus): counters, Available, and Progressing with its reasons and deadline. Pure.
 */
import { timestamp } from '../apply.js';
import type { Condition, Deployment, DeploymentStatus, ReplicaSet } from '../types.js';
import { omitZero } from './context.js';

export type ProgressingUpdate = Pick<Condition, 'status' | 'reason' | 'message'>;

export interface DeploymentStatusInput {
  deployment: Deployment;
  replicaSets: ReplicaSet[];
  newReplicaSet: ReplicaSet | undefined;
  limits: { desired: number; maxUnavailable: number };
  /** Set when this sync created (NewReplicaSetCreated) or found (FoundNewReplicaSet) the new ReplicaSet. */
  progressing?: ProgressingUpdate;
  collisionCount?: number;
  now: Date;
}

function total(list: ReplicaSet[], pick: (rs: ReplicaSet) => number | undefined): number {
  return list.reduce((sum, rs) => sum + (pick(rs) ?? 0), 0);
}

export function progressingReason(status: DeploymentStatus | undefined): string | undefined {
  return status?.conditions?.find((c) => c.type === 'Progressing')?.reason;
}

export function deploymentStatus(input: DeploymentStatusInput): DeploymentStatus {
  const { deployment: d, replicaSets: all, newReplicaSet, now } = input;
  const { desired, maxUnavailable } = input.limits;
  const n = (value: number | undefined) => value ?? 0;
  const available = total(all, (rs) => rs.status?.availableReplicas);
  const counters: DeploymentStatus = omitZero(
    {
      observedGeneration: d.metadata.generation ?? 1,
      replicas: total(all, (rs) => rs.status?.replicas),
      updatedReplicas: newReplicaSet?.status?.replicas ?? 0,
      readyReplicas: total(all, (rs) => rs.status?.readyReplicas),
      availableReplicas: available,
      unavailableReplicas: Math.max(0, total(all, (rs) => rs.spec.replicas) - available),
    },
    ['observedGeneration'],
  );
  const old = d.status ?? {};
  const time = timestamp(now);
  let conditions = [...(old.conditions ?? [])];
  /** SetDeploymentCondition; `touch` refreshes lastUpdateTime even when status and reason stay (progress made). */
  const set = (type: string, update: ProgressingUpdate, touch: boolean) => {
    const current = conditions.find((c) => c.type === type);
    if (current && current.status === update.status && current.reason === update.reason && !touch) return;
    const next: Condition = {
      type,
      status: update.status,
      lastUpdateTime: time,
      lastTransitionTime: current && current.status === update.status ? (current.lastTransitionTime ?? time) : time,
      ...(update.reason ? { reason: update.reason } : {}),
      ...(update.message ? { message: update.message } : {}),
    };
    conditions = [...conditions.filter((c) => c.type !== type), next];
  };

  set(
    'Available',
    available >= desired - maxUnavailable
      ? { status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' }
      : {
          status: 'False',
          reason: 'MinimumReplicasUnavailable',
          message: 'Deployment does not have minimum availability.',
        },
    false,
  );
  const rsName = newReplicaSet?.metadata.name ?? '';
  if (d.spec.paused) {
    set('Progressing', { status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' }, false);
  } else {
    if (input.progressing) set('Progressing', input.progressing, false);
    const complete =
      n(counters.updatedReplicas) === desired &&
      n(counters.replicas) === desired &&
      n(counters.availableReplicas) === desired;
    const progressed =
      n(counters.updatedReplicas) > n(old.updatedReplicas) ||
      n(counters.replicas) - n(counters.updatedReplicas) < n(old.replicas) - n(old.updatedReplicas) ||
      n(counters.readyReplicas) > n(old.readyReplicas) ||
      n(counters.availableReplicas) > n(old.availableReplicas);
    const current = conditions.find((c) => c.type === 'Progressing');
    if (complete) {
      set(
        'Progressing',
        {
          status: 'True',
          reason: 'NewReplicaSetAvailable',
          message: `ReplicaSet "${rsName}" has successfully progressed.`,
        },
        false,
      );
    } else if (progressed) {
      set(
        'Progressing',
        { status: 'True', reason: 'ReplicaSetUpdated', message: `ReplicaSet "${rsName}" is progressing.` },
        true,
      );
    } else if (current && current.reason !== 'NewReplicaSetAvailable' && d.spec.progressDeadlineSeconds !== undefined) {
      const since = Date.parse(current.lastUpdateTime ?? current.lastTransitionTime ?? time);
      const timedOut =
        current.reason === 'ProgressDeadlineExceeded' || since + d.spec.progressDeadlineSeconds * 1000 < now.getTime();
      if (timedOut) {
        set(
          'Progressing',
          {
            status: 'False',
            reason: 'ProgressDeadlineExceeded',
            message: `ReplicaSet "${rsName}" has timed out progressing.`,
          },
          false,
        );
      }
    }
  }
  const status: DeploymentStatus = { ...counters, conditions };
  const collisionCount = input.collisionCount ?? old.collisionCount;
  if (collisionCount !== undefined) status.collisionCount = collisionCount;
  return status;
}
