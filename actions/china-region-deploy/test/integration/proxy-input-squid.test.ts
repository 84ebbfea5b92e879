/**
 * The http-proxy input (not the environment's HTTP_PROXY): the SSM read in the global region, and CloudFormation and
 * S3 of both sides, all through a real Squid that demands basic auth; the proxy URL, credentials and all, is masked.
 */
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { runMain } from '@aws-delivery/action-kit';
import { recordingRunner } from '@aws-delivery/action-kit/recording';
import { createSignedSender } from '@aws-delivery/aws';
import { signRequest } from '@aws-delivery/aws/signing';
import {
  createS3Bucket,
  describeWithServices,
  startMoto,
  startSquid,
  type MotoService,
  type SquidService,
} from '@aws-delivery/testing';
import { chinaRegionDeploy } from '../../src/action.js';

const CHINA = { accessKeyId: 'AKIDCHINAPROXY', secretAccessKey: 'china-proxy-secret' };
const GLOBAL = { accessKeyId: 'AKIDGLOBALPROXY', secretAccessKey: 'global-proxy-secret' };
const SAMPLE = fileURLToPath(new URL('../fixtures/sample-app', import.meta.url));

describeWithServices(['moto', 'squid'], 'china-region-deploy with the http-proxy input, through Squid', () => {
  let moto: MotoService;
  let squid: SquidService;
  let workspace: string;

  beforeAll(async () => {
    [moto, squid] = await Promise.all([startMoto(), startSquid({ password: 'proxy pass/word' })]);
    await createS3Bucket(moto.endpoint, 'proxied-cn', 'cn-north-1', CHINA);
    await createS3Bucket(moto.endpoint, 'proxied-global', 'us-east-1', GLOBAL);
    const ssm = createSignedSender({
      service: 'ssm',
      region: 'us-east-1',
      endpoint: moto.endpoint,
      maxAttempts: 1,
      log: () => {},
      sign: async (request) => signRequest({ ...request, credentials: GLOBAL }),
    });
    try {
      for (const [name, value] of [
        ['/proxied/id', CHINA.accessKeyId],
        ['/proxied/secret', CHINA.secretAccessKey],
      ] as const) {
        await ssm.send({
          operation: 'ssm:PutParameter',
          method: 'POST',
          path: '/',
          headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonSSM.PutParameter' },
          body: JSON.stringify({ Name: name, Value: value, Type: 'SecureString' }),
        });
      }
    } finally {
      ssm.destroy();
    }
    workspace = mkdtempSync(join(tmpdir(), 'china-proxy-'));
    cpSync(SAMPLE, workspace, { recursive: true });
  });
  afterAll(async () => {
    await squid?.stop();
    await moto?.stop();
  });

  it('sends every call of both partitions through the proxy the input names, and masks it', async () => {
    const before = squid.accessLog().split('\n').filter(Boolean).length;
    const io = recordingRunner({
      inputs: {
        template: 'template.yaml',
        'stack-name': 'proxied',
        bucket: 'proxied-cn',
        capabilities: 'CAPABILITY_IAM',
        'ssm-access-key-id-parameter': '/proxied/id',
        'ssm-secret-access-key-parameter': '/proxied/secret',
        'ssm-endpoint': moto.endpoint,
        'cloudformation-endpoint': moto.endpoint,
        's3-endpoint': moto.endpoint,
        'global-region': 'us-east-1',
        'global-bucket': 'proxied-global',
        'global-cloudformation-endpoint': moto.endpoint,
        'global-s3-endpoint': moto.endpoint,
        'http-proxy': squid.urlWithCredentials,
        'poll-interval-seconds': '1',
      },
      env: {
        GITHUB_WORKSPACE: workspace,
        GITHUB_RUN_ID: '77',
        AWS_ACCESS_KEY_ID: GLOBAL.accessKeyId,
        AWS_SECRET_ACCESS_KEY: GLOBAL.secretAccessKey,
      },
      debug: true,
    });
    const outcome = await runMain(chinaRegionDeploy, { io });
    expect(io.lines('error')).toEqual([]);
    expect(outcome?.ok).toBe(true);
    expect(io.recorded.outputs['global-status']).toBe('CREATE_COMPLETE');

    await squid.waitForAccessLog(/POST http:\/\/127\.0\.0\.1:\d+\/ /);
    const proxied = squid.accessLog().split('\n').filter(Boolean).slice(before);
    const host = new URL(moto.endpoint).host;
    // SSM twice, then at least S3 (HEAD, PUT) and CloudFormation (POST) for each side.
    expect(proxied.filter((line) => line.includes(`http://${host}/`)).length).toBeGreaterThanOrEqual(8);
    expect(proxied.some((line) => line.includes(`PUT http://${host}/proxied-cn/`))).toBe(true);
    expect(proxied.some((line) => line.includes(`PUT http://${host}/proxied-global/`))).toBe(true);

    expect(io.recorded.masks).toContain(squid.urlWithCredentials);
    const printed = [...io.lines(), ...io.recorded.summary].join('\n');
    expect(printed).not.toContain(squid.password);
    expect(printed).not.toContain(encodeURIComponent(squid.password));
  });
});
