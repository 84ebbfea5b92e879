/**
 * The watch loop's pure parts: when to poll next (backoff, reset after every change, never past the deadline),
 * what changed between two GetExperiment answers (as log lines), and when each action was seen to start and end
 * (for the timeline, where FIS did not give the times).
 */
import { FINISHED_EXPERIMENT_STATUSES, type ExperimentView } from './fis-shapes.js';

export interface PollPolicy {
  firstMs: number;
  maxMs: number;
  factor: number;
}

/** 2 s, 3 s, 4.5 s, … up to 30 s while nothing changes. */
export const DEFAULT_POLL_POLICY: PollPolicy = { firstMs: 2000, maxMs: 30_000, factor: 1.5 };

/**
 * Milliseconds to wait before the next GetExperiment: the backoff for the number of polls since the last change,
 * cut to what is left before the deadline (0 when it has passed).
 */
export function nextPollDelay(
  pollsSinceChange: number,
  remainingMs: number,
  policy: PollPolicy = DEFAULT_POLL_POLICY,
): number {
  const backoff = Math.min(policy.maxMs, policy.firstMs * policy.factor ** Math.max(0, pollsSinceChange));
  return Math.max(0, Math.min(Math.round(backoff), remainingMs));
}

export function isFinished(experiment: ExperimentView | undefined): boolean {
  return FINISHED_EXPERIMENT_STATUSES.includes(experiment?.state?.status ?? '');
}

export interface StateChange {
  /** undefined for the experiment itself. */
  action?: string;
  actionId?: string;
  from?: string;
  to: string;
  reason?: string;
}

/** FIS reasons are FIS's text: one line, no control characters, at most 512 characters (FIS's own limit). */
// eslint-disable-next-line no-control-regex -- control characters are what this removes
const CONTROL = /[\u0000-\u001f\u007f]+/g;

export function oneLine(text: string): string {
  return text.replace(CONTROL, ' ').replace(/\s+/g, ' ').trim().slice(0, 512);
}

/** The experiment's and each action's state changes from `previous` (undefined: first poll) to `current`. */
export function stateChanges(previous: ExperimentView | undefined, current: ExperimentView): StateChange[] {
  const changes: StateChange[] = [];
  const before = previous?.state?.status;
  const now = current.state?.status;
  if (now && now !== before) {
    changes.push({
      ...(before ? { from: before } : {}),
      to: now,
      ...(current.state?.reason ? { reason: current.state.reason } : {}),
    });
  }
  for (const [name, action] of Object.entries(current.actions ?? {})) {
    const was = previous?.actions?.[name]?.state?.status;
    const is = action.state?.status;
    if (!is || is === was) continue;
    changes.push({
      action: name,
      ...(action.actionId ? { actionId: action.actionId } : {}),
      ...(was ? { from: was } : {}),
      to: is,
      ...(action.state?.reason ? { reason: action.state.reason } : {}),
    });
  }
  return changes;
}

/** `experiment EXP…: running → completed (Experiment completed.)`, `action inject (aws:fis:wait): pending → running`. */
export function changeLine(change: StateChange, experimentId: string): string {
  const subject =
    change.action === undefined
      ? `experiment ${oneLine(experimentId)}`
      : `action ${oneLine(change.action)}${change.actionId ? ` (${oneLine(change.actionId)})` : ''}`;
  const move = change.from ? `${change.from} → ${change.to}` : change.to;
  return `${subject}: ${move}${change.reason ? ` (${oneLine(change.reason)})` : ''}`;
}

export interface ActionTimes {
  start?: Date;
  end?: Date;
}

const STARTED = ['initiating', 'running', 'stopping', 'completed', 'stopped', 'failed'];
const ENDED = ['completed', 'stopped', 'failed', 'cancelled', 'skipped'];

/**
 * Each action's start and end: FIS's startTime/endTime when given, otherwise the time of the first poll that
 * showed it started or ended. Returns a new map; `seen` is not changed.
 */
export function observeTimes(
  seen: ReadonlyMap<string, ActionTimes>,
  experiment: ExperimentView,
  observedAt: Date,
): Map<string, ActionTimes> {
  const next = new Map(seen);
  for (const [name, action] of Object.entries(experiment.actions ?? {})) {
    const earlier = seen.get(name) ?? {};
    const status = action.state?.status ?? '';
    const start = action.startTime ?? earlier.start ?? (STARTED.includes(status) ? observedAt : undefined);
    const end = action.endTime ?? earlier.end ?? (ENDED.includes(status) ? observedAt : undefined);
    next.set(name, { ...(start ? { start } : {}), ...(end ? { end } : {}) });
  }
  return next;
}
