/**
 * china-region-deploy behind a corporate proxy: every S3 and CloudFormation call to moto through a real Squid that
 * demands basic auth (HTTP_PROXY in the step's environment, as a runner sets it). Squid's access log holds every
 * request moto answered, and the proxy password is never printed, not even when the proxy refuses it.
 */
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { runMain } from '@aws-delivery/action-kit';
import { recordingRunner, type RecordingRunner } from '@aws-delivery/action-kit/recording';
import {
  createS3Bucket,
  describeWithServices,
  startMoto,
  startSquid,
  type MotoService,
  type SquidService,
} from '@aws-delivery/testing';
import { chinaRegionDeploy } from '../../src/action.js';

const REGION = 'cn-north-1';
const credentials = { accessKeyId: 'AKIDSQUID', secretAccessKey: 'china-squid-secret' };
const SAMPLE = fileURLToPath(new URL('../fixtures/sample-app', import.meta.url));
const PROXY_PASSWORD = 'cn/proxy:p@ss word';

/** Everything the step wrote where a reader could see it: log lines, annotations' text, summary and outputs. */
function printed(io: RecordingRunner): string {
  return [
    ...io.recorded.log.map((entry) => entry.message),
    ...io.recorded.summary,
    ...Object.values(io.recorded.outputs),
  ].join('\n');
}

describeWithServices(['moto', 'squid'], 'china-region-deploy through Squid with basic auth', () => {
  let moto: MotoService;
  let squid: SquidService;
  let workspace: string;

  beforeAll(async () => {
    [moto, squid] = await Promise.all([startMoto(), startSquid({ password: PROXY_PASSWORD })]);
    await createS3Bucket(moto.endpoint, 'proxied-cn', REGION, credentials);
    workspace = mkdtempSync(join(tmpdir(), 'china-squid-'));
    cpSync(SAMPLE, workspace, { recursive: true });
  }, 90_000);
  afterAll(async () => {
    await Promise.all([moto?.stop(), squid?.stop()]);
  });

  const step = (proxy: string, runId: string) =>
    recordingRunner({
      inputs: {
        template: 'template.yaml',
        'stack-name': 'proxied',
        bucket: 'proxied-cn',
        capabilities: 'CAPABILITY_IAM',
        'access-key-id': credentials.accessKeyId,
        'secret-access-key': credentials.secretAccessKey,
        'cloudformation-endpoint': moto.endpoint,
        's3-endpoint': moto.endpoint,
      },
      env: { GITHUB_WORKSPACE: workspace, GITHUB_RUN_ID: runId, GITHUB_RUN_ATTEMPT: '1', HTTP_PROXY: proxy },
    });

  it('packages and deploys with every call through the proxy, and never prints the proxy password', async () => {
    const before = moto.requests().length;
    const io = step(squid.urlWithCredentials, '501');
    const outcome = await runMain(chinaRegionDeploy, { io });
    expect(io.lines('error')).toEqual([]);
    expect(outcome?.ok).toBe(true);
    expect(io.recorded.outputs.status).toBe('CREATE_COMPLETE');

    const motoHost = new URL(moto.endpoint).host;
    const log = await squid.waitForAccessLog(`PUT http://${motoHost}/proxied-cn/`);
    const proxied = log.split('\n').filter((line) => line.includes(`http://${motoHost}/`));
    // The artifact's presence check and upload, and the CloudFormation calls, each with the proxy user.
    expect(proxied.some((line) => / HEAD http:\S+\/proxied-cn\/\S+\.zip /.test(line))).toBe(true);
    expect(proxied.filter((line) => / PUT http:\S+\/proxied-cn\/\S+\.zip /.test(line))).toHaveLength(1);
    expect(proxied.filter((line) => line.includes(` POST http://${motoHost}/ `)).length).toBeGreaterThanOrEqual(4);
    expect(proxied.every((line) => line.includes(` ${squid.username} `))).toBe(true);
    // Nothing reached moto around the proxy: it answered exactly the requests Squid forwarded.
    expect(moto.requests().length - before).toBe(proxied.length);
    expect(printed(io)).not.toContain(PROXY_PASSWORD);
    expect(printed(io)).not.toContain(encodeURIComponent(PROXY_PASSWORD));
  });

  it('fails with the proxy’s 407 when the password is wrong, the password still unprinted', async () => {
    const wrongPassword = 'not-the-squid-password';
    const wrong = squid.urlWithCredentials.replace(encodeURIComponent(PROXY_PASSWORD), wrongPassword);
    expect(wrong).not.toBe(squid.urlWithCredentials);
    const io = step(wrong, '502');
    const outcome = await runMain(chinaRegionDeploy, { io });
    expect(outcome?.ok).toBe(false);
    expect(io.lines('error').join('\n')).toContain('407');
    expect(printed(io)).not.toContain(wrongPassword);
    expect(printed(io)).not.toContain(PROXY_PASSWORD);
  });
});
