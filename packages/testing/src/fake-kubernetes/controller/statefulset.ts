/**
 * The StatefulSet controller, after pkg/controller/statefulset: pods `<name>-<ordinal>` labelled with their
 * ControllerRevision name; OrderedReady creation (each pod waits for its predecessors to be Running and Ready, and a
 * pod that is not blocks all progress, which is why a rollback needs the broken pods deleted, exactly as the
 * Kubernetes docs' "forced rollback" describes); Parallel management; RollingUpdate from the highest ordinal down to
 * the partition, one pod at a time; status with currentRevision / updateRevision as `kubectl rollout status` reads.
 */
import { clone, deepEqual } from '../json.js';
import type { Pod, PodTemplate, StatefulSet } from '../types.js';
import { omitZero, type ControllerContext } from './context.js';
import { revisionTemplate, syncRevisions } from './history.js';
import { isPodAvailable, isPodReady, podFromTemplate } from './pods.js';
import { CONTROLLER_REVISION_HASH } from './templates.js';

function ordinalOf(set: StatefulSet, pod: Pod): number {
  const prefix = `${set.metadata.name ?? ''}-`;
  const name = pod.metadata.name ?? '';
  const ordinal = name.startsWith(prefix) ? Number(name.slice(prefix.length)) : NaN;
  return Number.isInteger(ordinal) ? ordinal : -1;
}

function runningAndReady(pod: Pod): boolean {
  return pod.status?.phase === 'Running' && isPodReady(pod);
}

function complete(set: StatefulSet): boolean {
  const s = set.status;
  return (
    s !== undefined &&
    (s.observedGeneration ?? 0) >= (set.metadata.generation ?? 1) &&
    (s.readyReplicas ?? 0) === (set.spec.replicas ?? 1) &&
    (s.updatedReplicas ?? 0) === (set.spec.replicas ?? 1) &&
    s.currentRevision === s.updateRevision
  );
}

function syncPods(
  ctx: ControllerContext,
  set: StatefulSet,
  templates: { current: PodTemplate; update: PodTemplate },
  revisions: { current: string; update: string },
): void {
  const podType = ctx.types.pods;
  const replicas = set.spec.replicas ?? 1;
  const monotonic = (set.spec as { podManagementPolicy?: string }).podManagementPolicy !== 'Parallel';
  const partition =
    set.spec.updateStrategy?.type === 'RollingUpdate'
      ? (set.spec.updateStrategy.rollingUpdate?.partition ?? 0)
      : replicas;
  const pods = new Map(ctx.owned<Pod>(podType, set).map((p) => [ordinalOf(set, p), p]));
  const name = set.metadata.name ?? '';

  for (let ordinal = 0; ordinal < replicas; ordinal += 1) {
    const pod = pods.get(ordinal);
    if (!pod) {
      const useCurrent = ordinal < partition && set.spec.updateStrategy?.type === 'RollingUpdate';
      const podName = `${name}-${ordinal}`;
      ctx.create(
        podType,
        podFromTemplate(set, useCurrent ? templates.current : templates.update, podName, {
          [CONTROLLER_REVISION_HASH]: useCurrent ? revisions.current : revisions.update,
          'statefulset.kubernetes.io/pod-name': podName,
          'apps.kubernetes.io/pod-index': String(ordinal),
        }),
      );
      if (monotonic) return;
      continue;
    }
    if (pod.status?.phase === 'Failed') {
      ctx.remove(podType, pod);
      if (monotonic) return;
      continue;
    }
    if (monotonic && !runningAndReady(pod)) return;
  }

  const surplus = [...pods.entries()]
    .filter(([ordinal]) => ordinal >= replicas || ordinal < 0)
    .sort(([a], [b]) => b - a);
  for (const [, pod] of surplus) {
    ctx.remove(podType, pod);
    if (monotonic) return;
  }

  if (set.spec.updateStrategy?.type !== 'RollingUpdate') return;
  for (let target = replicas - 1; target >= partition; target -= 1) {
    const pod = pods.get(target);
    if (!pod) continue;
    if (pod.metadata.labels?.[CONTROLLER_REVISION_HASH] !== revisions.update) {
      ctx.remove(podType, pod);
      ctx.record(set, 'PodReplaced', `${pod.metadata.name ?? ''} for revision ${revisions.update}`);
      return;
    }
    if (!runningAndReady(pod)) return;
  }
}

export function reconcileStatefulSets(ctx: ControllerContext): void {
  ctx.each(ctx.list<StatefulSet>(ctx.types.statefulsets), (set) => {
    const live = new Set([set.status?.currentRevision ?? '', set.status?.updateRevision ?? ''].filter(Boolean));
    const revs = syncRevisions(ctx, set, set.spec.template, set.spec.revisionHistoryLimit ?? 10, live);
    const update = revs.update.metadata.name ?? '';
    const current =
      set.status?.currentRevision && revs.all.some((r) => r.metadata.name === set.status?.currentRevision)
        ? set.status.currentRevision
        : update;
    const currentRevision = revs.all.find((r) => r.metadata.name === current);
    const currentTemplate = (currentRevision && revisionTemplate(currentRevision)) ?? set.spec.template;
    syncPods(ctx, set, { current: currentTemplate, update: set.spec.template }, { current, update });

    const pods = ctx.owned<Pod>(ctx.types.pods, set);
    const now = ctx.now();
    const status = {
      observedGeneration: set.metadata.generation ?? 1,
      replicas: pods.length,
      readyReplicas: pods.filter(isPodReady).length,
      currentReplicas: pods.filter((p) => p.metadata.labels?.[CONTROLLER_REVISION_HASH] === current).length,
      updatedReplicas: pods.filter((p) => p.metadata.labels?.[CONTROLLER_REVISION_HASH] === update).length,
      availableReplicas: pods.filter((p) => isPodAvailable(p, set.spec.minReadySeconds ?? 0, now)).length,
      currentRevision: current,
      updateRevision: update,
      collisionCount: 0,
    };
    if (
      set.spec.updateStrategy?.type === 'RollingUpdate' &&
      status.updatedReplicas === status.replicas &&
      status.readyReplicas === status.replicas
    ) {
      status.currentRevision = update;
      status.currentReplicas = status.updatedReplicas;
    }
    const next = omitZero(status, ['replicas', 'availableReplicas', 'observedGeneration']);
    if (deepEqual(next, set.status)) return;
    const updated = clone(set);
    updated.status = next;
    const stored = ctx.updateStatus(ctx.types.statefulsets, updated);
    if (complete(stored) && !complete(set)) ctx.record(set, 'RolloutComplete', update);
  });
}
