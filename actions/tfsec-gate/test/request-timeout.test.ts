// request-timeout-seconds bounds each request tfsec-gate makes (the scanner download, Security Hub): an endpoint
// that accepts the connection and never answers fails after it, naming the host, not after minutes.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { readInputs } from '@aws-delivery/action-kit';
import { recordingRunner } from '@aws-delivery/action-kit/recording';
import { toAsff, withFingerprints } from '@aws-delivery/findings';
import { startSilentServer, type SilentServer } from '@aws-delivery/testing';
import { customProductArn } from '../src/aws/asff-context.js';
import { buildConfig } from '../src/config.js';
import { defaultDeps } from '../src/gate/deps.js';
import { inputSpec } from '../src/inputs.js';
import { installScanner } from '../src/install/install-scanner.js';

const workspace = mkdtempSync(join(tmpdir(), 'tfsec-timeout-'));
const env = { GITHUB_WORKSPACE: workspace, RUNNER_TEMP: workspace };

function config(inputs: Record<string, string>) {
  const io = recordingRunner({ inputs });
  return buildConfig(readInputs(inputSpec, io.input, io.mask), env);
}

describe('request-timeout-seconds against a black-holed endpoint', () => {
  let silent: SilentServer;
  let saved: NodeJS.ProcessEnv;
  beforeEach(async () => {
    silent = await startSilentServer();
    saved = { ...process.env };
  });
  afterEach(async () => {
    process.env = saved;
    await silent.close();
  });

  it('is 30 s per request unless set', () => {
    expect(config({}).requestTimeoutMs).toBe(30_000);
    expect(config({ 'request-timeout-seconds': '2' }).requestTimeoutMs).toBe(2_000);
    expect(() => config({ 'request-timeout-seconds': '301' })).toThrow(/request-timeout-seconds/);
  });

  it('fails the scanner download after the request timeout, naming the host', async () => {
    const download = installScanner({
      scanner: 'tfsec',
      version: '1.28.14',
      platform: { os: 'linux', arch: 'amd64' },
      cacheRoot: mkdtempSync(join(workspace, 'cache-')),
      mirror: `${silent.url}/v{version}`,
      requestTimeoutMs: 1_000,
      log: () => undefined,
    });
    await expect(download).rejects.toThrow(`no response from 127.0.0.1:${silent.port} within 1000 ms`);
  }, 30_000);

  it('fails each Security Hub attempt after the request timeout, naming the endpoint', async () => {
    // The SDK's service-specific endpoint variable points Security Hub at the black hole.
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_SECURITYHUB: silent.url,
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    });
    const io = recordingRunner();
    const deps = defaultDeps(config({ 'request-timeout-seconds': '1' }), io);
    const [finding] = withFingerprints([
      {
        ruleId: 'AWS-0086',
        ruleAliases: [],
        title: 'S3 Access block should block public ACL',
        message: 'bucket',
        severity: 'high',
        location: { file: 'main.tf', startLine: 1 },
        tool: { name: 'trivy' },
      },
    ]);
    const asff = toAsff([finding!], {
      productArn: customProductArn('123456789012', 'us-east-1'),
      awsAccountId: '123456789012',
      generator: 'tfsec-gate',
      observedAt: '2026-03-01T12:00:00Z',
    });
    const error = await deps.importToSecurityHub(asff, 'us-east-1').catch((e: unknown) => e as Error);
    expect((error as Error).message).toContain(
      `No answer from 127.0.0.1:${silent.port} within the 1000 ms request timeout`,
    );
    expect(silent.connections()).toBe(4);
  }, 30_000);
});
