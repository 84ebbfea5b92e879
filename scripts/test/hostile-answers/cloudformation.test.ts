/**
 * Hostile CloudFormation answers through the china-region-deploy bundle, on the fake CloudFormation (S3 on moto
 * for the packaged code): a stack event's StatusReason, and stack Outputs whose values and keys carry workflow
 * commands and delimiter collisions. Outputs become step outputs, so a key or value that is not written as one
 * output must never add another.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from '@jest/globals';
import {
  createS3Bucket,
  describeWithServices,
  HOSTILE_TEXT,
  repoRoot,
  simulateStep,
  startFakeCloudFormation,
  startMoto,
  stepInjections,
  type FakeCloudFormation,
  type MotoService,
  type StepResult,
} from '@aws-delivery/testing';
import { expectCleanFailure, ownErrors } from './clean-failure.js';

const REGION = 'cn-north-1';
const BUCKET = 'hostile-cn';
const credentials = { accessKeyId: 'AKIDHOSTILECFN', secretAccessKey: 'hostile-cfn-secret-key' };
const SAMPLE = join(repoRoot, 'actions/china-region-deploy/test/fixtures/sample-app');

/** A template whose Outputs are what the stack answers in DescribeStacks (JSON is YAML: escapes kept exactly). */
function templateWithOutputs(outputs: Record<string, string>): string {
  const entries = Object.entries(outputs).map(([key, value]) => [key, { Value: value }]);
  return JSON.stringify({
    AWSTemplateFormatVersion: '2010-09-09',
    Resources: { Topic: { Type: 'AWS::SNS::Topic', Properties: {} } },
    Outputs: Object.fromEntries(entries),
  });
}

describeWithServices(['moto'], 'china-region-deploy against a CloudFormation that answers hostile text', () => {
  let moto: MotoService;
  let fake: FakeCloudFormation;
  let workspace: string;
  let run = 0;
  beforeAll(async () => {
    [moto, fake] = await Promise.all([startMoto(), startFakeCloudFormation({ credentials: [credentials] })]);
    await createS3Bucket(moto.endpoint, BUCKET, REGION, credentials);
  });
  afterAll(async () => {
    await Promise.all([fake?.stop(), moto?.stop()]);
  });
  beforeEach(() => {
    workspace = mkdtempSync(join(tmpdir(), 'hostile-cfn-'));
    cpSync(SAMPLE, workspace, { recursive: true });
  });
  afterEach(() => rmSync(workspace, { recursive: true, force: true }));

  const step = (stackName: string, extra: Record<string, string> = {}): Promise<StepResult> => {
    run += 1;
    return simulateStep({
      action: 'china-region-deploy',
      workspace,
      inputs: {
        template: 'template.yaml',
        'stack-name': stackName,
        region: REGION,
        bucket: BUCKET,
        capabilities: 'CAPABILITY_IAM',
        'access-key-id': credentials.accessKeyId,
        'secret-access-key': credentials.secretAccessKey,
        'cloudformation-endpoint': fake.endpoint,
        's3-endpoint': moto.endpoint,
        'poll-interval-seconds': '1',
        ...extra,
      },
      env: { GITHUB_RUN_ID: `77${run}`, GITHUB_RUN_ATTEMPT: '1' },
      timeoutMs: 90_000,
    });
  };

  it("prints nothing live of a failed resource's StatusReason in the stack events", async () => {
    fake.failResource('hostile-events', 'Function', 'create', `Resource handler returned message:\n${HOSTILE_TEXT}`);
    const result = await step('hostile-events');
    expectCleanFailure(result, 'china-region-deploy');
    expect(result.stdout + result.summary).toContain('INJ-value');
  });

  it('writes a hostile output value as one output, and prints nothing live of it', async () => {
    writeFileSync(join(workspace, 'template.yaml'), templateWithOutputs({ Endpoint: `https://x\n${HOSTILE_TEXT}` }));
    const result = await step('hostile-output-value');
    expect(stepInjections(result)).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.outputs.Endpoint).toBe(`https://x\n${HOSTILE_TEXT}`);
  });

  it.each([
    ['a line break', `Name\ninj=${'INJ'}-F\nx`],
    ['an EOF-style delimiter', 'inj<<EOF'],
    ['a colliding action output', 'stack-id'],
  ])('refuses an output key with %s, and adds no output', async (_label, key) => {
    writeFileSync(join(workspace, 'template.yaml'), templateWithOutputs({ [key]: 'INJ-F', Safe: 'kept' }));
    const result = await step(`hostile-output-key-${run}`);
    expect(stepInjections(result)).toEqual([]);
    expect(result.outputs.inj).toBeUndefined();
    expect(Object.values(result.outputs)).not.toContain('INJ-F');
    expect(result.outcome).toBe('failure');
    expect(ownErrors(result, 'china-region-deploy')).toHaveLength(1);
  });
});
