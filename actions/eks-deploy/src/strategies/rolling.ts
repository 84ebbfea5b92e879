/** The rolling strategy: apply everything, watch the workloads, roll back failures, prune what left the manifests. */
import {
  ANNOTATION_PREFIX,
  applyPlan,
  DEFAULT_PRUNE_KINDS,
  findPruneCandidates,
  PROVENANCE_KEYS,
  prune,
  type AppliedObject,
  type ApplyPlan,
  type KubeObject,
} from '@aws-delivery/k8s';
import { phase, type DeployContext, type WorkloadReport } from '../deploy-context.js';
import { watchAndRollBack } from '../rollout.js';

export const PROVENANCE_ANNOTATIONS = PROVENANCE_KEYS.map((key) => `${ANNOTATION_PREFIX}${key}`);

/** Applies a plan (or dry-runs it) and records each object's outcome. */
export async function applyAll(
  ctx: DeployContext,
  plan: Pick<ApplyPlan, 'waves'>,
  label = 'apply',
): Promise<AppliedObject[]> {
  const count = plan.waves.reduce((n, wave) => n + wave.length, 0);
  const applied = await phase(ctx, 'apply', `${label} ${count} objects`, () =>
    applyPlan(ctx.client, ctx.discovery, plan, {
      fieldManager: ctx.config.fieldManager,
      force: ctx.config.force,
      dryRun: ctx.config.dryRun,
      ignoreAnnotations: PROVENANCE_ANNOTATIONS,
      onApplied: (result) =>
        ctx.log.info(`${result.description} ${result.outcome}${ctx.config.dryRun ? ' (server dry run)' : ''}`),
    }),
  );
  ctx.report.applied.push(...applied);
  return applied;
}

export function manifestsByKey(plan: Pick<ApplyPlan, 'waves'>): Map<string, KubeObject> {
  return new Map(plan.waves.flat().map((p) => [p.key, p.object]));
}

/** Applies, then (unless dry run or wait-for-rollout: false) watches and rolls back. */
export async function applyAndWatch(
  ctx: DeployContext,
  plan: Pick<ApplyPlan, 'waves'>,
  label?: string,
  rollback: boolean | string = ctx.config.rollback,
): Promise<WorkloadReport[]> {
  const applied = await applyAll(ctx, plan, label);
  if (ctx.config.dryRun || !ctx.config.wait) return [];
  const workloads = await watchAndRollBack(ctx, applied, manifestsByKey(plan), rollback);
  ctx.report.workloads.push(...workloads);
  return workloads;
}

async function pruneLeftovers(ctx: DeployContext, plan: ApplyPlan): Promise<void> {
  const kinds = [
    ...DEFAULT_PRUNE_KINDS,
    ...plan.objects.map((p) => [p.object.apiVersion, p.object.kind] as [string, string]),
  ];
  const namespaces = [
    ...new Set([
      ctx.namespace,
      ...plan.objects.map((p) => p.object.metadata.namespace).filter((ns): ns is string => Boolean(ns)),
    ]),
  ];
  const candidates = await findPruneCandidates(ctx.client, ctx.discovery, {
    kinds,
    namespaces,
    managedBy: ctx.config.fieldManager,
    applySet: ctx.config.applySet,
    keep: new Set(plan.objects.map((p) => p.key)),
  });
  if (candidates.length === 0) {
    ctx.log.info('Prune: nothing carries this apply set that left the manifests.');
    return;
  }
  const deleted = await phase(ctx, 'apply', `prune ${candidates.length} objects`, () =>
    prune(ctx.client, candidates, ctx.config.dryRun),
  );
  for (const name of deleted) ctx.log.info(`${name} pruned${ctx.config.dryRun ? ' (server dry run)' : ''}`);
  ctx.report.deleted.push(...deleted.map((name) => `${name} (pruned)`));
}

export async function deployRolling(ctx: DeployContext, plan: ApplyPlan): Promise<void> {
  const workloads = await applyAndWatch(ctx, plan);
  if (!ctx.config.prune) return;
  if (workloads.some((w) => !w.rollout.ok)) {
    ctx.report.warnings.push(
      'Prune skipped: a rollout failed, and pruning now could remove what a rollback still needs.',
    );
    return;
  }
  await pruneLeftovers(ctx, plan);
}
