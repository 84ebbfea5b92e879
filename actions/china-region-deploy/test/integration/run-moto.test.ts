import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { runMain } from '@aws-delivery/action-kit';
import { recordingRunner } from '@aws-delivery/action-kit/recording';
import { createS3Bucket, describeWithServices, startMoto, type MotoService } from '@aws-delivery/testing';
import { chinaRegionDeploy } from '../../src/action.js';

const REGION = 'cn-north-1';
const credentials = { accessKeyId: 'AKIDCHINA', secretAccessKey: 'china-secret-key' };
const SAMPLE = fileURLToPath(new URL('../fixtures/sample-app', import.meta.url));

describeWithServices(['moto'], 'china-region-deploy through runMain on moto in cn-north-1', () => {
  let moto: MotoService;
  let workspace: string;

  beforeAll(async () => {
    moto = await startMoto();
    await createS3Bucket(moto.endpoint, 'artifacts-cn', REGION, credentials);
    workspace = mkdtempSync(join(tmpdir(), 'china-deploy-'));
    cpSync(SAMPLE, workspace, { recursive: true });
  });
  afterAll(async () => {
    await moto?.stop();
  });

  const inputs = (extra: Record<string, string> = {}) => ({
    template: 'template.yaml',
    'stack-name': 'sample',
    region: REGION,
    bucket: 'artifacts-cn',
    parameters: 'Stage=prod,with=commas',
    capabilities: 'CAPABILITY_IAM',
    'access-key-id': credentials.accessKeyId,
    'secret-access-key': credentials.secretAccessKey,
    'cloudformation-endpoint': moto.endpoint,
    's3-endpoint': moto.endpoint,
    ...extra,
  });

  it('stops after the change set with execute: false, then deploys, then uploads nothing the second time', async () => {
    const env = { GITHUB_WORKSPACE: workspace, GITHUB_RUN_ID: '7', GITHUB_RUN_ATTEMPT: '1' };
    const review = recordingRunner({ inputs: inputs({ execute: 'false' }), env });
    const reviewOutcome = await runMain(chinaRegionDeploy, { io: review });
    expect(reviewOutcome?.ok).toBe(true);
    expect(review.recorded.outputs['change-set-name']).toMatch(/^china-region-deploy-7-1-[0-9a-f]{10}$/);
    expect(review.recorded.outputs.changed).toBe('false');
    expect(review.recorded.masks).toContain(credentials.secretAccessKey);
    const summary = review.recorded.summary.join('');
    expect(summary).toContain('| Add | Function | AWS::Lambda::Function |');
    expect(summary).toContain('arn:${AWS::Partition}:iam::aws:policy');

    const deploy = recordingRunner({ inputs: inputs(), env: { ...env, GITHUB_RUN_ID: '8' } });
    const deployOutcome = await runMain(chinaRegionDeploy, { io: deploy });
    expect(deploy.lines('error')).toEqual([]);
    expect(deployOutcome?.ok).toBe(true);
    expect(deploy.recorded.outputs).toMatchObject({ changed: 'true', status: 'CREATE_COMPLETE' });
    expect(deploy.recorded.outputs['stack-id']).toMatch(/^arn:aws-cn:cloudformation:cn-north-1:/);
    expect(deploy.lines('info').join('\n')).toContain('partition aws-cn');

    const again = recordingRunner({ inputs: inputs(), env: { ...env, GITHUB_RUN_ID: '9' } });
    expect((await runMain(chinaRegionDeploy, { io: again }))?.ok).toBe(true);
    expect(again.lines('info').join('\n')).toContain('0 uploaded, 1 already there');
  });

  it('refuses a service role of another partition before any call', async () => {
    const io = recordingRunner({
      inputs: inputs({ 'role-arn': 'arn:aws:iam::123456789012:role/cfn' }),
      env: { GITHUB_WORKSPACE: workspace },
    });
    expect((await runMain(chinaRegionDeploy, { io }))?.ok).toBe(false);
    expect(io.lines('error').join('\n')).toContain('role-arn');
  });
});
