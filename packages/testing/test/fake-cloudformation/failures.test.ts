import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  createChangeSet,
  deployNew,
  eventsOf,
  fakeAndClient,
  list,
  pollChangeSet,
  pollStack,
  REGION,
  TEMPLATE,
  text,
  type Call,
  type FakeCloudFormation,
} from './helpers.js';

// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/view-stack-events.html (stack status codes) and
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stack-failure-options.html (rollback on failure)
const STATUS_CODES = 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/view-stack-events.html';
const FAILURE_OPTIONS = 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stack-failure-options.html';

const FAILING = `Resources:
  Good:
    Type: AWS::SNS::Topic
  Bad:
    Type: AWS::SQS::Queue
    DependsOn: Good
    Metadata:
      FakeCloudFormation:
        Fail: create
        Reason: 'Resource handler returned message: "Queue limit exceeded"'
`;

describe('fake CloudFormation: failures and rollbacks', () => {
  let fake: FakeCloudFormation;
  let call: Call;

  beforeAll(async () => {
    ({ fake, call } = await fakeAndClient());
  });
  afterAll(async () => {
    await fake?.stop();
  });

  it(`rolls a failed creation back: ROLLBACK_IN_PROGRESS → ROLLBACK_COMPLETE, the reason on the failed resource (${STATUS_CODES})`, async () => {
    const { seen, stack } = await deployNew(call, 'broken', FAILING);
    expect(seen).toEqual(['CREATE_IN_PROGRESS', 'ROLLBACK_IN_PROGRESS', 'ROLLBACK_COMPLETE']);
    expect(text(stack, 'StackStatusReason')).toBeUndefined();
    expect(await eventsOf(call, 'broken')).toEqual([
      'broken REVIEW_IN_PROGRESS',
      'broken CREATE_IN_PROGRESS',
      'Good CREATE_IN_PROGRESS',
      'Good CREATE_COMPLETE',
      'Bad CREATE_IN_PROGRESS',
      'Bad CREATE_FAILED',
      'broken ROLLBACK_IN_PROGRESS',
      'Bad DELETE_IN_PROGRESS',
      'Bad DELETE_COMPLETE',
      'Good DELETE_IN_PROGRESS',
      'Good DELETE_COMPLETE',
      'broken ROLLBACK_COMPLETE',
    ]);
    const events = await call('DescribeStackEvents', { StackName: 'broken' });
    const failed = list(events.result.StackEvents).find((event) => text(event, 'ResourceStatus') === 'CREATE_FAILED');
    expect(text(failed, 'ResourceStatusReason')).toBe('Resource handler returned message: "Queue limit exceeded"');
    const rollback = list(events.result.StackEvents).find(
      (event) => text(event, 'ResourceStatus') === 'ROLLBACK_IN_PROGRESS',
    );
    expect(text(rollback, 'ResourceStatusReason')).toBe(
      'The following resource(s) failed to create: [Bad]. Rollback requested by user.',
    );
    const changeSet = await call('DescribeChangeSet', { StackName: 'broken', ChangeSetName: 'create' });
    expect(text(changeSet.result, 'ExecutionStatus')).toBe('EXECUTE_FAILED');
  });

  it(`refuses to update a stack in ROLLBACK_COMPLETE until it is deleted (${STATUS_CODES})`, async () => {
    const update = await createChangeSet(call, 'broken', 'retry', FAILING.replace('Fail: create', 'Fail: never'));
    expect(update.error?.Code).toBe('ValidationError');
    expect(update.error?.Message).toMatch(
      /^Stack:arn:aws-cn:cloudformation:cn-north-1:123456789012:stack\/broken\/[0-9a-f-]+ is in ROLLBACK_COMPLETE state and can not be updated\.$/,
    );
    await call('DeleteStack', { StackName: 'broken' });
    expect((await pollStack(call, fake.stack(REGION, 'broken')?.stackId ?? 'broken')).seen).toEqual([
      'DELETE_IN_PROGRESS',
      'DELETE_COMPLETE',
    ]);
    const { seen } = await deployNew(call, 'broken', FAILING.replace('Fail: create', 'Fail: never'));
    expect(seen).toEqual(['CREATE_IN_PROGRESS', 'CREATE_COMPLETE']);
  });

  it(`stops at CREATE_FAILED when the execution disables rollback (${FAILURE_OPTIONS})`, async () => {
    await createChangeSet(call, 'kept', 'create', FAILING, { ChangeSetType: 'CREATE' });
    await pollChangeSet(call, 'kept', 'create');
    await call('ExecuteChangeSet', { StackName: 'kept', ChangeSetName: 'create', DisableRollback: 'true' });
    const { seen, stack } = await pollStack(call, 'kept');
    expect(seen).toEqual(['CREATE_IN_PROGRESS', 'CREATE_FAILED']);
    expect(text(stack, 'DisableRollback')).toBe('true');
    expect([...(fake.stack(REGION, 'kept')?.resources.keys() ?? [])]).toEqual(['Good', 'Bad']);
  });

  it(`rolls a failed update back to the previous template, parameters and outputs (${STATUS_CODES})`, async () => {
    await deployNew(call, 'steady', TEMPLATE);
    const before = fake.stack(REGION, 'steady');
    const outputs = before?.outputs.map((output) => ({ ...output }));
    fake.failResource('steady', 'Bucket', 'update', 'Resource handler returned message: "Access Denied"');
    const next = TEMPLATE.replace('Value: !GetAtt Queue.Arn\nOutputs', 'Value: changed\nOutputs');
    await createChangeSet(call, 'steady', 'change', next);
    await pollChangeSet(call, 'steady', 'change');
    await call('ExecuteChangeSet', { StackName: 'steady', ChangeSetName: 'change' });
    const { seen } = await pollStack(call, 'steady');
    expect(seen).toEqual([
      'UPDATE_IN_PROGRESS',
      'UPDATE_ROLLBACK_IN_PROGRESS',
      'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS',
      'UPDATE_ROLLBACK_COMPLETE',
    ]);
    const events = await eventsOf(call, 'steady');
    expect(events.slice(events.indexOf('steady UPDATE_IN_PROGRESS'))).toEqual([
      'steady UPDATE_IN_PROGRESS',
      'Bucket UPDATE_IN_PROGRESS',
      'Bucket UPDATE_FAILED',
      'steady UPDATE_ROLLBACK_IN_PROGRESS',
      'Bucket UPDATE_IN_PROGRESS',
      'Bucket UPDATE_COMPLETE',
      'steady UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS',
      'steady UPDATE_ROLLBACK_COMPLETE',
    ]);
    const after = fake.stack(REGION, 'steady');
    expect(after?.outputs).toEqual(outputs);
    expect(after?.template?.body).toBe(TEMPLATE);
    // UPDATE_ROLLBACK_COMPLETE can be updated again.
    fake.failResource('steady', 'Bucket', 'delete', 'gone already');
    const again = await createChangeSet(call, 'steady', 'again', next);
    expect(again.error).toBeUndefined();
  });

  it(`reports DELETE_FAILED when a resource cannot be deleted (${STATUS_CODES})`, async () => {
    await call('DeleteStack', { StackName: 'steady' });
    const { seen, stack } = await pollStack(call, 'steady');
    expect(seen).toEqual(['DELETE_IN_PROGRESS', 'DELETE_FAILED']);
    expect(text(stack, 'StackStatusReason')).toBe('The following resource(s) failed to delete: [Bucket]. ');
  });

  it('moves on only when polled or ticked: every Describe call is one tick, and settle() finishes the rest', async () => {
    await createChangeSet(call, 'quiet', 'create', TEMPLATE, { ChangeSetType: 'CREATE' });
    // CREATE_PENDING, then CREATE_IN_PROGRESS after one tick, CREATE_COMPLETE after the next.
    fake.tick(2);
    expect((await call('ExecuteChangeSet', { StackName: 'quiet', ChangeSetName: 'create' })).error?.Code).toBe(
      'InvalidChangeSetStatus',
    );
    fake.tick();
    expect(fake.stack(REGION, 'quiet')?.status).toBe('REVIEW_IN_PROGRESS');
    expect((await call('ExecuteChangeSet', { StackName: 'quiet', ChangeSetName: 'create' })).status).toBe(200);
    expect(fake.stack(REGION, 'quiet')?.status).toBe('REVIEW_IN_PROGRESS');
    fake.tick();
    expect(fake.stack(REGION, 'quiet')?.status).toBe('CREATE_IN_PROGRESS');
    expect(fake.settle()).toBeGreaterThan(2);
    expect(fake.stack(REGION, 'quiet')?.status).toBe('CREATE_COMPLETE');
  });
});
