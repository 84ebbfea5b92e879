import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { NO_CHANGES_REASON } from '../../src/fake-cloudformation/index.js';
import {
  createChangeSet,
  deployNew,
  describeStack,
  eventsOf,
  fakeAndClient,
  field,
  list,
  members,
  pollChangeSet,
  pollStack,
  REGION,
  TEMPLATE,
  text,
  type Call,
  type FakeCloudFormation,
} from './helpers.js';

const API = 'https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference';
const STATUS_CODES = 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/view-stack-events.html';

describe('fake CloudFormation: change sets and stacks', () => {
  let fake: FakeCloudFormation;
  let call: Call;

  beforeAll(async () => {
    ({ fake, call } = await fakeAndClient({ startTime: new Date('2026-01-01T00:00:00Z') }));
  });
  afterAll(async () => {
    await fake?.stop();
  });

  it(`puts a new stack in REVIEW_IN_PROGRESS for a CREATE change set (${API}/API_CreateChangeSet.html)`, async () => {
    const created = await createChangeSet(call, 'review', 'first', TEMPLATE, { ChangeSetType: 'CREATE' });
    expect(created.status).toBe(200);
    expect(text(created.result, 'Id')).toMatch(/^arn:aws-cn:cloudformation:cn-north-1:123456789012:changeSet\/first\//);
    expect(text(created.result, 'StackId')).toMatch(
      /^arn:aws-cn:cloudformation:cn-north-1:123456789012:stack\/review\//,
    );
    // Before any tick: the stack exists, in review; the change set is pending and cannot be executed yet.
    fake.tick(0);
    expect(fake.stack(REGION, 'review')?.status).toBe('REVIEW_IN_PROGRESS');
  });

  it(`moves a change set CREATE_PENDING → CREATE_IN_PROGRESS → CREATE_COMPLETE, then AVAILABLE (${API}/API_DescribeChangeSet.html)`, async () => {
    await createChangeSet(call, 'progress', 'cs1', TEMPLATE, { ChangeSetType: 'CREATE' });
    const { seen, changeSet } = await pollChangeSet(call, 'progress', 'cs1');
    expect(seen).toEqual(['CREATE_PENDING/UNAVAILABLE', 'CREATE_IN_PROGRESS/UNAVAILABLE', 'CREATE_COMPLETE/AVAILABLE']);
    const early = await createChangeSet(call, 'progress2', 'cs1', TEMPLATE, { ChangeSetType: 'CREATE' });
    expect(early.status).toBe(200);
    const executeTooEarly = await call('ExecuteChangeSet', { StackName: 'progress2', ChangeSetName: 'cs1' });
    expect(executeTooEarly.error?.Code).toBe('InvalidChangeSetStatus');
    const changes = list(field(changeSet, 'Changes')).map((change) => field(change, 'ResourceChange'));
    expect(
      changes.map((change) => [
        text(change, 'Action'),
        text(change, 'LogicalResourceId'),
        text(change, 'ResourceType'),
      ]),
    ).toEqual([
      ['Add', 'Queue', 'AWS::SQS::Queue'],
      ['Add', 'Bucket', 'AWS::S3::Bucket'],
    ]);
  });

  it(`creates resources one by one in dependency order with per-resource events, and evaluates the outputs (${STATUS_CODES})`, async () => {
    const { seen, stack } = await deployNew(call, 'app', TEMPLATE);
    expect(seen).toEqual(['CREATE_IN_PROGRESS', 'CREATE_COMPLETE']);
    expect(await eventsOf(call, 'app')).toEqual([
      'app REVIEW_IN_PROGRESS',
      'app CREATE_IN_PROGRESS',
      'Queue CREATE_IN_PROGRESS',
      'Queue CREATE_COMPLETE',
      'Bucket CREATE_IN_PROGRESS',
      'Bucket CREATE_COMPLETE',
      'app CREATE_COMPLETE',
    ]);
    const outputs = Object.fromEntries(
      list(field(stack, 'Outputs')).map((output) => [
        text(output, 'OutputKey'),
        [text(output, 'OutputValue'), text(output, 'ExportName')],
      ]),
    );
    const bucket = fake.stack(REGION, 'app')?.resources.get('Bucket')?.physicalId ?? '';
    const queue = fake.stack(REGION, 'app')?.resources.get('Queue')?.physicalId ?? '';
    expect(bucket).toMatch(/^app-Bucket-/);
    // AWS::Partition and AWS::URLSuffix are China's in a China region (moto says aws there).
    expect(outputs).toEqual({
      BucketName: [bucket, undefined],
      QueueArn: [`arn:aws-cn:sqs:cn-north-1:123456789012:${queue}`, 'app-queue'],
      Website: [`https://${bucket}.s3.cn-north-1.amazonaws.com.cn/`, undefined],
      Literal: ['plain', undefined],
    });
    const answer = await call('DescribeChangeSet', { StackName: 'app', ChangeSetName: 'create' });
    expect(text(answer.result, 'ExecutionStatus')).toBe('EXECUTE_COMPLETE');
  });

  it(`FAILs a change set that changes nothing, with CloudFormation's reason, and never makes it AVAILABLE (${API}/API_DescribeChangeSet.html)`, async () => {
    await deployNew(call, 'same', TEMPLATE);
    await createChangeSet(call, 'same', 'again', TEMPLATE);
    const { seen, changeSet } = await pollChangeSet(call, 'same', 'again');
    expect(seen.at(-1)).toBe('FAILED/UNAVAILABLE');
    expect(text(changeSet, 'StatusReason')).toBe(NO_CHANGES_REASON);
    expect(NO_CHANGES_REASON).toBe(
      "The submitted information didn't contain changes. Submit different information to create a change set.",
    );
    const execute = await call('ExecuteChangeSet', { StackName: 'same', ChangeSetName: 'again' });
    expect(execute.error?.Code).toBe('InvalidChangeSetStatus');
  });

  it(`updates: Modify (with replacement for a replacing property), Add and Remove; cleanup after UPDATE_COMPLETE_CLEANUP_IN_PROGRESS (${STATUS_CODES})`, async () => {
    await deployNew(call, 'upd', TEMPLATE);
    const before = fake.stack(REGION, 'upd')?.resources.get('Queue')?.physicalId;
    const next = TEMPLATE.replace(
      '  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      Tags:\n        - Key: queue\n          Value: !GetAtt Queue.Arn\n',
      '  Topic:\n    Type: AWS::SNS::Topic\n',
    )
      .replace(/ {2}BucketName:\n {4}Value: !Ref Bucket\n/, '')
      .replace(/ {2}Website:\n[\s\S]*?URLSuffix\}\/'\n/, '');
    const created = await createChangeSet(
      call,
      'upd',
      'change',
      next,
      members('Parameters', [{ ParameterKey: 'Env', ParameterValue: 'prod' }]),
    );
    expect(created.error).toBeUndefined();
    const { changeSet } = await pollChangeSet(call, 'upd', 'change');
    const changes = list(field(changeSet, 'Changes')).map((change) => field(change, 'ResourceChange'));
    expect(
      changes.map((change) => [
        text(change, 'Action'),
        text(change, 'LogicalResourceId'),
        text(change, 'Replacement') ?? '',
      ]),
    ).toEqual([
      ['Modify', 'Queue', 'True'],
      ['Add', 'Topic', ''],
      ['Remove', 'Bucket', ''],
    ]);
    await call('ExecuteChangeSet', { StackName: 'upd', ChangeSetName: 'change' });
    const { seen } = await pollStack(call, 'upd');
    expect(seen).toEqual(['UPDATE_IN_PROGRESS', 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', 'UPDATE_COMPLETE']);
    const events = await eventsOf(call, 'upd');
    expect(events.slice(events.indexOf('upd UPDATE_IN_PROGRESS'))).toEqual([
      'upd UPDATE_IN_PROGRESS',
      'Queue UPDATE_IN_PROGRESS',
      'Queue UPDATE_COMPLETE',
      'Topic CREATE_IN_PROGRESS',
      'Topic CREATE_COMPLETE',
      'upd UPDATE_COMPLETE_CLEANUP_IN_PROGRESS',
      'Queue DELETE_IN_PROGRESS',
      'Queue DELETE_COMPLETE',
      'Bucket DELETE_IN_PROGRESS',
      'Bucket DELETE_COMPLETE',
      'upd UPDATE_COMPLETE',
    ]);
    const stack = fake.stack(REGION, 'upd');
    expect(stack?.resources.get('Queue')?.physicalId).not.toBe(before);
    expect([...(stack?.resources.keys() ?? [])].sort()).toEqual(['Queue', 'Topic']);
    expect(stack?.parameters).toEqual([{ key: 'Env', value: 'prod' }]);
  });

  it(`keeps parameter values with commas as they are, and masks NoEcho ones (${API}/API_Parameter.html)`, async () => {
    const body =
      'Parameters:\n  List:\n    Type: String\n  Secret:\n    Type: String\n    NoEcho: true\nResources:\n  T:\n    Type: AWS::SNS::Topic\nOutputs:\n  L:\n    Value: !Ref List\n';
    const { stack } = await deployNew(
      call,
      'params',
      body,
      members('Parameters', [
        { ParameterKey: 'List', ParameterValue: 'a,b,c' },
        { ParameterKey: 'Secret', ParameterValue: 'hunter2' },
      ]),
    );
    const parameters = list(field(stack, 'Parameters')).map((p) => [
      text(p, 'ParameterKey'),
      text(p, 'ParameterValue'),
    ]);
    expect(parameters).toEqual([
      ['List', 'a,b,c'],
      ['Secret', '****'],
    ]);
    expect(text(list(field(stack, 'Outputs'))[0], 'OutputValue')).toBe('a,b,c');
    const missing = await createChangeSet(call, 'params2', 'x', body, { ChangeSetType: 'CREATE' });
    expect(missing.error).toMatchObject({
      Code: 'ValidationError',
      Message: 'Parameters: [List, Secret] must have values',
    });
  });

  it(`asks for CAPABILITY_IAM when the template has IAM resources (${API}/API_CreateChangeSet.html)`, async () => {
    const body = 'Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {}\n';
    const refused = await createChangeSet(call, 'iam', 'x', body, { ChangeSetType: 'CREATE' });
    expect(refused.error).toMatchObject({
      Code: 'InsufficientCapabilitiesException',
      Message: 'Requires capabilities : [CAPABILITY_IAM]',
    });
    const accepted = await createChangeSet(call, 'iam', 'x', body, {
      ChangeSetType: 'CREATE',
      'Capabilities.member.1': 'CAPABILITY_IAM',
    });
    expect(accepted.error).toBeUndefined();
  });

  it(`refuses template errors at CreateChangeSet, as CloudFormation does (${API}/API_CreateChangeSet.html)`, async () => {
    const unresolved = await createChangeSet(
      call,
      'bad',
      'x',
      'Resources:\n  A:\n    Type: AWS::SNS::Topic\n    Properties:\n      DisplayName: !Ref Nowhere\n',
      {
        ChangeSetType: 'CREATE',
      },
    );
    expect(unresolved.error?.Message).toBe(
      'Template format error: Unresolved resource dependencies [Nowhere] in the Resources block of the template',
    );
    const noResources = await createChangeSet(call, 'bad', 'x', 'Outputs: {}\n', { ChangeSetType: 'CREATE' });
    expect(noResources.error?.Message).toBe('Template format error: At least one Resources member must be defined.');
    expect(fake.stack(REGION, 'bad')).toBeUndefined();
    const update = await createChangeSet(call, 'nowhere', 'x', TEMPLATE);
    expect(update.error).toMatchObject({ Code: 'ValidationError', Message: 'Stack [nowhere] does not exist' });
  });

  it(`deletes a stack: DELETE_IN_PROGRESS → DELETE_COMPLETE, then known by id only (${API}/API_DeleteStack.html)`, async () => {
    await deployNew(call, 'gone', TEMPLATE);
    const stackId = fake.stack(REGION, 'gone')?.stackId ?? '';
    const protectedAnswer = await call('UpdateTerminationProtection', {
      StackName: 'gone',
      EnableTerminationProtection: 'true',
    });
    expect(text(protectedAnswer.result, 'StackId')).toBe(stackId);
    const refused = await call('DeleteStack', { StackName: 'gone' });
    expect(refused.error?.Message).toBe('Stack [gone] cannot be deleted while TerminationProtection is enabled');
    await call('UpdateTerminationProtection', { StackName: 'gone', EnableTerminationProtection: 'false' });
    expect((await call('DeleteStack', { StackName: 'gone' })).status).toBe(200);
    const seen: string[] = [];
    for (let poll = 0; poll < 20 && seen.at(-1) !== 'DELETE_COMPLETE'; poll += 1) {
      const stack = await call('DescribeStacks', { StackName: stackId });
      const status = text(list(stack.result.Stacks)[0], 'StackStatus') ?? '';
      if (seen.at(-1) !== status) seen.push(status);
    }
    expect(seen).toEqual(['DELETE_IN_PROGRESS', 'DELETE_COMPLETE']);
    const byName = await call('DescribeStacks', { StackName: 'gone' });
    expect(byName.error).toMatchObject({ Code: 'ValidationError', Message: 'Stack with id gone does not exist' });
    const events = await eventsOf(call, stackId);
    expect(events.slice(-6)).toEqual([
      'gone DELETE_IN_PROGRESS',
      'Bucket DELETE_IN_PROGRESS',
      'Bucket DELETE_COMPLETE',
      'Queue DELETE_IN_PROGRESS',
      'Queue DELETE_COMPLETE',
      'gone DELETE_COMPLETE',
    ]);
  });

  it(`deletes a change set, after which it is not found (${API}/API_DeleteChangeSet.html)`, async () => {
    await deployNew(call, 'drop', TEMPLATE);
    await createChangeSet(call, 'drop', 'unwanted', TEMPLATE.replace('Default: dev', 'Default: qa'));
    await pollChangeSet(call, 'drop', 'unwanted');
    expect((await call('DeleteChangeSet', { StackName: 'drop', ChangeSetName: 'unwanted' })).status).toBe(200);
    const after = await call('DescribeChangeSet', { StackName: 'drop', ChangeSetName: 'unwanted' });
    expect(after.error?.Code).toBe('ChangeSetNotFound');
    expect(after.status).toBe(404);
  });

  it('answers DescribeStacks without a name with every live stack of the region only', async () => {
    const all = await call('DescribeStacks');
    const names = list(all.result.Stacks).map((stack) => text(stack, 'StackName'));
    expect(names).toEqual(expect.arrayContaining(['app', 'upd', 'params']));
    expect(names).not.toContain('gone');
    const stack = await describeStack(call, 'app');
    expect(text(stack, 'EnableTerminationProtection')).toBe('false');
  });
});
