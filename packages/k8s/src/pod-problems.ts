/**
 * Why the pods of a rollout do not become ready, read from their status the way `kubectl describe pod` shows it:
 * containers waiting in ImagePullBackOff, ErrImagePull, CrashLoopBackOff, CreateContainerConfigError,
 * CreateContainerError or InvalidImageName; containers whose last run ended OOMKilled; pods the scheduler could not
 * place. And which pods belong to the new revision of a workload.
 */
import { controllerOf, isRecord, numberAt, stringAt, type KubeObject } from './objects.js';

export interface PodProblem {
  pod: string;
  container?: string;
  reason: string;
  message: string;
  restarts?: number;
  /**
   * Waiting will not fix it without a change (a bad image, a crashing or OOM-killed container, bad config).
   * Unschedulable is not hard: a cluster autoscaler may add a node.
   */
  hard: boolean;
}

const HARD_WAITING = [
  'ImagePullBackOff',
  'ErrImagePull',
  'CrashLoopBackOff',
  'CreateContainerConfigError',
  'CreateContainerError',
  'InvalidImageName',
  'ErrImageNeverPull',
];

interface ContainerStatus {
  name?: string;
  restartCount?: number;
  state?: { waiting?: { reason?: string; message?: string }; terminated?: { reason?: string; exitCode?: number } };
  lastState?: { terminated?: { reason?: string; exitCode?: number; message?: string } };
}

function containerStatuses(pod: KubeObject): ContainerStatus[] {
  const status = isRecord(pod.status) ? pod.status : {};
  return ['initContainerStatuses', 'containerStatuses'].flatMap((key) => {
    const list = status[key];
    return Array.isArray(list) ? (list.filter(isRecord) as ContainerStatus[]) : [];
  });
}

function problemsOfPod(pod: KubeObject): PodProblem[] {
  const name = pod.metadata.name ?? '?';
  const problems: PodProblem[] = [];
  const conditions = isRecord(pod.status) && Array.isArray(pod.status.conditions) ? pod.status.conditions : [];
  const scheduled = conditions.find((c) => isRecord(c) && c.type === 'PodScheduled');
  if (isRecord(scheduled) && scheduled.status === 'False' && scheduled.reason === 'Unschedulable') {
    problems.push({ pod: name, reason: 'Unschedulable', message: String(scheduled.message ?? ''), hard: false });
  }
  for (const status of containerStatuses(pod)) {
    const container = status.name ?? '?';
    const restarts = status.restartCount ?? 0;
    const waiting = status.state?.waiting;
    const last = status.lastState?.terminated ?? status.state?.terminated;
    if (last?.reason === 'OOMKilled') {
      problems.push({
        pod: name,
        container,
        reason: 'OOMKilled',
        message: `the container was killed for exceeding its memory limit (exit code ${last.exitCode ?? 137})`,
        restarts,
        hard: true,
      });
    }
    if (waiting?.reason && HARD_WAITING.includes(waiting.reason)) {
      const duplicate = waiting.reason === 'CrashLoopBackOff' && last?.reason === 'OOMKilled';
      if (!duplicate) {
        problems.push({
          pod: name,
          container,
          reason: waiting.reason,
          message: waiting.message ?? '',
          restarts,
          hard: true,
        });
      }
    }
  }
  return problems;
}

/** The problems of each pod, pods without problems left out. */
export function podProblems(pods: readonly KubeObject[]): PodProblem[] {
  return pods.filter((pod) => !pod.metadata.deletionTimestamp).flatMap(problemsOfPod);
}

/** One line per reason with its pods: `ImagePullBackOff on web-abc12 (app), web-def34 (app): Back-off pulling…`. */
export function describePodProblems(problems: readonly PodProblem[], limit = 5): string {
  const byReason = new Map<string, PodProblem[]>();
  for (const problem of problems) byReason.set(problem.reason, [...(byReason.get(problem.reason) ?? []), problem]);
  return [...byReason.entries()]
    .map(([reason, list]) => {
      const pods = list
        .slice(0, limit)
        .map((p) => `${p.pod}${p.container ? ` (${p.container}${p.restarts ? `, ${p.restarts} restarts` : ''})` : ''}`);
      const more = list.length > limit ? ` and ${list.length - limit} more` : '';
      const message = list.find((p) => p.message)?.message;
      return `${reason} on ${pods.join(', ')}${more}${message ? `: ${message}` : ''}`;
    })
    .join('; ');
}

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';

export function revisionOf(object: KubeObject): number | undefined {
  const value = object.metadata.annotations?.[REVISION_ANNOTATION];
  const revision = value === undefined ? NaN : Number(value);
  return Number.isInteger(revision) ? revision : undefined;
}

function controlledBy(owner: KubeObject) {
  return (object: KubeObject) => controllerOf(object)?.uid === owner.metadata.uid && owner.metadata.uid !== undefined;
}

/** The ReplicaSet of a Deployment's current revision. */
export function newReplicaSet(deployment: KubeObject, replicaSets: readonly KubeObject[]): KubeObject | undefined {
  const revision = revisionOf(deployment);
  if (revision === undefined) return undefined;
  return replicaSets.filter(controlledBy(deployment)).find((rs) => revisionOf(rs) === revision);
}

/** Whether the workload's controller has seen its latest spec (until then its "new revision" is the old one). */
export function isObserved(workload: KubeObject): boolean {
  const observed = numberAt(workload, 'status', 'observedGeneration') ?? 0;
  return observed > 0 && observed >= (workload.metadata.generation ?? 0);
}

/**
 * The pods of a workload's newest revision: a Deployment's new ReplicaSet's pods, a StatefulSet's pods at its
 * update revision, a DaemonSet's pods of its current template generation. None until the controller has observed
 * the latest spec: before that, the revision the status names is the previous one, whose pods are not ours to judge.
 */
export function newRevisionPods(
  workload: KubeObject,
  pods: readonly KubeObject[],
  replicaSets: readonly KubeObject[] = [],
): KubeObject[] {
  if (!isObserved(workload)) return [];
  switch (workload.kind) {
    case 'Deployment': {
      const rs = newReplicaSet(workload, replicaSets);
      return rs ? pods.filter(controlledBy(rs)) : [];
    }
    case 'StatefulSet': {
      const revision = stringAt(workload, 'status', 'updateRevision');
      return pods
        .filter(controlledBy(workload))
        .filter((pod) => !revision || pod.metadata.labels?.['controller-revision-hash'] === revision);
    }
    case 'DaemonSet': {
      const generation = String(workload.metadata.generation ?? '');
      return pods
        .filter(controlledBy(workload))
        .filter((pod) => pod.metadata.labels?.['pod-template-generation'] === generation);
    }
    default:
      return [];
  }
}
