/**
 * The DaemonSet controller, after pkg/controller/daemon: one pod per node (the fake's nodes), pods labelled with the
 * ControllerRevision hash and pod-template-generation; RollingUpdate within maxUnavailable, where old pods that are
 * not available are replaced at once; status fields `kubectl rollout status` reads.
 */
import { clone, deepEqual } from '../json.js';
import type { DaemonSet, Pod } from '../types.js';
import { omitZero, scaledValue, type ControllerContext } from './context.js';
import { syncRevisions } from './history.js';
import { generatedPodName, isPodAvailable, isPodReady, podFromTemplate } from './pods.js';
import { CONTROLLER_REVISION_HASH } from './templates.js';

function complete(ds: DaemonSet): boolean {
  const s = ds.status;
  return (
    s !== undefined &&
    (s.observedGeneration ?? 0) >= (ds.metadata.generation ?? 1) &&
    (s.updatedNumberScheduled ?? 0) >= s.desiredNumberScheduled &&
    (s.numberAvailable ?? 0) >= s.desiredNumberScheduled
  );
}

export function reconcileDaemonSets(ctx: ControllerContext): void {
  const podType = ctx.types.pods;
  ctx.each(ctx.list<DaemonSet>(ctx.types.daemonsets), (ds) => {
    const existing = ctx.owned<Pod>(podType, ds);
    const live = new Set(
      existing.map((p) => `${ds.metadata.name ?? ''}-${p.metadata.labels?.[CONTROLLER_REVISION_HASH] ?? ''}`),
    );
    const revs = syncRevisions(ctx, ds, ds.spec.template, ds.spec.revisionHistoryLimit ?? 10, live);
    const hash = revs.hash;
    const now = ctx.now();
    const minReady = ds.spec.minReadySeconds ?? 0;

    for (const node of ctx.nodes) {
      const onNode = existing.filter((p) => p.spec?.nodeName === node);
      if (onNode.length === 0) {
        ctx.create(
          podType,
          podFromTemplate(
            ds,
            ds.spec.template,
            generatedPodName(ds.metadata.name ?? 'pod'),
            { [CONTROLLER_REVISION_HASH]: hash, 'pod-template-generation': String(ds.metadata.generation ?? 1) },
            node,
          ),
        );
      }
      for (const extra of onNode.slice(1)) ctx.remove(podType, extra);
    }
    for (const stray of existing.filter((p) => !ctx.nodes.includes(p.spec?.nodeName ?? ''))) ctx.remove(podType, stray);

    if (ds.spec.updateStrategy?.type === 'RollingUpdate') {
      const pods = ctx.owned<Pod>(podType, ds);
      const maxUnavailable = Math.max(
        1,
        scaledValue(ds.spec.updateStrategy.rollingUpdate?.maxUnavailable, ctx.nodes.length, true, 1),
      );
      let unavailable = ctx.nodes.length - pods.filter((p) => isPodAvailable(p, minReady, now)).length;
      const old = pods.filter((p) => p.metadata.labels?.[CONTROLLER_REVISION_HASH] !== hash);
      for (const pod of old.filter((p) => !isPodAvailable(p, minReady, now))) ctx.remove(podType, pod);
      for (const pod of old.filter((p) => isPodAvailable(p, minReady, now))) {
        if (unavailable >= maxUnavailable) break;
        ctx.remove(podType, pod);
        unavailable += 1;
      }
    }

    const pods = ctx.owned<Pod>(podType, ds);
    const scheduledNodes = new Set(pods.map((p) => p.spec?.nodeName));
    const available = pods.filter((p) => isPodAvailable(p, minReady, now)).length;
    const status = omitZero(
      {
        currentNumberScheduled: ctx.nodes.filter((n) => scheduledNodes.has(n)).length,
        numberMisscheduled: 0,
        desiredNumberScheduled: ctx.nodes.length,
        numberReady: pods.filter(isPodReady).length,
        observedGeneration: ds.metadata.generation ?? 1,
        updatedNumberScheduled: pods.filter((p) => p.metadata.labels?.[CONTROLLER_REVISION_HASH] === hash).length,
        numberAvailable: available,
        numberUnavailable: Math.max(0, ctx.nodes.length - available),
      },
      ['currentNumberScheduled', 'numberMisscheduled', 'desiredNumberScheduled', 'numberReady', 'observedGeneration'],
    );
    if (deepEqual(status, ds.status)) return;
    const next = clone(ds);
    next.status = status;
    const stored = ctx.updateStatus(ctx.types.daemonsets, next);
    if (complete(stored) && !complete(ds)) ctx.record(ds, 'RolloutComplete', hash);
  });
}
