/**
 * The planned time along startAfter chains (https://docs.aws.amazon.com/fis/latest/userguide/action-sequence.html),
 * the overall timeout, and the post step's clean-up plan (https://docs.aws.amazon.com/fis/latest/APIReference/API_StopExperiment.html).
 */
import { describe, expect, it } from '@jest/globals';
import { cleanupPlan } from '../src/core/cleanup-plan.js';
import { plannedSeconds, timeoutSeconds, DEFAULT_TIMEOUT_MARGIN_SECONDS } from '../src/core/schedule.js';

const ACTIONS = {
  a: { actionId: 'aws:fis:wait', parameters: { duration: 'PT1M' } },
  b: { actionId: 'aws:fis:wait', parameters: { duration: 'PT5M' }, startAfter: ['a'] },
  c: { actionId: 'aws:fis:wait', parameters: { duration: 'PT30S' }, startAfter: ['a'] },
  d: { actionId: 'aws:ec2:reboot-instances', startAfter: ['b', 'c'] },
};

describe('plannedSeconds', () => {
  it('is the longest startAfter chain: a (60) then b (300), d instant', () => {
    expect(plannedSeconds(ACTIONS)).toBe(360);
  });

  it('runs actions without startAfter in parallel, and survives a cycle', () => {
    expect(plannedSeconds({ x: { parameters: { duration: 'PT2M' } }, y: { parameters: { duration: 'PT3M' } } })).toBe(
      180,
    );
    expect(
      plannedSeconds({ x: { startAfter: ['y'], parameters: { duration: 'PT1M' } }, y: { startAfter: ['x'] } }),
    ).toBe(60);
    expect(plannedSeconds({})).toBe(0);
  });
});

describe('timeoutSeconds', () => {
  it('defaults to the plan plus the margin', () => {
    expect(timeoutSeconds('', ACTIONS)).toBe(360 + DEFAULT_TIMEOUT_MARGIN_SECONDS);
  });

  it.each([
    ['90m', 5400],
    ['1h30m', 5400],
    ['400s', 400],
    ['PT20M', 1200],
    ['pt1h', 3600],
  ])('reads %s as %d seconds', (text, seconds) => {
    expect(timeoutSeconds(text, ACTIONS)).toBe(seconds);
  });

  it('refuses what is no duration, over six hours, or shorter than the plan', () => {
    expect(() => timeoutSeconds('soon', ACTIONS)).toThrow(/timeout "soon" is not a duration/);
    expect(() => timeoutSeconds('7h', ACTIONS)).toThrow(/from 1 s to 6 h/);
    expect(() => timeoutSeconds('0s', ACTIONS)).toThrow(/from 1 s to 6 h/);
    expect(() => timeoutSeconds('5m', ACTIONS)).toThrow(/shorter than the template's actions take \(360 s/);
  });
});

describe('cleanupPlan', () => {
  it.each(['pending', 'initiating', 'running'])('stops an experiment still %s when post runs', (status) => {
    const plan = cleanupPlan({ experimentId: 'EXP1' }, status);
    expect(plan.stopExperiment).toBe('EXP1');
    expect(plan.notes[0]).toMatch(new RegExp(`EXP1 is ${status} after the step ended: stopping it`));
  });

  it('stops it too when its state could not be read', () => {
    expect(cleanupPlan({ experimentId: 'EXP1' }, undefined).stopExperiment).toBe('EXP1');
  });

  it.each(['completed', 'stopping', 'stopped', 'failed', 'cancelled'])('leaves an experiment that is %s', (status) => {
    expect(cleanupPlan({ experimentId: 'EXP1' }, status).stopExperiment).toBeUndefined();
  });

  it('deletes a template the step created unless asked to keep it; never one it did not create', () => {
    expect(cleanupPlan({ experimentId: 'EXP1', createdTemplateId: 'EXT1' }, 'completed').deleteTemplate).toBe('EXT1');
    expect(cleanupPlan({ createdTemplateId: 'EXT1', keepTemplate: true }, undefined)).toEqual({
      notes: ['Keeping experiment template EXT1, as asked.'],
    });
    expect(cleanupPlan({ experimentId: 'EXP1' }, 'completed')).toEqual({
      notes: ['Experiment EXP1 is completed: nothing to stop.'],
    });
    expect(cleanupPlan({}, undefined)).toEqual({ notes: [] });
  });
});
