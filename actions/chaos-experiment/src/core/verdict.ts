/**
 * The verdict, as one table read top to bottom (the first row that applies decides):
 *
 * | situation                                                   | verdict | outcome                   |
 * | ----------------------------------------------------------- | ------- | ------------------------- |
 * | the action stopped it at the overall timeout                | fail    | timed-out                 |
 * | the job was cancelled and the action stopped it             | fail    | cancelled                 |
 * | it has not finished (and the action did not stop it)        | fail    | not-finished              |
 * | an action failed                                            | fail    | action-failed             |
 * | a probe failed (the action stopped it, or it ran to its end)| fail    | probe-failed              |
 * | completed, but a stop condition was declared expected       | fail    | expected-stop-missing     |
 * | completed                                                   | pass    | passed                    |
 * | failed (no action failed: targets, permissions, alarms…)    | fail    | experiment-failed         |
 * | cancelled                                                   | fail    | cancelled                 |
 * | stopped with a stop-condition alarm in ALARM, expected      | pass    | stop-condition-expected   |
 * | stopped with a stop-condition alarm in ALARM                | fail    | stop-condition            |
 * | stopped, no stop-condition alarm in ALARM (stopped outside) | fail    | stopped                   |
 *
 * FIS's own reason text is carried along to be shown, never matched on.
 */
import type { ExperimentView } from './fis-shapes.js';
import { oneLine } from './watch.js';

export type ProbePhase = 'before' | 'during' | 'after';

export interface ProbeResult {
  name: string;
  phase: ProbePhase;
  kind: 'http' | 'alarm';
  passed: boolean;
  detail: string;
  at: Date;
}

export type StoppedBy = 'timeout' | 'probe' | 'cancelled-job';

export interface VerdictInput {
  experiment: ExperimentView;
  /** Set when the action itself called StopExperiment, and why. */
  stoppedBy?: StoppedBy;
  /** The workflow declared that a stop condition is expected to stop the experiment. */
  expectStopCondition: boolean;
  probes?: readonly ProbeResult[];
  /**
   * Stop-condition alarms read in ALARM after the experiment stopped; undefined when they were not read (a stop
   * is then taken to be a stop condition's).
   */
  alarmsInAlarm?: readonly string[];
}

export type VerdictOutcome =
  | 'passed'
  | 'stop-condition-expected'
  | 'timed-out'
  | 'cancelled'
  | 'not-finished'
  | 'action-failed'
  | 'probe-failed'
  | 'expected-stop-missing'
  | 'experiment-failed'
  | 'stop-condition'
  | 'stopped';

export interface Verdict {
  passed: boolean;
  outcome: VerdictOutcome;
  /** One sentence for the log, the summary and the step's failure. */
  headline: string;
  /** FIS's reason for the experiment's state, as FIS wrote it (one line). */
  fisReason?: string;
  failedActions: { name: string; reason?: string }[];
  failedProbes: ProbeResult[];
}

export function decideVerdict(input: VerdictInput): Verdict {
  const { experiment } = input;
  const status = experiment.state?.status ?? 'unknown';
  const fisReason = experiment.state?.reason ? oneLine(experiment.state.reason) : undefined;
  const failedActions = Object.entries(experiment.actions ?? {})
    .filter(([, a]) => a.state?.status === 'failed')
    .map(([name, a]) => ({ name, ...(a.state?.reason ? { reason: oneLine(a.state.reason) } : {}) }));
  const failedProbes = (input.probes ?? []).filter((p) => !p.passed);
  const id = experiment.id ?? 'experiment';
  const because = fisReason ? ` FIS: ${fisReason}` : '';
  const result = (passed: boolean, outcome: VerdictOutcome, headline: string): Verdict => ({
    passed,
    outcome,
    headline,
    ...(fisReason ? { fisReason } : {}),
    failedActions,
    failedProbes,
  });
  const finished = ['completed', 'stopped', 'failed', 'cancelled'].includes(status);

  if (input.stoppedBy === 'timeout') {
    return result(
      false,
      'timed-out',
      `Experiment ${id} ran past the overall timeout and was stopped (${status}).${because}`,
    );
  }
  if (input.stoppedBy === 'cancelled-job') {
    return result(false, 'cancelled', `The job was cancelled: experiment ${id} was stopped (${status}).${because}`);
  }
  if (!finished && input.stoppedBy !== 'probe') {
    return result(false, 'not-finished', `Experiment ${id} has not finished: it is ${status}.${because}`);
  }
  if (failedActions.length > 0) {
    const list = failedActions.map((a) => `${a.name}${a.reason ? ` (${a.reason})` : ''}`).join(', ');
    return result(false, 'action-failed', `Experiment ${id} ${status}: action(s) failed: ${list}.${because}`);
  }
  if (failedProbes.length > 0 || input.stoppedBy === 'probe') {
    const list = failedProbes.map((p) => `${p.name} ${p.phase} (${oneLine(p.detail)})`).join(', ') || 'a probe';
    return result(false, 'probe-failed', `Experiment ${id} ${status}: probe(s) failed: ${list}.${because}`);
  }
  switch (status) {
    case 'completed':
      return input.expectStopCondition
        ? result(
            false,
            'expected-stop-missing',
            `Experiment ${id} completed, but a stop condition was expected to stop it.${because}`,
          )
        : result(true, 'passed', `Experiment ${id} completed.${because}`);
    case 'failed':
      return result(false, 'experiment-failed', `Experiment ${id} failed.${because}`);
    case 'cancelled':
      return result(false, 'cancelled', `Experiment ${id} was cancelled.${because}`);
    default: {
      const alarms = input.alarmsInAlarm;
      if (alarms !== undefined && alarms.length === 0) {
        return result(
          false,
          'stopped',
          `Experiment ${id} was stopped from outside this workflow (no stop-condition alarm is in ALARM).${because}`,
        );
      }
      const which = alarms && alarms.length > 0 ? ` (${alarms.map(oneLine).join(', ')} in ALARM)` : '';
      return input.expectStopCondition
        ? result(
            true,
            'stop-condition-expected',
            `Experiment ${id} was stopped by a stop condition${which}, as expected.${because}`,
          )
        : result(false, 'stop-condition', `Experiment ${id} was stopped by a stop condition${which}.${because}`);
    }
  }
}
