/** The canary strategy's steps against the cluster: deploy the canary, promote it, or reject it. */
import type { ApplyPlan, KubeObject } from '@aws-delivery/k8s';
import { phase, type DeployContext } from '../deploy-context.js';
import { deleteIfPresent, liveObject } from '../live.js';
import { canaryName, planCanary } from './canary-plan.js';
import { applyAndWatch } from './rolling.js';

function deploymentsOf(plan: ApplyPlan) {
  return plan.objects.filter((p) => p.object.kind === 'Deployment');
}

function canaryOf(deployment: KubeObject): KubeObject {
  return {
    ...deployment,
    metadata: { name: canaryName(deployment.metadata.name ?? ''), namespace: deployment.metadata.namespace },
  };
}

async function removeCanaries(ctx: DeployContext, plan: ApplyPlan, why: string): Promise<string[]> {
  return phase(ctx, 'canary', why, async () => {
    const removed: string[] = [];
    for (const { object } of deploymentsOf(plan)) {
      const canary = canaryOf(object);
      if (await deleteIfPresent(ctx, canary)) removed.push(`${canary.metadata.namespace}/${canary.metadata.name}`);
    }
    return removed;
  });
}

export async function deployCanary(ctx: DeployContext, plan: ApplyPlan): Promise<void> {
  const live = new Map<string, KubeObject | undefined>();
  for (const planned of deploymentsOf(plan)) live.set(planned.key, await liveObject(ctx, planned.object));
  const canary = planCanary(plan, live, ctx.config.canaryPercentage);
  for (const c of canary.canaries) {
    ctx.report.strategyNotes.push(
      `Canary ${c.canary.metadata.namespace}/${c.canary.metadata.name}: ${c.replicas} pod(s) beside the ${c.stableReplicas} of stable ${c.stable} (${ctx.config.canaryPercentage}%), behind the same Services.`,
    );
  }
  for (const name of canary.direct) {
    ctx.report.strategyNotes.push(
      `Deployment ${name} had no stable version running, so it was deployed directly (no canary).`,
    );
  }
  const workloads = await applyAndWatch(
    ctx,
    canary.plan,
    'apply (canary)',
    'a failed canary is removed instead; the stable version is untouched',
  );
  if (ctx.config.dryRun) {
    ctx.report.strategyState = 'canary-dry-run';
    return;
  }
  const canaryNames = new Set(canary.canaries.map((c) => `${c.canary.metadata.namespace}/${c.canary.metadata.name}`));
  const failedCanary = workloads.some((w) => !w.rollout.ok && canaryNames.has(`${w.namespace}/${w.name}`));
  if (failedCanary) {
    const removed = await removeCanaries(ctx, plan, 'remove failed canary');
    ctx.log.warning(`Canary failed; removed ${removed.join(', ')}. The stable version kept serving.`);
    ctx.report.strategyNotes.push(
      `The canary failed and was removed (${removed.join(', ')}); the stable version kept all traffic.`,
    );
    ctx.report.strategyState = 'canary-failed';
    return;
  }
  ctx.report.strategyState = workloads.every((w) => w.rollout.ok) ? 'canary-deployed' : 'failed';
}

export async function promoteCanary(ctx: DeployContext, plan: ApplyPlan): Promise<void> {
  const workloads = await applyAndWatch(ctx, plan, 'promote');
  const ok = workloads.every((w) => w.rollout.ok);
  const removed = await removeCanaries(
    ctx,
    plan,
    ok ? 'remove promoted canary' : 'remove canary after failed promotion',
  );
  ctx.report.strategyNotes.push(
    ok
      ? `Promoted: the stable Deployments run the new version; canaries removed (${removed.join(', ') || 'none were running'}).`
      : `Promotion failed and the stable Deployments were rolled back; canaries removed (${removed.join(', ') || 'none'}).`,
  );
  ctx.report.strategyState = ok ? 'promoted' : 'promote-failed';
}

export async function rejectCanary(ctx: DeployContext, plan: ApplyPlan): Promise<void> {
  const removed = await removeCanaries(ctx, plan, 'reject canary');
  ctx.report.strategyNotes.push(
    removed.length
      ? `Rejected: canaries removed (${removed.join(', ')}); the stable version serves all traffic.`
      : 'Rejected: no canary was running.',
  );
  ctx.report.strategyState = 'rejected';
}
