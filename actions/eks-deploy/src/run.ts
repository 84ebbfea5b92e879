/** The step: cluster access → plan → strategy → outputs and summary; the report says whether a rollout failed. */
import { ActionError, type RunnerIO, type Step } from '@aws-delivery/action-kit';
import { Discovery, KubeClient, type ApplyPlan } from '@aws-delivery/k8s';
import { defaultAccessDeps, resolveClusterAccess, type AccessDeps } from './cluster-access.js';
import type { Config } from './config.js';
import type { DeployContext, DeployReport } from './deploy-context.js';
import { prepare, readManifestFiles } from './prepare.js';
import { failedWorkloads, outputsOf, rolledBack, renderSummary } from './report.js';
import { deployBlueGreen, promoteBlueGreen, rejectBlueGreen } from './strategies/blue-green.js';
import { deployCanary, promoteCanary, rejectCanary } from './strategies/canary.js';
import { deployRolling } from './strategies/rolling.js';

/** What the step uses outside itself: EKS (DescribeCluster, credentials), files, and the clock. */
export interface Clients {
  access: AccessDeps;
  clock: () => number;
}

export function realClients(_config: Config, io: RunnerIO): Clients {
  return { access: defaultAccessDeps(io), clock: Date.now };
}

type StrategyStep = (ctx: DeployContext, plan: ApplyPlan) => Promise<void>;

const STEPS: Record<Config['strategy'], Record<Config['action'], StrategyStep>> = {
  rolling: { deploy: deployRolling, promote: deployRolling, reject: deployRolling },
  canary: { deploy: deployCanary, promote: promoteCanary, reject: rejectCanary },
  'blue-green': { deploy: deployBlueGreen, promote: promoteBlueGreen, reject: rejectBlueGreen },
};

function failureOf(report: DeployReport): string | undefined {
  const failed = failedWorkloads(report);
  if (failed.length === 0) return undefined;
  const lines = failed.map((w) => {
    const rollback = w.rollback
      ? w.rollback.result?.ok
        ? ` Rolled back from revision ${w.rollback.fromRevision} to ${w.rollback.toRevision} (${w.rollback.source}), which is available again.`
        : ` The rollback to revision ${w.rollback.toRevision} did not complete either: ${w.rollback.result?.message ?? 'not watched'}.`
      : w.noRollback
        ? ` Not rolled back: ${w.noRollback}.`
        : '';
    return `${w.description}: ${w.rollout.message}.${rollback}`;
  });
  return `${failed.length === 1 ? 'The rollout' : `${failed.length} rollouts`} failed. ${lines.join(' ')}`;
}

/**
 * Runs the step and returns what happened. A failure after the report exists (a rollout, the API server) is kept in
 * the report, whose outputs and summary are written either way; `verdict` turns it into the step's error.
 */
export async function run(step: Step<Config, Clients>): Promise<DeployReport> {
  const { config, clients } = step;
  const manifests = readManifestFiles(config, step.env);
  const access = await resolveClusterAccess(config, clients.access, step);
  const client = new KubeClient(access.connection, {
    requestTimeoutMs: config.requestTimeoutMs,
    log: (line) => step.log.debug(line),
  });
  const namespace = config.namespace ?? access.namespace ?? 'default';
  const report: DeployReport = {
    cluster: access.description,
    namespace,
    strategy: config.strategy,
    action: config.action,
    dryRun: config.dryRun,
    applied: [],
    deleted: [],
    workloads: [],
    imageChanges: [],
    strategyNotes: [],
    phases: [],
    warnings: [],
  };
  const ctx: DeployContext = {
    client,
    discovery: new Discovery(client),
    config,
    namespace,
    report,
    signal: step.signal,
    clock: clients.clock,
    log: step.log,
  };
  try {
    step.log.info(`API server ${await ctx.discovery.serverVersion()}`);
    const prepared = await prepare(config, namespace, ctx.discovery, client, manifests);
    report.imageChanges = prepared.imageChanges;
    report.warnings.push(...prepared.warnings);
    for (const warning of prepared.warnings) step.log.warning(warning);
    for (const change of prepared.imageChanges)
      step.log.info(`${change.object} container ${change.container}: ${change.from} → ${change.to}`);
    await STEPS[config.strategy][config.action](ctx, prepared.plan);
    const failure = failureOf(report);
    if (failure) report.failure = failure;
  } catch (error) {
    report.failure = error instanceof Error ? error.message : String(error);
    report.error = error;
  } finally {
    client.close();
    for (const [name, value] of Object.entries(outputsOf(report))) step.setOutput(name, value);
    await step.writeSummary(renderSummary(report));
  }
  return report;
}

/** The step's error: what went wrong as it happened, or the failed rollouts with what to do. */
export function verdict(report: DeployReport): Error | undefined {
  if (report.error !== undefined) return report.error instanceof Error ? report.error : new Error(report.failure);
  if (!report.failure) return undefined;
  return new ActionError(
    report.failure,
    rolledBack(report)
      ? 'Fix the cause shown with the pods above and deploy again.'
      : 'See the rollout events in the job summary.',
  );
}
