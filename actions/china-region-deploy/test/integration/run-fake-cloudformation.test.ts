/**
 * china-region-deploy end to end in-process: runMain with a recording runner and the action's real clients, S3 on
 * moto for the packaged artifacts and CloudFormation on the fake (packages/testing), which moves stacks and change
 * sets through their documented statuses over several polls, with per-resource events, failures, rollbacks and
 * Outputs (what moto does not model). Statuses:
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/view-stack-events.html and
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeChangeSet.html.
 */
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { runMain } from '@aws-delivery/action-kit';
import { recordingRunner, type RecordingRunner } from '@aws-delivery/action-kit/recording';
import {
  cloudFormationQueryClient,
  createS3Bucket,
  describeWithServices,
  startFakeCloudFormation,
  startMoto,
  type FakeCloudFormation,
  type MotoService,
} from '@aws-delivery/testing';
import { chinaRegionDeploy } from '../../src/action.js';
import { realClients, type Clients } from '../../src/clients.js';

const REGION = 'cn-north-1';
const BUCKET = 'artifacts-cn';
const credentials = { accessKeyId: 'AKIDCHINAFAKE', secretAccessKey: 'china-fake-cfn-secret' };
const SAMPLE = fileURLToPath(new URL('../fixtures/sample-app', import.meta.url));

describeWithServices(['moto'], 'china-region-deploy through runMain on the fake CloudFormation (S3 on moto)', () => {
  let moto: MotoService;
  let fake: FakeCloudFormation;
  let workspace: string;
  let runId = 100;
  const opened: Clients[] = [];

  beforeAll(async () => {
    moto = await startMoto();
    fake = await startFakeCloudFormation({ credentials: [credentials], ticksPerPoll: 1 });
    await createS3Bucket(moto.endpoint, BUCKET, REGION, credentials);
    workspace = mkdtempSync(join(tmpdir(), 'china-fake-cfn-'));
    cpSync(SAMPLE, workspace, { recursive: true });
  });
  afterAll(async () => {
    for (const clients of opened) clients.destroy();
    await fake?.stop();
    await moto?.stop();
  });

  /** One step run: its own run id (so its own change-set name); every poll answers after one tick of the fake. */
  async function step(stackName: string, extra: Record<string, string> = {}) {
    runId += 1;
    const io = recordingRunner({
      inputs: {
        template: 'template.yaml',
        'stack-name': stackName,
        region: REGION,
        bucket: BUCKET,
        parameters: 'Stage=prod,eu=1',
        capabilities: 'CAPABILITY_IAM',
        'access-key-id': credentials.accessKeyId,
        'secret-access-key': credentials.secretAccessKey,
        'cloudformation-endpoint': fake.endpoint,
        's3-endpoint': moto.endpoint,
        ...extra,
      },
      env: { GITHUB_WORKSPACE: workspace, GITHUB_RUN_ID: String(runId), GITHUB_RUN_ATTEMPT: '1' },
    });
    const before = fake.requests.length;
    const outcome = await runMain(chinaRegionDeploy, {
      io,
      // The real clients; only the wait between polls is gone, since each poll moves the fake on by itself.
      clients: (config, runner) => {
        const clients = { ...realClients(config, runner), sleep: async () => {} };
        opened.push(clients);
        return clients;
      },
    });
    const requests = fake.requests.slice(before).map((request) => request.action);
    return { io, ok: outcome?.ok, requests, runId };
  }

  const summaryOf = (io: RecordingRunner) => io.recorded.summary.join('\n');
  /** The streamed event lines as "logical-id STATUS", in the order logged. */
  const streamedOf = (io: RecordingRunner) =>
    io
      .lines('info')
      .map((line) => /^\S+ (\S+) \((\S+)\) ([A-Z_]+)(?:: .+)?$/.exec(line))
      .filter((match) => match !== null)
      .map((match) => `${match[1]} ${match[3]}`);

  it('creates the stack: events streamed once each in order, the change table, and the stack outputs as step outputs', async () => {
    const { io, ok } = await step('sample');
    expect(io.lines('error')).toEqual([]);
    expect(ok).toBe(true);
    expect(io.recorded.outputs).toMatchObject({ status: 'CREATE_COMPLETE', changed: 'true', Stage: 'prod,eu=1' });
    expect(io.recorded.outputs['stack-id']).toMatch(
      /^arn:aws-cn:cloudformation:cn-north-1:123456789012:stack\/sample\//,
    );
    expect(io.recorded.outputs.FunctionArn).toMatch(/^arn:aws-cn:lambda:cn-north-1:123456789012:sample-Function-/);
    expect(io.lines('info')).toContain('Stack sample is in account 123456789012, partition aws-cn (cn-north-1).');
    expect(io.recorded.outputs.FunctionName).toMatch(/^sample-Function-/);
    expect(streamedOf(io)).toEqual([
      'sample CREATE_IN_PROGRESS',
      'FunctionRole CREATE_IN_PROGRESS',
      'FunctionRole CREATE_COMPLETE',
      'Function CREATE_IN_PROGRESS',
      'Function CREATE_COMPLETE',
      'sample CREATE_COMPLETE',
    ]);
    const summary = summaryOf(io);
    expect(summary).toContain('| Add | FunctionRole | AWS::IAM::Role | — |');
    expect(summary).toContain('| Add | Function | AWS::Lambda::Function | — |');
    expect(summary).toContain(`| FunctionArn | ${io.recorded.outputs.FunctionArn} |`);
    expect(fake.stack(REGION, 'sample')?.status).toBe('CREATE_COMPLETE');
  });

  it('succeeds on a template that changes nothing, without executing or hanging, the outputs still set (github-deploy#159)', async () => {
    const { io, ok, requests } = await step('sample');
    expect(ok).toBe(true);
    expect(io.recorded.outputs).toMatchObject({ status: 'CREATE_COMPLETE', changed: 'false', Stage: 'prod,eu=1' });
    expect(requests).toContain('DeleteChangeSet');
    expect(requests).not.toContain('ExecuteChangeSet');
    // The change set is read until FAILED with the no-changes reason: a few polls, not a wait to the timeout.
    expect(requests.filter((action) => action === 'DescribeChangeSet').length).toBeLessThanOrEqual(5);
    expect(summaryOf(io)).toContain('No changes.');
  });

  it('fails the step on a template that changes nothing when no-changes-ok is false, naming the input', async () => {
    const { io, ok } = await step('sample', { 'no-changes-ok': 'false' });
    expect(ok).toBe(false);
    expect(io.lines('error').join('\n')).toMatch(/has no changes: .*didn't contain changes.*no-changes-ok: true/);
  });

  it('fails naming the input when the template does not exist, before any CloudFormation call', async () => {
    const { io, ok, requests } = await step('sample', { template: 'missing.yaml' });
    expect(ok).toBe(false);
    expect(io.lines('error')).toEqual([
      `china-region-deploy: template ${JSON.stringify(join(workspace, 'missing.yaml'))} does not exist.`,
    ]);
    expect(requests).toEqual([]);
  });

  it('stops for review with execute: false: the change set named in the outputs and left unexecuted', async () => {
    const { io, ok, requests, runId } = await step('sample', {
      execute: 'false',
      parameters: 'Stage=review',
    });
    expect(ok).toBe(true);
    expect(io.recorded.outputs).toMatchObject({ status: 'REVIEW', changed: 'false' });
    // The run id and attempt, then a hash that keeps two steps of one run apart (test/deploy/change-set-name.test.ts).
    const changeSetName = io.recorded.outputs['change-set-name'] ?? '';
    expect(changeSetName).toMatch(new RegExp(`^china-region-deploy-${runId}-1-[0-9a-f]{10}$`));
    expect(io.recorded.outputs.Stage).toBeUndefined();
    expect(requests).toContain('CreateChangeSet');
    expect(requests).not.toContain('ExecuteChangeSet');
    expect(summaryOf(io)).toContain('| Modify | Function | AWS::Lambda::Function | False |');
    expect(fake.stack(REGION, 'sample')?.status).toBe('CREATE_COMPLETE');
    const call = cloudFormationQueryClient(fake.endpoint, credentials, REGION);
    const left = await call('DescribeChangeSet', { StackName: 'sample', ChangeSetName: changeSetName });
    expect(left.result).toMatchObject({ Status: 'CREATE_COMPLETE', ExecutionStatus: 'AVAILABLE' });
  });

  it('waits for an update another deploy started, then updates the stack with its own change set', async () => {
    // Another pipeline's update, started and left UPDATE_IN_PROGRESS (the fake moves on only when polled).
    const call = cloudFormationQueryClient(fake.endpoint, credentials, REGION);
    const other = {
      StackName: 'sample',
      ChangeSetName: 'other-pipeline',
      UsePreviousTemplate: 'true',
      'Parameters.member.1.ParameterKey': 'Stage',
      'Parameters.member.1.ParameterValue': 'other',
      'Capabilities.member.1': 'CAPABILITY_IAM',
    };
    expect((await call('CreateChangeSet', other)).error).toBeUndefined();
    for (let poll = 0; poll < 10; poll += 1) {
      const read = await call('DescribeChangeSet', { StackName: 'sample', ChangeSetName: 'other-pipeline' });
      if (read.result.Status === 'CREATE_COMPLETE') break;
    }
    expect((await call('ExecuteChangeSet', { StackName: 'sample', ChangeSetName: 'other-pipeline' })).error).toBe(
      undefined,
    );
    const described = await call('DescribeStacks', { StackName: 'sample' });
    expect(described.body).toContain('<StackStatus>UPDATE_IN_PROGRESS</StackStatus>');

    const { io, ok, requests } = await step('sample');
    expect(io.lines('error')).toEqual([]);
    expect(ok).toBe(true);
    expect(io.recorded.outputs).toMatchObject({ status: 'UPDATE_COMPLETE', changed: 'true', Stage: 'prod,eu=1' });
    expect(requests.filter((action) => action === 'CreateChangeSet')).toHaveLength(1);
    expect(io.lines('info')).toContain(
      'Stack sample is in UPDATE_IN_PROGRESS: waiting for that operation to end first.',
    );
    // Only what happened from the start of the wait is streamed, each event once: the other update's remaining
    // events, then the step's own update; nothing of the stack's history before (its creation, the review run).
    const update = ['UPDATE_IN_PROGRESS', 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', 'UPDATE_COMPLETE'];
    const streamed = streamedOf(io);
    expect(streamed.filter((line) => line.startsWith('sample '))).toEqual([
      ...update.slice(1).map((status) => `sample ${status}`),
      ...update.map((status) => `sample ${status}`),
    ]);
    expect(streamed.filter((line) => line.includes('CREATE_'))).toEqual([]);
    // The two updates ran one after the other: the other one to its end, then the step's own.
    const stackEvents = (fake.stack(REGION, 'sample')?.events ?? [])
      .filter((event) => event.logicalId === 'sample' && event.status.startsWith('UPDATE_'))
      .map((event) => event.status);
    expect(stackEvents).toEqual([...update, ...update]);
    expect(summaryOf(io)).toContain('| Modify | Function | AWS::Lambda::Function | False |');
  });

  it('fails the step with the failing resource’s reason on a rolled-back update, the stack back to UPDATE_ROLLBACK_COMPLETE', async () => {
    fake.failResource('sample', 'Function', 'update', 'Resource handler returned message: "Code size too large"');
    const { io, ok } = await step('sample', { parameters: 'Stage=next' });
    expect(ok).toBe(false);
    const error = io.lines('error').join('\n');
    expect(error).toContain('Stack sample failed (UPDATE_ROLLBACK_COMPLETE)');
    expect(error).toContain('Function: Resource handler returned message: "Code size too large"');
    // A stack that was created once rolls back to a state it can be updated from: nothing to delete.
    expect(error).not.toContain('must be deleted');
    expect(
      io.lines('info').some((line) => / Function \(AWS::Lambda::Function\) UPDATE_FAILED: .*Code size/.test(line)),
    ).toBe(true);
    expect(io.recorded.outputs.status).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect(io.recorded.outputs.FunctionArn).toBeUndefined();
    expect(fake.stack(REGION, 'sample')?.status).toBe('UPDATE_ROLLBACK_COMPLETE');
  });

  it('reports a failed first creation (ROLLBACK_COMPLETE) with its cause, then refuses the stack with the fix, deleting nothing', async () => {
    fake.failResource('first', 'Function', 'create', 'Resource handler returned message: "Runtime not supported"');
    const failed = await step('first');
    expect(failed.ok).toBe(false);
    const error = failed.io.lines('error').join('\n');
    expect(error).toContain('Stack first failed (ROLLBACK_COMPLETE)');
    expect(error).toContain('Function: Resource handler returned message: "Runtime not supported"');
    // The failing run already says what the next one would refuse with: the stack must go before a new creation.
    expect(error).toContain('Stack first must be deleted before it can be created again');
    expect(error).toContain('set delete-rollback-complete: true');
    expect(fake.stack(REGION, 'first')?.status).toBe('ROLLBACK_COMPLETE');

    const refused = await step('first');
    expect(refused.ok).toBe(false);
    const refusal = refused.io.lines('error').join('\n');
    expect(refusal).toContain('Stack first is in ROLLBACK_COMPLETE');
    expect(refusal).toContain('delete-rollback-complete: true');
    expect(refused.requests).not.toContain('DeleteStack');
    expect(refused.requests).not.toContain('CreateChangeSet');
    expect(fake.stack(REGION, 'first')?.status).toBe('ROLLBACK_COMPLETE');
  });

  it('deletes the ROLLBACK_COMPLETE stack and creates it again only with delete-rollback-complete: true', async () => {
    const failedId = fake.stack(REGION, 'first')?.stackId;
    const { io, ok, requests } = await step('first', { 'delete-rollback-complete': 'true' });
    expect(io.lines('error')).toEqual([]);
    expect(ok).toBe(true);
    expect(requests.indexOf('DeleteStack')).toBeGreaterThanOrEqual(0);
    expect(requests.indexOf('DeleteStack')).toBeLessThan(requests.indexOf('CreateChangeSet'));
    expect(io.recorded.outputs).toMatchObject({ status: 'CREATE_COMPLETE', changed: 'true' });
    expect(io.recorded.outputs['stack-id']).not.toBe(failedId);
    // The failed creation's events were streamed by the run that made them, not again by the deletion's wait.
    const streamed = streamedOf(io);
    expect(streamed).toContain('first DELETE_COMPLETE');
    expect(streamed).not.toContain('Function CREATE_FAILED');
    expect(streamed.filter((line) => line === 'first ROLLBACK_COMPLETE')).toEqual([]);
    expect(fake.stack(REGION, failedId ?? '')?.status).toBe('DELETE_COMPLETE');
  });
});
