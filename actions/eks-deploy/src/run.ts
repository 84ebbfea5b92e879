/** The step: inputs → cluster access → plan → strategy → outputs and summary; fails when a rollout failed. */
import {
  ActionError,
  inputFromRunner,
  log,
  readInputs,
  setOutput,
  writeSummary,
  type InputSource,
} from '@aws-delivery/action-kit';
import { Discovery, KubeClient, type ApplyPlan } from '@aws-delivery/k8s';
import { resolveClusterAccess, defaultAccessDeps, type AccessDeps } from './cluster-access.js';
import { buildConfig, type Config } from './config.js';
import type { DeployContext, DeployReport } from './deploy-context.js';
import { inputSpec } from './inputs.js';
import { prepare } from './prepare.js';
import { failedWorkloads, outputsOf, rolledBack, renderSummary } from './report.js';
import { deployBlueGreen, promoteBlueGreen, rejectBlueGreen } from './strategies/blue-green.js';
import { deployCanary, promoteCanary, rejectCanary } from './strategies/canary.js';
import { deployRolling } from './strategies/rolling.js';

export interface Deps {
  input: InputSource;
  env: NodeJS.ProcessEnv;
  access: AccessDeps;
  clock: () => number;
}

export function defaultDeps(): Deps {
  return { input: inputFromRunner, env: process.env, access: defaultAccessDeps(), clock: Date.now };
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

/** Runs the step; returns what happened (tests read it), and throws when the step fails. */
export async function run(
  deps: Deps = defaultDeps(),
  signal: AbortSignal = new AbortController().signal,
): Promise<DeployReport> {
  const config = buildConfig(readInputs(inputSpec, deps.input), deps.env);
  const access = await resolveClusterAccess(config, deps.access);
  const client = new KubeClient(access.connection, {
    requestTimeoutMs: config.requestTimeoutMs,
    log: (line) => log.debug(line),
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
    signal,
    clock: deps.clock,
    log: (line) => log.info(line),
  };
  try {
    log.info(`API server ${await ctx.discovery.serverVersion()}`);
    const prepared = await prepare(
      config,
      namespace,
      ctx.discovery,
      client,
      deps.env.GITHUB_WORKSPACE || process.cwd(),
    );
    report.imageChanges = prepared.imageChanges;
    report.warnings.push(...prepared.warnings);
    for (const warning of prepared.warnings) log.warning(warning);
    for (const change of prepared.imageChanges)
      log.info(`${change.object} container ${change.container}: ${change.from} → ${change.to}`);
    await STEPS[config.strategy][config.action](ctx, prepared.plan);
    const failure = failureOf(report);
    if (failure) report.failure = failure;
  } catch (error) {
    report.failure = error instanceof Error ? error.message : String(error);
    throw error;
  } finally {
    client.close();
    for (const [name, value] of Object.entries(outputsOf(report))) setOutput(name, value);
    await writeSummary(renderSummary(report));
  }
  if (report.failure) {
    throw new ActionError(
      report.failure,
      rolledBack(report)
        ? 'Fix the cause shown with the pods above and deploy again.'
        : 'See the rollout events in the job summary.',
      { cause: report },
    );
  }
  return report;
}
