/**
 * The fault suite for china-region-deploy: S3 (PutObject of the artifact) and CloudFormation, both on moto in
 * cn-north-1, each behind a fault server of its own; and a proxy that never answers CONNECT. Retries of
 * throttling, 5xx and network failures only, errors naming the operation, endpoint and attempts, every request
 * bounded by request-timeout-seconds, and the bundle always ending.
 */
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { runMain } from '@aws-delivery/action-kit';
import { recordingRunner } from '@aws-delivery/action-kit/recording';
import {
  burst,
  createS3Bucket,
  describeWithServices,
  FaultFigureLog,
  simulateBehindSilentProxy,
  simulateStep,
  startFaultServer,
  startMoto,
  type Fault,
  type FaultRequest,
  type FaultServer,
  type MotoService,
} from '@aws-delivery/testing';
import { chinaRegionDeploy } from '../../src/action.js';

const REGION = 'cn-north-1';
const BUCKET = 'artifacts-cn';
const credentials = { accessKeyId: 'AKIDCHINA', secretAccessKey: 'china-secret-key' };
const SAMPLE = fileURLToPath(new URL('../fixtures/sample-app', import.meta.url));
/** The request timeout of the cases that wait for an answer that never comes; the others keep the default. */
const SHORT_TIMEOUT = { 'request-timeout-seconds': '1' };
/** Far above any bounded failure here (4 attempts × 1 s + backoff): only a hang reaches it. */
const ENDED_WITHIN_MS = 30_000;
const isPutObject = (request: FaultRequest) => request.method === 'PUT';
const isCreateChangeSet = (request: FaultRequest) => request.body.includes('Action=CreateChangeSet&');

describeWithServices(
  ['moto'],
  'china-region-deploy fault suite (moto S3 and CloudFormation behind fault servers)',
  () => {
    let moto: MotoService;
    let s3: FaultServer;
    let cloudFormation: FaultServer;
    let workspace: string;
    const figures = new FaultFigureLog('china-region-deploy');
    beforeAll(async () => {
      moto = await startMoto();
      [s3, cloudFormation] = await Promise.all([
        startFaultServer({ upstream: moto.endpoint }),
        startFaultServer({ upstream: moto.endpoint }),
      ]);
      workspace = mkdtempSync(join(tmpdir(), 'china-faults-'));
      cpSync(SAMPLE, workspace, { recursive: true });
    });
    afterAll(async () => {
      figures.write();
      await Promise.all([s3?.stop(), cloudFormation?.stop()]);
      await moto?.stop();
    });
    // A fresh moto each time: the artifact is uploaded (PutObject) and the stack created on every run.
    beforeEach(async () => {
      s3.reset();
      cloudFormation.reset();
      await moto.reset();
      await createS3Bucket(moto.endpoint, BUCKET, REGION, credentials);
    });

    const inputs = (extra: Record<string, string> = {}) => ({
      template: 'template.yaml',
      'stack-name': 'sample',
      region: REGION,
      bucket: BUCKET,
      parameters: 'Stage=prod',
      capabilities: 'CAPABILITY_IAM',
      'access-key-id': credentials.accessKeyId,
      'secret-access-key': credentials.secretAccessKey,
      'cloudformation-endpoint': cloudFormation.endpoint,
      's3-endpoint': s3.endpoint,
      ...extra,
    });

    let runs = 0;
    async function runWith(
      name: string,
      target: () => FaultServer,
      match: (request: FaultRequest) => boolean,
      script: { faults?: Fault[]; then?: Fault },
      extra: Record<string, string> = {},
    ) {
      target().setFaults({ ...script, match });
      runs += 1;
      const io = recordingRunner({
        inputs: inputs(extra),
        env: { GITHUB_WORKSPACE: workspace, GITHUB_RUN_ID: String(300 + runs), GITHUB_RUN_ATTEMPT: '1' },
      });
      const measured = await figures.measure(
        name,
        async () => (await runMain(chinaRegionDeploy, { io }))?.ok === true,
        () => target().requests().filter(match).length,
      );
      return { ...measured, io, error: io.lines('error').join('\n') };
    }

    describe('S3 PutObject', () => {
      it('survives a 503 burst of 2', async () => {
        const run = await runWith('S3 PutObject: 503 burst of 2', () => s3, isPutObject, { faults: burst(503, 2) });
        expect(run.error).toBe('');
        expect(run.ok).toBe(true);
        expect(run.calls).toBe(3);
        expect(run.io.recorded.outputs.status).toBe('CREATE_COMPLETE');
      });

      it('survives two connection resets before the headers', async () => {
        const run = await runWith('S3 PutObject: 2 resets before headers', () => s3, isPutObject, {
          faults: [{ kind: 'reset-before-headers' }, { kind: 'reset-before-headers' }],
        });
        expect(run.ok).toBe(true);
        expect(run.calls).toBe(3);
      });

      it('after a persistent 503, fails naming the operation, the status and the attempts', async () => {
        const run = await runWith('S3 PutObject: persistent 503', () => s3, isPutObject, {
          then: { kind: 'status', status: 503 },
        });
        expect(run.ok).toBe(false);
        expect(run.calls).toBe(4);
        expect(run.error).toContain('PutObject');
        expect(run.error).toContain('after 4 attempts, last status 503');
        expect(run.elapsedMs).toBeLessThan(ENDED_WITHIN_MS);
      });

      it('does not retry a 403 AccessDenied', async () => {
        const body =
          '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>';
        const run = await runWith('S3 PutObject: 403 AccessDenied', () => s3, isPutObject, {
          then: { kind: 'status', status: 403, body, headers: { 'content-type': 'application/xml' } },
        });
        expect(run.ok).toBe(false);
        expect(run.calls).toBe(1);
        expect(run.error).toContain('AccessDenied');
      });

      it('fails within request-timeout-seconds on an endpoint that accepts and never answers', async () => {
        const run = await runWith(
          'S3 PutObject: accept, never answer',
          () => s3,
          isPutObject,
          {
            then: { kind: 'hang' },
          },
          SHORT_TIMEOUT,
        );
        expect(run.ok).toBe(false);
        expect(run.calls).toBe(4);
        expect(run.error).toContain('PutObject');
        expect(run.error).toContain(`No answer from 127.0.0.1:${s3.port} within the 1000 ms request timeout`);
        expect(run.elapsedMs).toBeLessThan(ENDED_WITHIN_MS);
      });
    });

    describe('CloudFormation CreateChangeSet', () => {
      it('survives a 503 burst of 2', async () => {
        const run = await runWith(
          'CloudFormation CreateChangeSet: 503 burst of 2',
          () => cloudFormation,
          isCreateChangeSet,
          {
            faults: burst(503, 2),
          },
        );
        expect(run.error).toBe('');
        expect(run.ok).toBe(true);
        expect(run.io.recorded.outputs.status).toBe('CREATE_COMPLETE');
      });

      it('after a persistent 429, fails naming the operation, the endpoint and the attempts', async () => {
        const run = await runWith(
          'CloudFormation CreateChangeSet: persistent 429',
          () => cloudFormation,
          isCreateChangeSet,
          {
            then: { kind: 'status', status: 429 },
          },
        );
        expect(run.ok).toBe(false);
        expect(run.calls).toBe(4);
        expect(run.error).toContain('cloudformation:CreateChangeSet failed: ');
        expect(run.error).toContain('after 4 attempts, last status 429');
        expect(run.error).toContain(cloudFormation.endpoint);
        expect(run.elapsedMs).toBeLessThan(ENDED_WITHIN_MS);
      });

      it('fails cleanly on a garbage 200 body, on one line', async () => {
        const run = await runWith(
          'CloudFormation CreateChangeSet: garbage 200 body',
          () => cloudFormation,
          isCreateChangeSet,
          {
            then: { kind: 'garbage', contentType: 'text/xml' },
          },
        );
        expect(run.ok).toBe(false);
        expect(run.calls).toBe(1);
        expect(run.error).toBe(
          'china-region-deploy: CloudFormation InvalidResponse: CreateChangeSet answered with no XML document',
        );
        expect(run.io.recorded.masks).not.toContain('fault');
      });

      it('fails on a persistently truncated body', async () => {
        const run = await runWith(
          'CloudFormation CreateChangeSet: persistent truncated body',
          () => cloudFormation,
          isCreateChangeSet,
          {
            then: { kind: 'truncate' },
          },
        );
        expect(run.ok).toBe(false);
        expect(run.calls).toBe(4);
        expect(run.error).toContain('cloudformation:CreateChangeSet failed: ECONNRESET: The answer from');
        expect(run.error).toContain('(could not reach AWS after 4 attempts');
        expect(run.elapsedMs).toBeLessThan(ENDED_WITHIN_MS);
      });
    });

    describe('the bundle, as a runner runs it', () => {
      it('ends with one clear error when the proxy never answers CONNECT', async () => {
        const run = await simulateBehindSilentProxy((proxyUrl) => ({
          action: 'china-region-deploy',
          workspace,
          env: { HTTPS_PROXY: proxyUrl },
          // https:// endpoints, so the proxy is asked for tunnels; nothing listens there, and nothing need.
          inputs: inputs({
            ...SHORT_TIMEOUT,
            'cloudformation-endpoint': 'https://127.0.0.1:9',
            's3-endpoint': 'https://127.0.0.1:9',
          }),
          timeoutMs: ENDED_WITHIN_MS,
        }));
        figures.addSilentProxyRun(run);
        expect(run.result.timedOut).toBe(false);
        expect(run.result.exitCode).toBe(1);
        expect(run.connections).toBeGreaterThanOrEqual(1);
        const errors = run.result.annotations.filter((a) => a.level === 'error').map((a) => a.message);
        expect(errors).toEqual([expect.stringContaining(`through proxy ${run.proxyUrl}/ (from HTTPS_PROXY)`)]);
      });

      it('prints a garbage answer as nothing the runner would run', async () => {
        cloudFormation.setFaults({ then: { kind: 'garbage', contentType: 'text/xml' } });
        const result = await simulateStep({
          action: 'china-region-deploy',
          workspace,
          inputs: inputs(),
          timeoutMs: ENDED_WITHIN_MS,
          post: false,
        });
        expect(result.exitCode).toBe(1);
        expect(result.annotations.map((a) => a.level)).toEqual(['error']);
        expect(result.masks).not.toContain('fault');
      });
    });
  },
);
