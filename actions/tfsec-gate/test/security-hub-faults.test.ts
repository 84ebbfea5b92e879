/**
 * The fault suite for tfsec-gate's one network service, the Security Hub upload (BatchImportFindings): moto
 * behind the fault server, through the gate's own import on packages/aws's transport, and the bundle behind a
 * proxy that never answers CONNECT. The cases are the shared ones (packages/testing/src/fault-server/cases.ts);
 * this file gives the setup and what tfsec-gate promises: retries of throttling, 5xx and network failures only,
 * errors naming the operation and the attempts, every request bounded by request-timeout-seconds.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from '@jest/globals';
import { awsClientConfig } from '@aws-delivery/aws';
import { toAsff, withFingerprints } from '@aws-delivery/findings';
import {
  describeWithServices,
  faultSuite,
  noAnswerWithin,
  startFaultServer,
  startMoto,
  type FaultServer,
  type FaultStep,
  type MotoService,
} from '@aws-delivery/testing';
import { EnableSecurityHubCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { customProductArn } from '../src/aws/asff-context.js';
import { importFindings } from '../src/aws/security-hub-import.js';
import { readScannerFixture } from './fixtures.js';

const ACCOUNT = '123456789012';
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
const findings = () =>
  toAsff(
    withFingerprints([
      {
        ruleId: 'AWS-0086',
        ruleAliases: [],
        title: 'S3 Access block should block public ACL',
        message: 'bucket logs',
        severity: 'high',
        location: { file: 'main.tf', startLine: 3 },
        resource: 'aws_s3_bucket.logs',
        tool: { name: 'trivy' },
      },
    ]),
    {
      productArn: customProductArn(ACCOUNT, 'us-east-1'),
      awsAccountId: ACCOUNT,
      generator: 'tfsec-gate',
      observedAt: '2026-01-01T00:00:00.000Z',
      region: 'us-east-1',
    },
  );

describeWithServices(['moto'], 'tfsec-gate fault suite (Security Hub on moto behind the fault server)', () => {
  let moto: MotoService;
  let faults: FaultServer;
  beforeAll(async () => {
    moto = await startMoto();
    faults = await startFaultServer({ upstream: moto.endpoint });
    const direct = new SecurityHubClient({
      ...awsClientConfig({ region: 'us-east-1', endpoint: moto.endpoint, log: () => undefined }),
      credentials,
    });
    await direct.send(new EnableSecurityHubCommand({}));
    direct.destroy();
  });
  const workspaces: string[] = [];
  afterAll(async () => {
    await faults?.stop();
    await moto?.stop();
    for (const dir of workspaces) rmSync(dir, { recursive: true, force: true });
  });

  /** One upload through the fault server, with a client made as the gate makes it. */
  async function upload(step: FaultStep) {
    const client = new SecurityHubClient({
      ...awsClientConfig({
        region: 'us-east-1',
        endpoint: faults.endpoint,
        log: () => undefined,
        ...(step.requestTimeoutSeconds ? { requestTimeoutMs: step.requestTimeoutSeconds * 1000 } : {}),
      }),
      credentials,
    });
    try {
      const { imported } = await importFindings(client, findings());
      return { ok: true, error: '', imported };
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error), imported: 0 };
    } finally {
      client.destroy();
    }
  }
  const importedOne = (run: { imported: number }) => expect(run.imported).toBe(1);

  /** A workspace with a Trivy report to gate, so the bundle scans nothing and goes straight to the upload. */
  const reportWorkspace = () => {
    const dir = mkdtempSync(join(tmpdir(), 'tfsec-gate-faults-'));
    workspaces.push(dir);
    writeFileSync(join(dir, 'scan.json'), readScannerFixture('trivy/config-scan-report.json'));
    return dir;
  };

  faultSuite({
    action: 'tfsec-gate',
    operation: 'securityhub:BatchImportFindings (moto)',
    labelPrefix: 'BatchImportFindings',
    server: () => faults,
    attempts: 4,
    run: upload,
    cases: {
      '503-burst': { also: importedOne },
      '429-burst': { also: importedOne },
      'reset-before-headers-then-mid-body': { also: importedOne },
      'persistent-503': {
        error: [/^securityhub:BatchImportFindings failed: .*after 4 attempts, last status 503/],
      },
      rejected: {
        label: '403 AccessDeniedException',
        answer: {
          kind: 'status',
          status: 403,
          headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'AccessDeniedException' },
          body: '{"Message":"not authorized to perform securityhub:BatchImportFindings"}',
        },
        error: ['Security Hub BatchImportFindings failed (AccessDeniedException)'],
      },
      garbage: {
        errorIs:
          'securityhub:BatchImportFindings failed: the answer is not the document the service sends (last status 200).',
      },
      'persistent-truncated': {
        error: ['securityhub:BatchImportFindings failed: the answer broke off before its end (after 4 attempts'],
      },
      'no-answer': {
        error: (server) => ['securityhub:BatchImportFindings failed after 4 attempts', noAnswerWithin(server)],
      },
    },
    bundle: {
      'silent-proxy': {
        // The SDK's service-specific endpoint variable points Security Hub at an https:// endpoint, so the proxy is
        // asked for a tunnel; nothing listens there, and nothing need. The account is given: no STS call first.
        step: (proxyUrl, timeout) => ({
          action: 'tfsec-gate',
          workspace: reportWorkspace(),
          inputs: {
            'results-file': 'scan.json',
            'aws-region': 'us-east-1',
            'aws-account-id': ACCOUNT,
            'security-hub-import': 'true',
            'fail-on': 'none',
            'http-proxy': proxyUrl,
            ...timeout,
          },
          env: {
            AWS_ENDPOINT_URL_SECURITYHUB: 'https://127.0.0.1:9',
            AWS_ACCESS_KEY_ID: credentials.accessKeyId,
            AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
          },
        }),
        error: (proxyUrl) => [
          'securityhub:BatchImportFindings failed after 4 attempts',
          `No answer from 127.0.0.1:9 through proxy ${proxyUrl}/ (from http-proxy) within the 1000 ms request timeout`,
        ],
      },
    },
  });
});
