/**
 * One experiment's state machine, driven by a clock in virtual seconds (real time times the time scale):
 *
 * - experiment: pending → initiating (targets resolved, stop-condition alarms read once) → running →
 *   completed | stopping → stopped | failed; a stop while pending cancels it
 *   (https://docs.aws.amazon.com/fis/latest/APIReference/API_ExperimentState.html);
 * - actions: pending until every `startAfter` action has completed, then initiating → running for their
 *   `duration` parameter (ISO 8601; one virtual second without one) → completed; `skip-all` marks every action
 *   skipped; a stop moves running actions through stopping to stopped and cancels pending ones; a failed action
 *   fails the experiment (https://docs.aws.amazon.com/fis/latest/APIReference/API_ExperimentActionState.html).
 *
 * Pure apart from the clock passed to `advance`.
 */
import { durationSeconds } from './duration.js';
import { REASONS } from './reasons.js';
import {
  FINISHED_ACTION,
  FINISHED_EXPERIMENT,
  type ActionStatus,
  type Experiment,
  type ExperimentAction,
  type ExperimentStatus,
  type Transition,
} from './types.js';

/** Virtual seconds each phase lasts. */
export const PHASE_SECONDS = { pending: 1, initiating: 2, actionInitiating: 1, instantAction: 1, stopping: 2 };

export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

export class ExperimentRun {
  readonly history: Transition[] = [];
  /** Resolved resource ARNs per target, once initiating. */
  resolved: Map<string, string[]> | undefined;
  private since = 0;
  private readonly actionSince = new Map<string, number>();
  private stopRequest: { stopping: string; stopped: string } | undefined;
  private alarmsRead = false;

  constructor(
    readonly experiment: Experiment,
    /** Action name → reason, for actions the test wants to fail when they run. */
    readonly failures: Map<string, string>,
    private readonly resolve: (experiment: Experiment) => Map<string, string[]>,
    private readonly epochSeconds: () => number,
  ) {
    this.record(undefined, 'pending', experiment.state.reason, 0);
    for (const name of Object.keys(experiment.actions)) this.record(name, 'pending', REASONS.action.pending, 0);
  }

  get status(): ExperimentStatus {
    return this.experiment.state.status;
  }

  get finished(): boolean {
    return FINISHED_EXPERIMENT.includes(this.status);
  }

  /** Alarm ARNs of the stop conditions, while they are watched (initiating and running). */
  watchedAlarms(): string[] {
    if (this.status !== 'initiating' && this.status !== 'running') return [];
    return this.experiment.stopConditions.flatMap((c) =>
      c.source === 'aws:cloudwatch:alarm' && c.value ? [c.value] : [],
    );
  }

  /** What the stop-condition watcher read; an alarm missing from `states` does not exist. */
  alarmStates(states: ReadonlyMap<string, AlarmState>, at: number): void {
    if (this.finished || this.status === 'stopping') return;
    for (const arn of this.watchedAlarms()) {
      const state = states.get(arn);
      if (state === undefined) return this.fail(REASONS.experiment.alarmMissing(arn), at);
      if (state === 'ALARM') {
        const reason = REASONS.experiment.stopCondition(arn);
        return this.stop({ stopping: reason, stopped: reason }, at);
      }
    }
    this.alarmsRead = true;
  }

  /** The watcher cannot read alarms at all (no CloudWatch configured). */
  alarmsUnreadable(reason: string, at: number): void {
    if (this.watchedAlarms().length > 0) this.fail(reason, at);
  }

  /** StopExperiment. */
  requestStop(at: number): void {
    this.stop({ stopping: REASONS.experiment.stopping, stopped: REASONS.experiment.stopped }, at);
  }

  /** Moves the machine to virtual time `at` (seconds since the experiment was created). */
  advance(at: number): void {
    for (let guard = 0; guard < 100 && this.step(at); guard++);
  }

  private step(at: number): boolean {
    const { experiment } = this;
    switch (this.status) {
      case 'pending':
        if (at < this.since + PHASE_SECONDS.pending) return false;
        this.setExperiment('initiating', REASONS.experiment.initiating, this.since + PHASE_SECONDS.pending);
        this.resolved = this.resolve(experiment);
        return true;
      case 'initiating': {
        const empty = [...(this.resolved ?? new Map<string, string[]>())].find(([, arns]) => arns.length === 0);
        if (empty && experiment.experimentOptions.emptyTargetResolutionMode === 'fail') {
          this.fail(REASONS.experiment.targetsEmpty(empty[0]), at);
          return true;
        }
        const alarmsReady = this.alarmsRead || this.watchedAlarms().length === 0;
        if (!alarmsReady || at < this.since + PHASE_SECONDS.initiating) return false;
        experiment.startTime = this.epochSeconds();
        this.setExperiment('running', REASONS.experiment.running, this.since + PHASE_SECONDS.initiating);
        if (experiment.experimentOptions.actionsMode === 'skip-all') {
          for (const name of Object.keys(experiment.actions))
            this.setAction(name, 'skipped', REASONS.action.skipped, at);
        }
        return true;
      }
      case 'running':
        return this.stepActions(at);
      case 'stopping': {
        if (at < this.since + PHASE_SECONDS.stopping) return false;
        const when = this.since + PHASE_SECONDS.stopping;
        for (const [name, action] of Object.entries(experiment.actions)) {
          if (action.state.status === 'stopping') this.setAction(name, 'stopped', REASONS.action.stopped, when);
        }
        this.finish('stopped', this.stopRequest?.stopped ?? REASONS.experiment.stopped, when);
        return true;
      }
      default:
        return false;
    }
  }

  private stepActions(at: number): boolean {
    const actions = this.experiment.actions;
    let changed = false;
    for (const [name, action] of Object.entries(actions)) {
      const since = this.actionSince.get(name) ?? 0;
      switch (action.state.status) {
        case 'pending': {
          const before = (action.startAfter ?? []).map((n) => actions[n]?.state.status);
          if (!before.every((s) => s === 'completed' || s === 'skipped')) break;
          const start = Math.max(this.since, ...(action.startAfter ?? []).map((n) => this.actionSince.get(n) ?? 0));
          if (this.targetsSkipped(action)) this.setAction(name, 'skipped', REASONS.action.skipped, start);
          else {
            action.startTime = this.epochSeconds();
            this.setAction(name, 'initiating', REASONS.action.initiating, start);
          }
          changed = true;
          break;
        }
        case 'initiating':
          if (at < since + PHASE_SECONDS.actionInitiating) break;
          this.setAction(name, 'running', REASONS.action.running, since + PHASE_SECONDS.actionInitiating);
          changed = true;
          break;
        case 'running': {
          const failure = this.failures.get(name);
          if (failure !== undefined) {
            action.endTime = this.epochSeconds();
            this.setAction(name, 'failed', failure, Math.max(since, Math.min(at, since + this.runSeconds(action))));
            this.failExperiment(name, at);
            return true;
          }
          const end = since + this.runSeconds(action);
          if (at < end) break;
          action.endTime = this.epochSeconds();
          this.setAction(name, 'completed', REASONS.action.completed, end);
          changed = true;
          break;
        }
        default:
          break;
      }
    }
    const all = Object.values(actions);
    if (all.every((a) => a.state.status === 'completed' || a.state.status === 'skipped')) {
      const last = Math.max(this.since, ...Object.keys(actions).map((n) => this.actionSince.get(n) ?? 0));
      this.finish('completed', REASONS.experiment.completed, last);
      return true;
    }
    return changed;
  }

  private runSeconds(action: ExperimentAction): number {
    const duration = action.parameters?.duration;
    return duration === undefined ? PHASE_SECONDS.instantAction : (durationSeconds(duration) ?? 0);
  }

  private targetsSkipped(action: ExperimentAction): boolean {
    if (this.experiment.experimentOptions.emptyTargetResolutionMode !== 'skip') return false;
    return Object.values(action.targets ?? {}).some((t) => (this.resolved?.get(t) ?? []).length === 0);
  }

  private stop(reasons: { stopping: string; stopped: string }, at: number): void {
    if (this.finished || this.status === 'stopping') return;
    if (this.status === 'pending') {
      this.cancelPending(at);
      this.finish('cancelled', REASONS.experiment.cancelled, at);
      return;
    }
    this.stopRequest = reasons;
    for (const [name, action] of Object.entries(this.experiment.actions)) {
      if (action.state.status === 'running' || action.state.status === 'initiating') {
        this.setAction(name, 'stopping', REASONS.action.stopping, at);
      }
    }
    this.cancelPending(at);
    this.setExperiment('stopping', reasons.stopping, at);
  }

  private failExperiment(failedAction: string, at: number): void {
    for (const [name, action] of Object.entries(this.experiment.actions)) {
      if (action.state.status === 'running' || action.state.status === 'initiating') {
        this.setAction(name, 'stopped', REASONS.action.stopped, at);
      }
    }
    this.cancelPending(at);
    this.finish('failed', REASONS.experiment.actionFailed(failedAction), at);
  }

  private fail(reason: string, at: number): void {
    if (this.finished) return;
    this.cancelPending(at);
    for (const [name, action] of Object.entries(this.experiment.actions)) {
      if (!FINISHED_ACTION.includes(action.state.status)) this.setAction(name, 'stopped', REASONS.action.stopped, at);
    }
    this.finish('failed', reason, at);
  }

  private cancelPending(at: number): void {
    for (const [name, action] of Object.entries(this.experiment.actions)) {
      if (action.state.status === 'pending') this.setAction(name, 'cancelled', REASONS.action.cancelled, at);
    }
  }

  private finish(status: ExperimentStatus, reason: string, at: number): void {
    this.experiment.endTime = this.epochSeconds();
    this.setExperiment(status, reason, at);
  }

  private setExperiment(status: ExperimentStatus, reason: string, at: number): void {
    this.experiment.state = { status, reason };
    this.since = at;
    this.record(undefined, status, reason, at);
  }

  private setAction(name: string, status: ActionStatus, reason: string, at: number): void {
    const action = this.experiment.actions[name];
    if (!action) return;
    action.state = { status, reason };
    this.actionSince.set(name, at);
    this.record(name, status, reason, at);
  }

  private record(action: string | undefined, status: string, reason: string, atSeconds: number): void {
    this.history.push({ ...(action === undefined ? {} : { action }), status, reason, atSeconds });
  }
}
