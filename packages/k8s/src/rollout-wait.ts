/**
 * Waits for a workload's rollout by watching it — one watch, as `kubectl rollout status` opens — judging every
 * change at once until it is done, fails, or the timeout passes. Its pods (and a Deployment's ReplicaSets, which
 * say which pods are the new revision's) are read with a LIST while the rollout is still going after a second,
 * and again every few seconds after that: pod problems (ImagePullBackOff, CrashLoopBackOff, …) that the workload's
 * status does not show are seen well within the grace they are given, and a quick rollout reads no pod at all.
 * The workload itself is read again with them, so a rollout still finishes when its watch delivers nothing (a
 * proxy that holds streamed answers back); of the two, the newer resourceVersion counts.
 * Records a timeline of what changed and when.
 */
import type { KubeClient } from './kube-client.js';
import { labelSelectorString, ObjectWatch, type ObjectWatchOptions } from './object-watch.js';
import { KubeApiError } from './kube-errors.js';
import type { KubeList, KubeObject } from './objects.js';
import { describePodProblems, newRevisionPods, podProblems, revisionOf, type PodProblem } from './pod-problems.js';
import { judgeRollout, type Verdict } from './rollout-judge.js';
import { rolloutStatus } from './rollout-status.js';

export interface RolloutTarget {
  kind: string;
  namespace: string;
  name: string;
  /** The workload's spec.selector (the applied object's). */
  selector: unknown;
}

export interface TimelineEntry {
  /** ms since the epoch. */
  at: number;
  message: string;
}

export interface RolloutWaitOptions {
  timeoutMs: number;
  /** How long hard pod problems may last before failing; negative: only the progress deadline fails. */
  podErrorGraceMs: number;
  signal?: AbortSignal;
  clock?: () => number;
  onProgress?: (entry: TimelineEntry) => void;
  watch?: ObjectWatchOptions;
}

export interface RolloutResult {
  ok: boolean;
  outcome: 'complete' | 'untracked' | 'progress-deadline' | 'pod-errors' | 'timeout' | 'aborted';
  message: string;
  problems: PodProblem[];
  timeline: TimelineEntry[];
  workload?: KubeObject;
  /** Deployment revision annotation at the end. */
  revision?: number;
  startedAt: number;
  endedAt: number;
}

/** When the pods are first read: a rollout still going after this long may have pod problems. */
const FIRST_POD_CHECK_MS = 1000;

/** How often the pods are read again: a quarter of the grace pod problems are given, between 1 and 5 s. */
function podCheckIntervalMs(podErrorGraceMs: number): number {
  return podErrorGraceMs < 0 ? 5000 : Math.min(5000, Math.max(1000, podErrorGraceMs / 4));
}

const COLLECTIONS: Record<string, string> = {
  Deployment: 'deployments',
  StatefulSet: 'statefulsets',
  DaemonSet: 'daemonsets',
};

/**
 * The later of two reads of one object, by resourceVersion (etcd's revision, a number on every API server; when one
 * is not a number, the watched copy); either alone when the other is missing.
 */
export function newer(watched: KubeObject | undefined, read: KubeObject | undefined): KubeObject | undefined {
  if (!watched || !read) return watched ?? read;
  const a = Number(watched.metadata.resourceVersion);
  const b = Number(read.metadata.resourceVersion);
  return Number.isFinite(a) && Number.isFinite(b) && b > a ? read : watched;
}

export async function waitForRollout(
  client: KubeClient,
  target: RolloutTarget,
  options: RolloutWaitOptions,
): Promise<RolloutResult> {
  const clock = options.clock ?? Date.now;
  const startedAt = clock();
  const collection = COLLECTIONS[target.kind];
  if (!collection) throw new Error(`waitForRollout: ${target.kind} has no rollout`);
  const ns = encodeURIComponent(target.namespace);
  const selector = labelSelectorString(target.selector);
  const stop = new AbortController();
  const outer = options.signal;
  const onOuterAbort = () => stop.abort();
  outer?.addEventListener('abort', onOuterAbort);

  const workloads = new ObjectWatch(
    client,
    {
      path: `/apis/apps/v1/namespaces/${ns}/${collection}`,
      fieldSelector: `metadata.name=${target.name}`,
      what: `${target.kind} ${target.namespace}/${target.name}`,
    },
    options.watch,
  );
  const podsPath = `/api/v1/namespaces/${ns}/pods`;
  const replicaSetsPath = target.kind === 'Deployment' ? `/apis/apps/v1/namespaces/${ns}/replicasets` : undefined;
  const query = selector ? { labelSelector: selector } : {};
  const workloadPath = `/apis/apps/v1/namespaces/${ns}/${collection}/${encodeURIComponent(target.name)}`;
  let pods: KubeObject[] = [];
  let replicaSets: KubeObject[] = [];
  /** The workload as last read beside the pods (undefined before the first read, or when it was not found). */
  let readWorkload: KubeObject | undefined;
  /** The newer of what the watch holds and what was last read. */
  const currentWorkload = () => newer(workloads.items[0], readWorkload);
  /** Reads the workload and its pods (and ReplicaSets) once; a failed read is tried again at the next check. */
  const readPods = async () => {
    const [workload, podList, replicaSetList] = await Promise.all([
      client.find<KubeObject>(workloadPath, `${target.kind} ${target.namespace}/${target.name}`),
      client.get<KubeList>(podsPath, query, `pods of ${target.kind} ${target.namespace}/${target.name}`),
      replicaSetsPath
        ? client.get<KubeList>(
            replicaSetsPath,
            query,
            `ReplicaSets of ${target.kind} ${target.namespace}/${target.name}`,
          )
        : undefined,
    ]);
    readWorkload = workload;
    pods = podList.items;
    replicaSets = replicaSetList?.items ?? [];
  };

  const timeline: TimelineEntry[] = [];
  const note = (message: string) => {
    if (timeline.at(-1)?.message === message) return;
    const entry = { at: clock(), message };
    timeline.push(entry);
    options.onProgress?.(entry);
  };

  let hardSince: number | undefined;
  let problems: PodProblem[] = [];
  let recheck: NodeJS.Timeout | undefined;
  let settle!: (result: RolloutResult) => void;
  let fail!: (error: unknown) => void;
  const settled = new Promise<RolloutResult>((resolve, reject) => {
    settle = resolve;
    fail = reject;
  });
  let finished = false;

  const finish = (ok: boolean, outcome: RolloutResult['outcome'], message: string) => {
    if (finished) return;
    finished = true;
    const workload = currentWorkload();
    const revision = workload ? revisionOf(workload) : undefined;
    settle({
      ok,
      outcome,
      message,
      problems,
      timeline,
      ...(workload ? { workload } : {}),
      ...(revision !== undefined ? { revision } : {}),
      startedAt,
      endedAt: clock(),
    });
  };

  const evaluate = () => {
    if (finished) return;
    const workload = currentWorkload();
    if (!workload) {
      if (workloads.isSynced) note(`${target.kind} ${target.namespace}/${target.name} does not exist (yet)`);
      return;
    }
    const status = rolloutStatus(workload);
    const mine = newRevisionPods(workload, pods, replicaSets);
    problems = podProblems(mine);
    const now = clock();
    if (problems.some((p) => p.hard)) hardSince ??= now;
    else hardSince = undefined;
    const verdict: Verdict = judgeRollout({
      status,
      problems,
      hardSince,
      now,
      podErrorGraceMs: options.podErrorGraceMs,
    });
    const detail = problems.length ? ` (${describePodProblems(problems, 3)})` : '';
    note(`${verdict.message}${verdict.state === 'done' ? '' : detail}`);
    if (verdict.state === 'done') finish(true, verdict.untracked ? 'untracked' : 'complete', verdict.message);
    else if (verdict.state === 'failed') finish(false, verdict.reason, `${verdict.message}${detail}`);
    else if (verdict.recheckAt !== undefined) {
      clearTimeout(recheck);
      recheck = setTimeout(evaluate, Math.max(0, verdict.recheckAt - clock()) + 5);
    }
  };

  workloads.onChange(evaluate);
  let podCheck: NodeJS.Timeout | undefined;
  const checkPods = (delayMs: number) => {
    podCheck = setTimeout(async () => {
      try {
        await readPods();
        evaluate();
      } catch (error) {
        // 401, 403, 404 on the pods: as on the watch, waiting longer cannot help; anything else is read again.
        if (error instanceof KubeApiError && error.status >= 400 && error.status < 500 && error.status !== 429) {
          if (!finished) {
            finished = true;
            fail(error);
          }
          return;
        }
      }
      if (!finished) checkPods(podCheckIntervalMs(options.podErrorGraceMs));
    }, delayMs);
  };
  checkPods(FIRST_POD_CHECK_MS);
  const timer = setTimeout(() => {
    const last = timeline.at(-1)?.message ?? 'no status seen';
    finish(false, 'timeout', `timed out after ${Math.round(options.timeoutMs / 1000)} s: ${last}`);
  }, options.timeoutMs);
  if (outer?.aborted) finish(false, 'aborted', 'aborted before the rollout was watched');
  outer?.addEventListener('abort', () => finish(false, 'aborted', 'aborted'));

  const running = workloads.run(stop.signal).catch((error: unknown) => {
    // 401, 403, 404 on the watch: waiting longer cannot help.
    if (!finished) {
      finished = true;
      fail(error);
    }
  });
  try {
    return await settled;
  } finally {
    clearTimeout(timer);
    clearTimeout(recheck);
    clearTimeout(podCheck);
    stop.abort();
    outer?.removeEventListener('abort', onOuterAbort);
    await running;
  }
}
