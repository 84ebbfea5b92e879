/** What every phase of a deploy shares: the client, discovery, the configuration, and the record of what happened. */
import type { Log } from '@aws-delivery/action-kit';
import type { AppliedObject, Discovery, ImageChange, KubeClient, RolloutResult } from '@aws-delivery/k8s';
import type { Config } from './config.js';

export interface Phase {
  /** Mermaid gantt section: the workload, or "apply". */
  section: string;
  label: string;
  start: number;
  end: number;
  ok: boolean;
}

export interface WorkloadReport {
  description: string;
  kind: string;
  namespace: string;
  name: string;
  /** Deployment revision (annotation) or StatefulSet/DaemonSet revision name before and after. */
  revisionBefore?: string;
  revisionAfter?: string;
  rollout: RolloutResult;
  rollback?: {
    toRevision: number;
    fromRevision: number;
    source: string;
    deletedPods: string[];
    result?: RolloutResult;
  };
  /** Why no rollback happened although the rollout failed. */
  noRollback?: string;
}

export interface DeployReport {
  cluster: string;
  namespace: string;
  strategy: Config['strategy'];
  action: Config['action'];
  dryRun: boolean;
  applied: AppliedObject[];
  deleted: string[];
  workloads: WorkloadReport[];
  imageChanges: ImageChange[];
  /** One line each: what the strategy did (canary size, colour switched, ...). */
  strategyNotes: string[];
  /** canary-deployed, promoted, rejected, switched-to-green, ... */
  strategyState?: string;
  activeColor?: string;
  phases: Phase[];
  warnings: string[];
  failure?: string;
  /** The error that ended the step early, as thrown (the step fails with it). */
  error?: unknown;
}

export interface DeployContext {
  client: KubeClient;
  discovery: Discovery;
  config: Config;
  namespace: string;
  report: DeployReport;
  signal: AbortSignal;
  clock: () => number;
  /** The step's log. */
  log: Log;
}

/** Runs `work` as a timed phase of the report. */
export async function phase<T>(
  ctx: DeployContext,
  section: string,
  label: string,
  work: () => Promise<T>,
  ok: (value: T) => boolean = () => true,
): Promise<T> {
  const start = ctx.clock();
  try {
    const value = await work();
    ctx.report.phases.push({ section, label, start, end: ctx.clock(), ok: ok(value) });
    return value;
  } catch (error) {
    ctx.report.phases.push({ section, label, start, end: ctx.clock(), ok: false });
    throw error;
  }
}
