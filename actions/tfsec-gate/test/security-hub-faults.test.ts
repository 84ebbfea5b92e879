/**
 * The fault suite for tfsec-gate's one network service, the Security Hub upload (BatchImportFindings): moto
 * behind the fault server, through the gate's own import on packages/aws's transport. Retries of throttling, 5xx
 * and network failures only, errors naming the operation and the attempts. The no-answer cases wait for
 * tfsec-gate's request-timeout input and are not here yet.
 */
import { afterAll, beforeAll, beforeEach, expect, it } from '@jest/globals';
import { awsClientConfig } from '@aws-delivery/aws';
import { toAsff, withFingerprints } from '@aws-delivery/findings';
import {
  burst,
  describeWithServices,
  FaultFigureLog,
  startFaultServer,
  startMoto,
  type Fault,
  type FaultServer,
  type MotoService,
} from '@aws-delivery/testing';
import { EnableSecurityHubCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { customProductArn } from '../src/aws/asff-context.js';
import { importFindings } from '../src/aws/security-hub-import.js';

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
  const figures = new FaultFigureLog('tfsec-gate');
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
  afterAll(async () => {
    figures.write();
    await faults?.stop();
    await moto?.stop();
  });
  beforeEach(() => faults.reset());

  /** One upload through the fault server, with a client made as the gate makes it. */
  async function uploadWith(name: string, script: { faults?: Fault[]; then?: Fault }) {
    faults.setFaults(script);
    const client = new SecurityHubClient({
      ...awsClientConfig({ region: 'us-east-1', endpoint: faults.endpoint, log: () => undefined }),
      credentials,
    });
    let failure: unknown;
    let imported = 0;
    const measured = await figures.measure(
      `BatchImportFindings: ${name}`,
      async () => {
        try {
          imported = (await importFindings(client, findings())).imported;
          return true;
        } catch (error) {
          failure = error;
          return false;
        } finally {
          client.destroy();
        }
      },
      () => faults.requests().length,
    );
    return { ...measured, imported, error: failure instanceof Error ? failure.message : String(failure ?? '') };
  }

  it('survives a 503 burst of 2', async () => {
    const run = await uploadWith('503 burst of 2', { faults: burst(503, 2) });
    expect(run.error).toBe('');
    expect(run).toMatchObject({ ok: true, calls: 3, imported: 1 });
  });

  it('survives a 429 burst of 2', async () => {
    const run = await uploadWith('429 burst of 2', { faults: burst(429, 2) });
    expect(run).toMatchObject({ ok: true, calls: 3, imported: 1 });
  });

  it('survives a reset before the headers and one mid-body', async () => {
    const run = await uploadWith('reset before headers, reset mid-body', {
      faults: [{ kind: 'reset-before-headers' }, { kind: 'reset-mid-body' }],
    });
    expect(run).toMatchObject({ ok: true, calls: 3, imported: 1 });
  });

  it('after a persistent 503, fails naming the operation, the status and the attempts', async () => {
    const run = await uploadWith('persistent 503', { then: { kind: 'status', status: 503 } });
    expect(run.ok).toBe(false);
    expect(run.calls).toBe(4);
    expect(run.error).toMatch(/^securityhub:BatchImportFindings failed: .*after 4 attempts, last status 503/);
  });

  it('does not retry AccessDeniedException, and says which permission is missing', async () => {
    const run = await uploadWith('403 AccessDeniedException', {
      then: {
        kind: 'status',
        status: 403,
        headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'AccessDeniedException' },
        body: '{"Message":"not authorized to perform securityhub:BatchImportFindings"}',
      },
    });
    expect(run.ok).toBe(false);
    expect(run.calls).toBe(1);
    expect(run.error).toContain('Security Hub BatchImportFindings failed (AccessDeniedException)');
  });

  it('fails cleanly on a garbage 200 body, on one line', async () => {
    const run = await uploadWith('garbage 200 body', { then: { kind: 'garbage' } });
    expect(run.ok).toBe(false);
    expect(run.error).toBe(
      'securityhub:BatchImportFindings failed: the answer is not the document the service sends (last status 200).',
    );
  });

  it('fails on a persistently truncated body, naming the attempts', async () => {
    const run = await uploadWith('persistent truncated body', { then: { kind: 'truncate' } });
    expect(run.ok).toBe(false);
    expect(run.calls).toBe(4);
    expect(run.error).toContain(
      'securityhub:BatchImportFindings failed: the answer broke off before its end (after 4 attempts',
    );
  });
});
