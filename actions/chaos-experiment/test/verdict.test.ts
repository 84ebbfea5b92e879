/** The verdict table of src/core/verdict.ts, row by row. States: https://docs.aws.amazon.com/fis/latest/APIReference/API_ExperimentState.html */
import { describe, expect, it } from '@jest/globals';
import type { ExperimentView } from '../src/core/fis-shapes.js';
import { decideVerdict, type ProbeResult, type VerdictInput } from '../src/core/verdict.js';

function experiment(
  status: string,
  reason: string,
  actions: Record<string, [string, string?]> = { a: ['completed'] },
): ExperimentView {
  return {
    id: 'EXP1',
    state: { status, reason },
    actions: Object.fromEntries(
      Object.entries(actions).map(([n, [s, r]]) => [n, { state: { status: s, ...(r ? { reason: r } : {}) } }]),
    ),
  };
}

const probe = (passed: boolean): ProbeResult => ({
  name: 'health',
  phase: 'during',
  kind: 'http',
  passed,
  detail: passed ? '200' : 'HTTP 503, expected 200',
  at: new Date(0),
});

function verdict(input: Partial<VerdictInput> & { experiment: ExperimentView }) {
  return decideVerdict({ expectStopCondition: false, ...input });
}

describe('decideVerdict', () => {
  it('passes a completed experiment, showing the FIS reason', () => {
    const v = verdict({ experiment: experiment('completed', 'Experiment completed.') });
    expect(v).toMatchObject({
      passed: true,
      outcome: 'passed',
      headline: 'Experiment EXP1 completed. FIS: Experiment completed.',
      fisReason: 'Experiment completed.',
    });
  });

  it('fails when any action failed, naming it and its reason', () => {
    const v = verdict({
      experiment: experiment('failed', 'Experiment failed.', {
        a: ['completed'],
        b: ['failed', 'Unable to start: no SSM agent.'],
      }),
    });
    expect(v).toMatchObject({ passed: false, outcome: 'action-failed' });
    expect(v.headline).toBe(
      'Experiment EXP1 failed: action(s) failed: b (Unable to start: no SSM agent.). FIS: Experiment failed.',
    );
    expect(v.failedActions).toEqual([{ name: 'b', reason: 'Unable to start: no SSM agent.' }]);
  });

  it('fails an experiment stopped by a stop condition, unless the stop was declared expected', () => {
    const stopped = experiment('stopped', 'Experiment stopped by stop condition.', { a: ['stopped'] });
    expect(verdict({ experiment: stopped, alarmsInAlarm: ['web-5xx'] })).toMatchObject({
      passed: false,
      outcome: 'stop-condition',
      headline:
        'Experiment EXP1 was stopped by a stop condition (web-5xx in ALARM). FIS: Experiment stopped by stop condition.',
    });
    expect(verdict({ experiment: stopped, alarmsInAlarm: ['web-5xx'], expectStopCondition: true })).toMatchObject({
      passed: true,
      outcome: 'stop-condition-expected',
    });
    expect(verdict({ experiment: stopped })).toMatchObject({ passed: false, outcome: 'stop-condition' });
  });

  it('fails a stop from outside the workflow (no alarm in ALARM), even when a stop condition was expected', () => {
    const stopped = experiment('stopped', 'Experiment stopped.', { a: ['stopped'] });
    expect(verdict({ experiment: stopped, alarmsInAlarm: [], expectStopCondition: true })).toMatchObject({
      passed: false,
      outcome: 'stopped',
    });
  });

  it('fails a completed experiment when a stop condition was expected to stop it', () => {
    expect(
      verdict({ experiment: experiment('completed', 'Experiment completed.'), expectStopCondition: true }),
    ).toMatchObject({
      passed: false,
      outcome: 'expected-stop-missing',
    });
  });

  it('fails at the timeout, whatever state the experiment reached', () => {
    for (const status of ['stopping', 'stopped', 'running']) {
      expect(verdict({ experiment: experiment(status, 'Stopping Experiment.'), stoppedBy: 'timeout' })).toMatchObject({
        passed: false,
        outcome: 'timed-out',
      });
    }
  });

  it('fails a cancelled experiment and a cancelled job', () => {
    expect(verdict({ experiment: experiment('cancelled', 'Experiment cancelled.') })).toMatchObject({
      passed: false,
      outcome: 'cancelled',
    });
    expect(
      verdict({ experiment: experiment('stopped', 'Experiment stopped.'), stoppedBy: 'cancelled-job' }),
    ).toMatchObject({ passed: false, outcome: 'cancelled' });
  });

  it('fails an experiment that failed without a failed action (targets, permissions)', () => {
    expect(
      verdict({ experiment: experiment('failed', 'Target resolution failed.', { a: ['cancelled'] }) }),
    ).toMatchObject({ passed: false, outcome: 'experiment-failed' });
  });

  it('fails on a failed probe, whether or not the action stopped the experiment for it', () => {
    expect(
      verdict({ experiment: experiment('completed', 'Experiment completed.'), probes: [probe(true), probe(false)] }),
    ).toMatchObject({ passed: false, outcome: 'probe-failed' });
    const v = verdict({
      experiment: experiment('stopping', 'Stopping Experiment.'),
      probes: [probe(false)],
      stoppedBy: 'probe',
    });
    expect(v).toMatchObject({ passed: false, outcome: 'probe-failed' });
    expect(v.headline).toMatch(/probe\(s\) failed: health during \(HTTP 503, expected 200\)/);
    expect(
      verdict({ experiment: experiment('completed', 'Experiment completed.'), probes: [probe(true)] }).passed,
    ).toBe(true);
  });

  it('fails an experiment that has not finished', () => {
    expect(verdict({ experiment: experiment('running', 'Experiment is running.') })).toMatchObject({
      passed: false,
      outcome: 'not-finished',
    });
  });
});
