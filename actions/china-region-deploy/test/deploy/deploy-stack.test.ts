import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startFakeCloudFormation, type FakeCloudFormation } from '@aws-delivery/testing';
import {
  deployStack,
  WaitTimedOut,
  DeployRefused,
  type ChangeSetRequest,
  type CloudFormationApi,
  type DeployOptions,
} from '../../src/deploy/deploy-stack.js';
import type { StackEventView } from '../../src/deploy/deploy-plan.js';
import { createCloudFormationClient, type CloudFormationClient } from '../../src/deploy/cloudformation-client.js';

const REGION = 'cn-north-1';
const TEMPLATE = `Parameters:
  Names:
    Type: String
Resources:
  Queue:
    Type: AWS::SQS::Queue
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      DisplayName: !Ref Names
Outputs:
  QueueArn:
    Value: !GetAtt Queue.Arn
  Names:
    Value: !Ref Names
`;

let run = 0;
function request(stackName: string, body = TEMPLATE, names = 'a,b,c'): ChangeSetRequest {
  run += 1;
  return {
    stackName,
    changeSetName: `deploy-${run}`,
    changeSetType: 'UPDATE',
    template: { body },
    parameters: [{ key: 'Names', value: names }],
    capabilities: [],
    tags: [{ key: 'team', value: 'china' }],
    notificationArns: [],
  };
}

const clients: CloudFormationClient[] = [];

/** The action's CloudFormation client on the fake, counting the actions it calls. */
function fakeApi(fake: FakeCloudFormation, region: string): CloudFormationApi & { calls: string[] } {
  const client = createCloudFormationClient({
    region,
    endpoint: fake.endpoint,
    credentials: fake.credentials,
    maxAttempts: 1,
    log: () => {},
  });
  clients.push(client);
  const calls: string[] = [];
  const counted = Object.fromEntries(
    Object.entries(client)
      .filter(([, value]) => typeof value === 'function')
      .map(([name, value]) => [
        name,
        (...args: unknown[]) => {
          calls.push(name);
          return (value as (...a: unknown[]) => unknown)(...args);
        },
      ]),
  ) as unknown as CloudFormationApi;
  return Object.assign(counted, { calls });
}

describe('deploying a stack with change sets (the action client on fake CloudFormation: progress, failures, rollbacks, outputs)', () => {
  let fake: FakeCloudFormation;
  let clock = 0;
  const options = (events: StackEventView[] = [], extra: Partial<DeployOptions> = {}): DeployOptions => ({
    execute: true,
    deleteFailedStack: false,
    pollIntervalMs: 1000,
    timeoutMs: 600_000,
    sleep: async (ms) => {
      clock += ms;
    },
    now: () => clock,
    onEvent: (event) => events.push(event),
    ...extra,
  });

  beforeAll(async () => {
    fake = await startFakeCloudFormation();
  });
  afterAll(async () => {
    for (const client of clients) client.destroy();
    await fake?.stop();
  });

  it('creates a stack, streams each event once, and returns the change rows and the outputs', async () => {
    const events: StackEventView[] = [];
    const result = await deployStack(fakeApi(fake, REGION), request('app'), options(events));
    expect(result).toMatchObject({
      outcome: 'deployed',
      status: 'CREATE_COMPLETE',
      changes: [
        { action: 'Add', logicalId: 'Queue', type: 'AWS::SQS::Queue', replacement: '—' },
        { action: 'Add', logicalId: 'Topic', type: 'AWS::SNS::Topic', replacement: '—' },
      ],
    });
    if (result.outcome !== 'deployed') throw new Error(result.outcome);
    expect(result.outputs.find((output) => output.key === 'Names')?.value).toBe('a,b,c');
    expect(result.outputs.find((output) => output.key === 'QueueArn')?.value).toMatch(/^arn:aws-cn:sqs:cn-north-1:/);
    expect(events.map((event) => `${event.logicalId} ${event.status}`)).toEqual([
      'app CREATE_IN_PROGRESS',
      'Queue CREATE_IN_PROGRESS',
      'Queue CREATE_COMPLETE',
      'Topic CREATE_IN_PROGRESS',
      'Topic CREATE_COMPLETE',
      'app CREATE_COMPLETE',
    ]);
    expect(new Set(events.map((event) => event.eventId)).size).toBe(events.length);
  });

  it('treats an empty change set as success, deletes it, and does not hang (aws-cloudformation-github-deploy#159)', async () => {
    const api = fakeApi(fake, REGION);
    const result = await deployStack(api, request('app'), options());
    expect(result).toMatchObject({ outcome: 'no-changes', status: 'CREATE_COMPLETE' });
    expect(api.calls).toContain('deleteChangeSet');
    expect(api.calls).not.toContain('executeChangeSet');
  });

  it('stops for review without executing when asked, with the change set named', async () => {
    const api = fakeApi(fake, REGION);
    const asked = request('app', TEMPLATE, 'x');
    const result = await deployStack(api, asked, options([], { execute: false }));
    expect(result).toMatchObject({
      outcome: 'review',
      changeSetName: asked.changeSetName,
      changes: [{ action: 'Modify', logicalId: 'Topic', replacement: 'False' }],
    });
    expect(api.calls).not.toContain('executeChangeSet');
    await api.deleteChangeSet('app', asked.changeSetName);
  });

  it('reports a failed creation with the failing resource’s reason, then refuses the ROLLBACK_COMPLETE stack with the fix', async () => {
    fake.failResource(
      'broken',
      'Topic',
      'create',
      'Resource handler returned message: "Invalid parameter: DisplayName"',
    );
    const result = await deployStack(fakeApi(fake, REGION), request('broken'), options());
    expect(result).toMatchObject({
      outcome: 'failed',
      status: 'ROLLBACK_COMPLETE',
      reason: 'Resource handler returned message: "Invalid parameter: DisplayName"',
    });
    if (result.outcome !== 'failed') throw new Error(result.outcome);
    expect(result.events.map((event) => `${event.logicalId} ${event.status}`)).toEqual(['Topic CREATE_FAILED']);
    await expect(deployStack(fakeApi(fake, REGION), request('broken'), options())).rejects.toThrow(DeployRefused);
  });

  it('deletes a ROLLBACK_COMPLETE stack first only when allowed, and creates it again (the failure was once)', async () => {
    const result = await deployStack(
      fakeApi(fake, REGION),
      request('broken'),
      options([], { deleteFailedStack: true }),
    );
    expect(result).toMatchObject({ outcome: 'deployed', status: 'CREATE_COMPLETE' });
  });

  it('reports a rolled-back update as a failure with its cause, the stack back to UPDATE_ROLLBACK_COMPLETE', async () => {
    fake.failResource('app', 'Topic', 'update', 'Resource handler returned message: "Access Denied"');
    const result = await deployStack(fakeApi(fake, REGION), request('app', TEMPLATE, 'changed'), options());
    expect(result).toMatchObject({
      outcome: 'failed',
      status: 'UPDATE_ROLLBACK_COMPLETE',
      reason: 'Resource handler returned message: "Access Denied"',
    });
  });

  it('sets termination protection after the deploy only when asked and only when it differs', async () => {
    const on = fakeApi(fake, REGION);
    const created = await deployStack(on, request('guarded'), options([], { terminationProtection: true }));
    expect(created).toMatchObject({ outcome: 'deployed', protection: 'enabled' });
    expect((await on.describeStack('guarded'))?.terminationProtection).toBe(true);

    const same = fakeApi(fake, REGION);
    const unchanged = await deployStack(same, request('guarded'), options([], { terminationProtection: true }));
    expect(unchanged.outcome).toBe('no-changes');
    expect(unchanged).not.toHaveProperty('protection');
    expect(same.calls).not.toContain('updateTerminationProtection');

    const unset = fakeApi(fake, REGION);
    await deployStack(unset, request('guarded'), options());
    expect(unset.calls).not.toContain('updateTerminationProtection');
    expect((await unset.describeStack('guarded'))?.terminationProtection).toBe(true);

    const off = fakeApi(fake, REGION);
    const changed = await deployStack(
      off,
      request('guarded', TEMPLATE, 'd,e'),
      options([], { terminationProtection: false }),
    );
    expect(changed).toMatchObject({ outcome: 'deployed', protection: 'disabled' });
    expect((await off.describeStack('guarded'))?.terminationProtection).toBe(false);
  });

  it('refuses to delete a protected ROLLBACK_COMPLETE stack unless termination protection is asked off', async () => {
    fake.failResource('protected-broken', 'Topic', 'create', 'Resource handler returned message: "Rate exceeded"');
    const api = fakeApi(fake, REGION);
    expect((await deployStack(api, request('protected-broken'), options())).outcome).toBe('failed');
    await api.updateTerminationProtection('protected-broken', true);
    const refused = deployStack(api, request('protected-broken'), options([], { deleteFailedStack: true }));
    await expect(refused).rejects.toThrow(DeployRefused);
    await expect(refused).rejects.toThrow(/termination-protection: false/);
    expect((await api.describeStack('protected-broken'))?.status).toBe('ROLLBACK_COMPLETE');

    const recreated = await deployStack(
      api,
      request('protected-broken'),
      options([], { deleteFailedStack: true, terminationProtection: false }),
    );
    expect(recreated).toMatchObject({ outcome: 'deployed', status: 'CREATE_COMPLETE' });
    expect((await api.describeStack('protected-broken'))?.terminationProtection).toBe(false);
  });

  it('gives up waiting after the timeout', async () => {
    const slow = await startFakeCloudFormation({ ticksPerPoll: 0 });
    try {
      const started = clock;
      const wait = deployStack(
        fakeApi(slow, REGION),
        request('slow'),
        options([], { timeoutMs: 5000, pollIntervalMs: 2000 }),
      );
      await expect(wait).rejects.toThrow(WaitTimedOut);
      await expect(wait).rejects.toThrow(/Timed out after 5 s waiting for change set deploy-\d+/);
      // Polled at 0, 2, 4 and 6 s; 6 s is past the deadline: the interval and the timeout are the ones given.
      expect(clock - started).toBe(6000);
    } finally {
      await slow.stop();
    }
  });
});
