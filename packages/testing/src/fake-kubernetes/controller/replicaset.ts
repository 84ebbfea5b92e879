/** The ReplicaSet controller: keeps spec.replicas pods alive and reports how many are ready and available. */
import { clone, deepEqual } from '../json.js';
import type { Pod, ReplicaSet } from '../types.js';
import { omitZero, type ControllerContext } from './context.js';
import { generatedPodName, isPodAvailable, isPodReady, podFromTemplate } from './pods.js';

/** Pods to remove first when scaling down: unscheduled, then pending, then not ready, then the newest. */
function deletionRank(pod: Pod): number {
  if (!pod.spec?.nodeName) return 0;
  if (pod.status?.phase === 'Pending') return 1;
  if (!isPodReady(pod)) return 2;
  return 3;
}

export function reconcileReplicaSets(ctx: ControllerContext): void {
  const { replicasets, pods: podType } = ctx.types;
  ctx.each(ctx.list<ReplicaSet>(replicasets), (rs) => {
    const wanted = rs.spec.replicas ?? 1;
    let pods = ctx.owned<Pod>(podType, rs).filter((p) => !p.metadata.deletionTimestamp);
    if (pods.length < wanted) {
      for (let i = pods.length; i < wanted; i += 1) {
        ctx.create(podType, podFromTemplate(rs, rs.spec.template, generatedPodName(rs.metadata.name ?? 'pod'), {}));
      }
    } else if (pods.length > wanted) {
      const doomed = [...pods]
        .sort(
          (a, b) =>
            deletionRank(a) - deletionRank(b) ||
            (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? ''),
        )
        .slice(0, pods.length - wanted);
      for (const pod of doomed) ctx.remove(podType, pod);
    }
    pods = ctx.owned<Pod>(podType, rs);
    const now = ctx.now();
    const status = omitZero(
      {
        replicas: pods.length,
        fullyLabeledReplicas: pods.length,
        readyReplicas: pods.filter(isPodReady).length,
        availableReplicas: pods.filter((p) => isPodAvailable(p, rs.spec.minReadySeconds ?? 0, now)).length,
        observedGeneration: rs.metadata.generation ?? 1,
      },
      ['replicas'],
    );
    if (!deepEqual(status, rs.status)) {
      const next = clone(rs);
      next.status = status;
      ctx.updateStatus(replicasets, next);
    }
  });
}
