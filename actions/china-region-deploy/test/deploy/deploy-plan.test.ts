import { describe, expect, it } from '@jest/globals';
import {
  changeRows,
  changeSetOutcome,
  failureReasons,
  isNoChangesReason,
  newEvents,
  planStack,
  stackOutcome,
  type StackEventView,
} from '../../src/deploy/deploy-plan.js';

// Stack statuses: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/view-stack-events.html
// Change set statuses: https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeChangeSet.html

describe('planning the change set for a stack', () => {
  const options = { stackName: 'app', deleteFailedStack: false };

  it('creates a stack that is not there, deleted, or left in review by an earlier CREATE change set', () => {
    for (const status of [undefined, 'DELETE_COMPLETE', 'REVIEW_IN_PROGRESS']) {
      expect(planStack(status, options)).toEqual({ action: 'create' });
    }
  });

  it('updates a stack that rests in a complete status, a rolled-back update included', () => {
    for (const status of ['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE', 'IMPORT_COMPLETE']) {
      expect(planStack(status, options)).toEqual({ action: 'update' });
    }
  });

  it('waits while another operation is under way', () => {
    expect(planStack('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', options)).toEqual({
      action: 'wait',
      status: 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS',
    });
  });

  it('refuses ROLLBACK_COMPLETE with the fix, and deletes it first only when allowed (aws-cloudformation-github-deploy#107)', () => {
    const refused = planStack('ROLLBACK_COMPLETE', options);
    expect(refused).toMatchObject({ action: 'refuse', status: 'ROLLBACK_COMPLETE' });
    expect(refused.action === 'refuse' && refused.message).toMatch(/delete the stack .* deploy again/);
    expect(planStack('ROLLBACK_COMPLETE', { ...options, deleteFailedStack: true })).toEqual({
      action: 'recreate',
      status: 'ROLLBACK_COMPLETE',
    });
    const stuck = planStack('UPDATE_ROLLBACK_FAILED', { ...options, deleteFailedStack: true });
    expect(stuck.action === 'refuse' && stuck.message).toMatch(/ContinueUpdateRollback/);
  });
});

describe('reading a change set', () => {
  it('is ready when CREATE_COMPLETE and AVAILABLE, pending before', () => {
    expect(changeSetOutcome({ status: 'CREATE_PENDING', executionStatus: 'UNAVAILABLE' })).toEqual({
      outcome: 'pending',
    });
    expect(changeSetOutcome({ status: 'CREATE_IN_PROGRESS', executionStatus: 'UNAVAILABLE' })).toEqual({
      outcome: 'pending',
    });
    expect(changeSetOutcome({ status: 'CREATE_COMPLETE', executionStatus: 'AVAILABLE' })).toEqual({ outcome: 'ready' });
    expect(changeSetOutcome({ status: 'CREATE_COMPLETE', executionStatus: 'OBSOLETE' })).toMatchObject({
      outcome: 'failed',
    });
  });

  it('tells "no changes" from a real failure, so an empty change set is success without a hang (github-deploy#159)', () => {
    const reason =
      "The submitted information didn't contain changes. Submit different information to create a change set.";
    expect(changeSetOutcome({ status: 'FAILED', statusReason: reason, executionStatus: 'UNAVAILABLE' })).toEqual({
      outcome: 'no-changes',
      reason,
    });
    expect(isNoChangesReason('No updates are to be performed.')).toBe(true);
    expect(changeSetOutcome({ status: 'FAILED', statusReason: 'Template format error: bad' })).toEqual({
      outcome: 'failed',
      reason: 'Template format error: bad',
    });
  });
});

describe('stack outcomes and events', () => {
  it('ends on complete statuses and counts a completed rollback as a failure', () => {
    expect(stackOutcome('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS')).toBe('in-progress');
    expect(stackOutcome('CREATE_COMPLETE')).toBe('succeeded');
    expect(stackOutcome('UPDATE_COMPLETE')).toBe('succeeded');
    for (const status of ['ROLLBACK_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE', 'CREATE_FAILED', 'DELETE_FAILED']) {
      expect(stackOutcome(status)).toBe('failed');
    }
  });

  const event = (eventId: string, logicalId: string, status: string, reason?: string): StackEventView => ({
    eventId,
    logicalId,
    resourceType: 'AWS::SQS::Queue',
    status,
    timestamp: '2026-01-01T00:00:00.000Z',
    ...(reason ? { reason } : {}),
  });

  it('puts the real causes of a failure before the cancellations they set off', () => {
    const events = [
      event('1', 'A', 'CREATE_IN_PROGRESS'),
      event('2', 'B', 'CREATE_FAILED', 'Resource creation cancelled'),
      event('3', 'A', 'CREATE_FAILED', 'Resource handler returned message: "Queue limit exceeded"'),
      event('4', 'app', 'ROLLBACK_IN_PROGRESS', 'The following resource(s) failed to create: [A, B].'),
    ];
    expect(failureReasons(events).map((item) => [item.logicalId, item.reason])).toEqual([
      ['A', 'Resource handler returned message: "Queue limit exceeded"'],
      ['B', 'Resource creation cancelled'],
    ]);
  });

  it('streams only the events newer than the last one shown, oldest first', () => {
    const page = [
      event('5', 'app', 'CREATE_COMPLETE'),
      event('4', 'A', 'CREATE_COMPLETE'),
      event('3', 'A', 'CREATE_IN_PROGRESS'),
    ];
    expect(newEvents(page, '3').map((item) => item.eventId)).toEqual(['4', '5']);
    expect(newEvents(page, '5')).toEqual([]);
    expect(newEvents(page, undefined).map((item) => item.eventId)).toEqual(['3', '4', '5']);
  });

  it('makes the change table rows: action, logical id, type, replacement', () => {
    expect(
      changeRows([
        { action: 'Modify', logicalId: 'Queue', resourceType: 'AWS::SQS::Queue', replacement: 'True' },
        { action: 'Add', logicalId: 'Topic', resourceType: 'AWS::SNS::Topic' },
      ]),
    ).toEqual([
      { action: 'Modify', logicalId: 'Queue', type: 'AWS::SQS::Queue', replacement: 'True' },
      { action: 'Add', logicalId: 'Topic', type: 'AWS::SNS::Topic', replacement: '—' },
    ]);
  });
});
