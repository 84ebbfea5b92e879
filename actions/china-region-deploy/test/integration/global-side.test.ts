import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runMain } from '@aws-delivery/action-kit';
import { recordingRunner } from '@aws-delivery/action-kit/recording';
import {
  createS3Bucket,
  describeWithServices,
  startFakeCloudFormation,
  startMoto,
  type FakeCloudFormation,
  type MotoService,
} from '@aws-delivery/testing';
import { chinaRegionDeploy } from '../../src/action.js';
import { startSigningRecorder, type SignedCall, type SigningRecorder } from './signing-recorder.js';

const CHINA = { accessKeyId: 'AKIDCHINAUSER', secretAccessKey: 'china-user-secret' };
const GLOBAL = { accessKeyId: 'AKIDGLOBALACCT', secretAccessKey: 'global-account-secret' };
const SAMPLE = fileURLToPath(new URL('../fixtures/sample-app', import.meta.url));

/** The rows of each "Change set" table in the summary, one string per side. */
function changeTables(summary: string): string[] {
  return summary
    .split(/^### /m)
    .filter((section) => section.startsWith('Change set'))
    .map((section) => section.split('\n').slice(1).join('\n').trim());
}

describeWithServices(['moto'], 'china-region-deploy to aws-cn and a global region in one step', () => {
  let moto: MotoService;
  let recorder: SigningRecorder;
  let workspace: string;

  beforeAll(async () => {
    moto = await startMoto();
    recorder = await startSigningRecorder(moto.endpoint);
    await createS3Bucket(moto.endpoint, 'artifacts-cn', 'cn-north-1', CHINA);
    await createS3Bucket(moto.endpoint, 'artifacts-global', 'us-east-1', GLOBAL);
    workspace = mkdtempSync(join(tmpdir(), 'china-global-'));
    cpSync(SAMPLE, workspace, { recursive: true });
  });
  afterAll(async () => {
    await recorder?.stop();
    await moto?.stop();
  });

  const inputs = (cloudFormation: string, extra: Record<string, string> = {}) => ({
    template: 'template.yaml',
    'stack-name': 'sample',
    region: 'cn-north-1',
    bucket: 'artifacts-cn',
    capabilities: 'CAPABILITY_IAM',
    'access-key-id': CHINA.accessKeyId,
    'secret-access-key': CHINA.secretAccessKey,
    'cloudformation-endpoint': cloudFormation,
    's3-endpoint': recorder.endpoint,
    'global-region': 'us-east-1',
    'global-bucket': 'artifacts-global',
    'global-cloudformation-endpoint': cloudFormation,
    'global-s3-endpoint': recorder.endpoint,
    'poll-interval-seconds': '1',
    ...extra,
  });
  const env = (runId: string) => ({
    GITHUB_WORKSPACE: workspace,
    GITHUB_RUN_ID: runId,
    AWS_ACCESS_KEY_ID: GLOBAL.accessKeyId,
    AWS_SECRET_ACCESS_KEY: GLOBAL.secretAccessKey,
  });
  const signers = (calls: SignedCall[], region: string) =>
    new Set(calls.filter((call) => call.region === region).map((call) => `${call.service} ${call.accessKeyId}`));

  it('deploys the same packaged template to both (moto), each side signed with its own partition’s keys only', async () => {
    recorder.calls.length = 0;
    const io = recordingRunner({ inputs: inputs(recorder.endpoint), env: env('1') });
    const outcome = await runMain(chinaRegionDeploy, { io });
    expect(io.lines('error')).toEqual([]);
    expect(outcome?.ok).toBe(true);
    const out = io.recorded.outputs;
    expect(out['stack-id']).toMatch(/^arn:aws-cn:cloudformation:cn-north-1:/);
    expect(out['global-stack-id']).toMatch(/^arn:aws:cloudformation:us-east-1:/);
    expect([out.status, out['global-status'], out.changed, out['global-changed']]).toEqual([
      'CREATE_COMPLETE',
      'CREATE_COMPLETE',
      'true',
      'true',
    ]);

    const calls = [...recorder.calls];
    expect(signers(calls, 'cn-north-1')).toEqual(
      new Set([`cloudformation ${CHINA.accessKeyId}`, `s3 ${CHINA.accessKeyId}`]),
    );
    expect(signers(calls, 'us-east-1')).toEqual(
      new Set([`cloudformation ${GLOBAL.accessKeyId}`, `s3 ${GLOBAL.accessKeyId}`]),
    );
    // Packaged separately, from the same bytes: the same content-hash key in each side's bucket.
    const keysIn = (bucket: string) =>
      calls
        .filter((call) => call.method === 'PUT' && call.path.startsWith(`/${bucket}/`))
        .map((call) => call.path.slice(bucket.length + 2))
        .sort();
    expect(keysIn('artifacts-cn').length).toBeGreaterThan(0);
    expect(keysIn('artifacts-global')).toEqual(keysIn('artifacts-cn'));

    const summary = io.recorded.summary.join('');
    expect(summary).toContain('| stack | region | partition | result | changes | outputs |');
    expect(summary).toContain('| sample | cn-north-1 | aws-cn | deployed | 2 | 0 |');
    expect(summary).toContain('| sample | us-east-1 | aws | deployed | 2 | 0 |');
    const [china, global] = changeTables(summary);
    expect(china).toContain('| Add | Function | AWS::Lambda::Function |');
    expect(global).toBe(china);
    expect(io.lines('info').join('\n')).toContain(
      'CloudFormation and S3 in us-east-1 (partition aws): signed with AWS_ACCESS_KEY_ID of the step environment.',
    );
  });

  it('stops both sides for review with two change-set names, under the global- prefix for the global side', async () => {
    const io = recordingRunner({
      inputs: inputs(recorder.endpoint, { 'stack-name': 'reviewed', execute: 'false' }),
      env: env('2'),
    });
    expect((await runMain(chinaRegionDeploy, { io }))?.ok).toBe(true);
    const out = io.recorded.outputs;
    expect(out['change-set-name']).toMatch(/^china-region-deploy-2-1-[0-9a-f]{10}$/);
    expect(out['global-change-set-name']).toMatch(/^china-region-deploy-2-1-[0-9a-f]{10}$/);
    expect(out['global-change-set-name']).not.toBe(out['change-set-name']);
    expect([out.status, out['global-status']]).toEqual(['REVIEW', 'REVIEW']);
  });

  it('refuses aws-cn keys that are the global account’s own before any call', async () => {
    recorder.calls.length = 0;
    const io = recordingRunner({
      inputs: inputs(recorder.endpoint, {
        'access-key-id': GLOBAL.accessKeyId,
        'secret-access-key': GLOBAL.secretAccessKey,
      }),
      env: env('5'),
    });
    expect((await runMain(chinaRegionDeploy, { io }))?.ok).toBe(false);
    expect(io.lines('error').join('\n')).toContain('same access key as the global account');
    expect(recorder.calls).toEqual([]);
  });

  describe('on the fake CloudFormation (outputs, failures)', () => {
    let fake: FakeCloudFormation;
    beforeAll(async () => {
      fake = await startFakeCloudFormation({ credentials: [CHINA, GLOBAL] });
    });
    afterAll(async () => {
      await fake?.stop();
    });

    it('gives the global stack’s outputs prefixed global-, next to the China stack’s own', async () => {
      const io = recordingRunner({
        inputs: inputs(fake.endpoint, { 'global-stack-name': 'sample-global' }),
        env: env('3'),
      });
      expect((await runMain(chinaRegionDeploy, { io }))?.ok).toBe(true);
      const out = io.recorded.outputs;
      expect(out.FunctionArn).toMatch(/^arn:aws-cn:lambda:cn-north-1:/);
      expect(out['global-FunctionArn']).toMatch(/^arn:aws:lambda:us-east-1:/);
      expect(out['global-stack-id']).toMatch(/:stack\/sample-global\//);
      const summary = io.recorded.summary.join('');
      expect(summary).toContain('| sample | cn-north-1 | aws-cn | deployed | 2 | 3 |');
      expect(summary).toContain('| sample-global | us-east-1 | aws | deployed | 2 | 3 |');
      expect(summary).toContain('### Outputs: sample-global (us-east-1)');
    });

    it('leaves the global stack alone when the China stack fails, and says so', async () => {
      fake.failResource('failing', 'Function', 'create', 'Resource handler returned message: "Code too large"');
      recorder.calls.length = 0;
      const io = recordingRunner({ inputs: inputs(fake.endpoint, { 'stack-name': 'failing' }), env: env('4') });
      expect((await runMain(chinaRegionDeploy, { io }))?.ok).toBe(false);
      expect(io.lines('error').join('\n')).toContain('Stack failing (cn-north-1) failed (ROLLBACK_COMPLETE)');
      const summary = io.recorded.summary.join('');
      expect(summary).toContain('| failing | cn-north-1 | aws-cn | failed |');
      expect(summary).toContain('| failing | us-east-1 | aws | skipped |');
      expect(io.recorded.outputs['global-stack-id']).toBeUndefined();
      expect(recorder.calls.filter((call) => call.region === 'us-east-1')).toEqual([]);
    });
  });
});
