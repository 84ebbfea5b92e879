/** The watch loop's schedule and change detection over GetExperiment answers (https://docs.aws.amazon.com/fis/latest/APIReference/API_GetExperiment.html). */
import { describe, expect, it } from '@jest/globals';
import type { ExperimentView } from '../src/core/fis-shapes.js';
import {
  changeLine,
  isFinished,
  nextPollDelay,
  observeTimes,
  oneLine,
  stateChanges,
  DEFAULT_POLL_POLICY,
} from '../src/core/watch.js';

function experiment(status: string, actions: Record<string, [string, string?]>, reason?: string): ExperimentView {
  return {
    id: 'EXP1',
    state: { status, ...(reason ? { reason } : {}) },
    actions: Object.fromEntries(
      Object.entries(actions).map(([name, [s, r]]) => [
        name,
        { actionId: 'aws:fis:wait', state: { status: s, ...(r ? { reason: r } : {}) } },
      ]),
    ),
  };
}

describe('nextPollDelay', () => {
  it('backs off 2 s × 1.5 per quiet poll up to 30 s', () => {
    const delays = Array.from({ length: 10 }, (_, n) => nextPollDelay(n, Number.POSITIVE_INFINITY));
    expect(delays).toEqual([2000, 3000, 4500, 6750, 10125, 15188, 22781, 30000, 30000, 30000]);
  });

  it('never waits past the deadline, and not at all once it has passed', () => {
    expect(nextPollDelay(8, 1200)).toBe(1200);
    expect(nextPollDelay(0, -5)).toBe(0);
  });

  it('takes another policy', () => {
    expect(nextPollDelay(2, 1e9, { firstMs: 100, maxMs: 250, factor: 2 })).toBe(250);
    expect(DEFAULT_POLL_POLICY.maxMs).toBe(30_000);
  });
});

describe('stateChanges / changeLine', () => {
  it('reports everything on the first poll', () => {
    const changes = stateChanges(undefined, experiment('pending', { inject: ['pending'] }, 'Experiment is pending.'));
    expect(changes.map((c) => changeLine(c, 'EXP1'))).toEqual([
      'experiment EXP1: pending (Experiment is pending.)',
      'action inject (aws:fis:wait): pending',
    ]);
  });

  it('reports only what moved, with the from and to states and FIS reason', () => {
    const before = experiment('running', { a: ['running'], b: ['pending'] });
    const after = experiment('running', { a: ['completed', 'Action was completed.'], b: ['initiating'] });
    expect(stateChanges(before, after).map((c) => changeLine(c, 'EXP1'))).toEqual([
      'action a (aws:fis:wait): running → completed (Action was completed.)',
      'action b (aws:fis:wait): pending → initiating',
    ]);
    expect(stateChanges(after, after)).toEqual([]);
  });

  it('reports the experiment moving to its end', () => {
    const changes = stateChanges(experiment('running', {}), experiment('completed', {}, 'Experiment completed.'));
    expect(changes).toEqual([{ from: 'running', to: 'completed', reason: 'Experiment completed.' }]);
  });

  it('keeps FIS text on one line, so it cannot start a workflow command on a line of its own', () => {
    const changes = stateChanges(undefined, experiment('failed', {}, 'bad\n::error::injected\r\nthing'));
    const line = changeLine(changes[0]!, 'EXP1');
    expect(line).toBe('experiment EXP1: failed (bad ::error::injected thing)');
    expect(line.split('\n')).toHaveLength(1);
    expect(oneLine('x'.repeat(600))).toHaveLength(512);
  });
});

describe('isFinished', () => {
  it.each([
    ['completed', true],
    ['stopped', true],
    ['failed', true],
    ['cancelled', true],
    ['pending', false],
    ['initiating', false],
    ['running', false],
    ['stopping', false],
  ])('%s → %s (https://docs.aws.amazon.com/fis/latest/APIReference/API_ExperimentState.html)', (status, finished) => {
    expect(isFinished({ state: { status } })).toBe(finished);
  });
});

describe('observeTimes', () => {
  it('uses FIS times when given, otherwise the poll that first saw a start or an end', () => {
    const t1 = new Date('2026-01-01T10:00:00Z');
    const t2 = new Date('2026-01-01T10:00:10Z');
    const fisStart = new Date('2026-01-01T09:59:58Z');
    let seen = observeTimes(new Map(), experiment('running', { a: ['running'], b: ['pending'] }), t1);
    expect(seen.get('a')).toEqual({ start: t1 });
    expect(seen.get('b')).toEqual({});
    const second = experiment('running', { a: ['completed'], b: ['running'] });
    second.actions!.b!.startTime = fisStart;
    seen = observeTimes(seen, second, t2);
    expect(seen.get('a')).toEqual({ start: t1, end: t2 });
    expect(seen.get('b')).toEqual({ start: fisStart });
  });
});
