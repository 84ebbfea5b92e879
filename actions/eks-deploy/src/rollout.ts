/**
 * After an apply: watch every Deployment, StatefulSet and DaemonSet until it is rolled out, and roll back the ones
 * that fail — to the previous ReplicaSet template or ControllerRevision — then wait for the rollback too.
 */
import {
  applyObject,
  deletePodsBlockingRollback,
  findPreviousRevision,
  isRecord,
  isWorkload,
  revisionOf,
  rollbackManifest,
  stableJson,
  stringAt,
  waitForRollout,
  type AppliedObject,
  type KubeObject,
  type RolloutResult,
} from '@aws-delivery/k8s';
import { phase, type DeployContext, type WorkloadReport } from './deploy-context.js';

/** The revision people compare: a Deployment's revision number, a StatefulSet's update revision, a DaemonSet's generation. */
export function revisionLabel(object: KubeObject | undefined): string | undefined {
  if (!object) return undefined;
  if (object.kind === 'Deployment') return revisionOf(object)?.toString();
  if (object.kind === 'StatefulSet') return stringAt(object, 'status', 'updateRevision');
  return object.metadata.generation?.toString();
}

/** Whether the apply changed the pod template (only then is there a new revision to roll back from). */
export function templateChanged(applied: AppliedObject): boolean {
  if (!applied.live) return true;
  const template = (o: KubeObject) => stableJson(isRecord(o.spec) ? o.spec.template : undefined);
  return template(applied.live) !== template(applied.object);
}

function wait(ctx: DeployContext, object: KubeObject): Promise<RolloutResult> {
  const spec = isRecord(object.spec) ? object.spec : {};
  return waitForRollout(
    ctx.client,
    {
      kind: object.kind,
      namespace: object.metadata.namespace ?? ctx.namespace,
      name: object.metadata.name ?? '',
      selector: spec.selector,
    },
    {
      timeoutMs: ctx.config.rolloutTimeoutMs,
      podErrorGraceMs: ctx.config.podErrorGraceMs,
      signal: ctx.signal,
      clock: ctx.clock,
      onProgress: (entry) =>
        ctx.log.info(`${object.kind}/${object.metadata.namespace}/${object.metadata.name}: ${entry.message}`),
      // Reconnects (a dropped stream, a line that is no watch event, 410 Gone), beside the client's retry lines.
      watch: { log: (line) => ctx.log.debug(line) },
    },
  );
}

async function rollBack(
  ctx: DeployContext,
  applied: AppliedObject,
  manifest: KubeObject,
  report: WorkloadReport,
  enabled: boolean | string,
): Promise<void> {
  if (enabled !== true) {
    report.noRollback = enabled === false ? 'rollback-on-failure is false' : enabled;
    return;
  }
  if (!applied.live) {
    report.noRollback = 'this was its first deploy: there is no earlier revision';
    return;
  }
  if (!templateChanged(applied)) {
    report.noRollback =
      'this deploy did not change its pod template, so the failing revision is the one that was already running';
    return;
  }
  const failed = report.rollout.workload ?? applied.object;
  const previous = await findPreviousRevision(ctx.client, failed);
  if (!previous) {
    report.noRollback = 'no earlier revision is kept (revisionHistoryLimit may be 0)';
    return;
  }
  ctx.log.warning(
    `${report.description}: rolling back from revision ${previous.failedRevision} to ${previous.revision} (${previous.source})`,
  );
  await phase(
    ctx,
    report.description,
    'rollback',
    async () => {
      await applyObject(ctx.client, applied.info, rollbackManifest(manifest, previous), {
        fieldManager: ctx.config.fieldManager,
        force: true,
      });
      const deletedPods = await deletePodsBlockingRollback(ctx.client, failed, previous);
      report.rollback = {
        toRevision: previous.revision,
        fromRevision: previous.failedRevision,
        source: previous.source,
        deletedPods,
      };
      const result = await wait(ctx, failed);
      report.rollback.result = result;
      report.revisionAfter = revisionLabel(result.workload) ?? report.revisionAfter;
      return result;
    },
    (result) => result.ok,
  );
}

/**
 * Watches each applied workload; rolls back those that fail. Manifests are what was applied, by object key.
 * `rollback`: true, false (the input said no), or the reason this strategy handles failures itself.
 */
export async function watchAndRollBack(
  ctx: DeployContext,
  applied: readonly AppliedObject[],
  manifests: ReadonlyMap<string, KubeObject>,
  rollback: boolean | string = ctx.config.rollback,
): Promise<WorkloadReport[]> {
  const workloads = applied.filter((a) => isWorkload(a.object));
  return Promise.all(
    workloads.map(async (item) => {
      const object = item.object;
      const description = item.description;
      const rollout = await phase(
        ctx,
        description,
        'rollout',
        () => wait(ctx, object),
        (r) => r.ok,
      );
      const before = revisionLabel(item.live);
      const after = revisionLabel(rollout.workload);
      const report: WorkloadReport = {
        description,
        kind: object.kind,
        namespace: object.metadata.namespace ?? '',
        name: object.metadata.name ?? '',
        ...(before ? { revisionBefore: before } : {}),
        ...(after ? { revisionAfter: after } : {}),
        rollout,
      };
      if (rollout.ok) {
        // The watch's last progress line is usually this same message: print it once.
        if (rollout.timeline.at(-1)?.message !== rollout.message) ctx.log.info(`${description}: ${rollout.message}`);
      } else {
        ctx.log.error(`${description}: ${rollout.message}`);
        await rollBack(ctx, item, manifests.get(item.key) ?? object, report, rollback);
      }
      return report;
    }),
  );
}
