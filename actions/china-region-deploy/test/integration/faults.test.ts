/**
 * The fault suite for china-region-deploy: S3 (PutObject of the artifact) and CloudFormation, both on moto in
 * cn-north-1, each behind a fault server of its own; and a proxy that never answers CONNECT. The cases are the
 * shared ones (packages/testing/src/fault-server/cases.ts); this file gives the setup and what
 * china-region-deploy promises: retries of throttling, 5xx and network failures only, errors naming the
 * operation, endpoint and attempts, every request bounded by request-timeout-seconds, and the bundle always ending.
 */
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect } from '@jest/globals';
import { runMain } from '@aws-delivery/action-kit';
import { recordingRunner } from '@aws-delivery/action-kit/recording';
import {
  createS3Bucket,
  describeWithServices,
  FaultFigureLog,
  faultSuite,
  noAnswerWithin,
  startFaultServer,
  startMoto,
  timeoutInputs,
  type FaultServer,
  type FaultStep,
  type MotoService,
} from '@aws-delivery/testing';
import { chinaRegionDeploy } from '../../src/action.js';

const REGION = 'cn-north-1';
const BUCKET = 'artifacts-cn';
const credentials = { accessKeyId: 'AKIDCHINA', secretAccessKey: 'china-secret-key' };
const SAMPLE = fileURLToPath(new URL('../fixtures/sample-app', import.meta.url));
const S3_ACCESS_DENIED =
  '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>';

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
      await Promise.all([s3?.stop(), cloudFormation?.stop()]);
      await moto?.stop();
    });
    // A fresh moto each time: the artifact is uploaded (PutObject) and the stack created on every run. The
    // server not faulted in a case passes everything.
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
    async function run(step: FaultStep) {
      runs += 1;
      const io = recordingRunner({
        inputs: inputs(timeoutInputs(step)),
        env: { GITHUB_WORKSPACE: workspace, GITHUB_RUN_ID: String(300 + runs), GITHUB_RUN_ATTEMPT: '1' },
      });
      const ok = (await runMain(chinaRegionDeploy, { io }))?.ok === true;
      return { ok, error: io.lines('error').join('\n'), masks: io.recorded.masks, outputs: io.recorded.outputs };
    }
    const stackCreated = (result: { outputs: Record<string, string> }) =>
      expect(result.outputs.status).toBe('CREATE_COMPLETE');

    describe('S3 PutObject', () => {
      faultSuite({
        action: 'china-region-deploy',
        operation: 'S3 PutObject (moto)',
        labelPrefix: 'S3 PutObject',
        figures,
        server: () => s3,
        match: (request) => request.method === 'PUT',
        attempts: 4,
        run,
        cases: {
          '503-burst': { also: stackCreated },
          'resets-before-headers': {},
          'persistent-503': { error: ['PutObject', 'after 4 attempts, last status 503'] },
          rejected: {
            label: '403 AccessDenied',
            answer: {
              kind: 'status',
              status: 403,
              body: S3_ACCESS_DENIED,
              headers: { 'content-type': 'application/xml' },
            },
            error: ['AccessDenied'],
          },
          'no-answer': {
            error: (server) => ['PutObject', noAnswerWithin(server)],
          },
        },
      });
    });

    describe('CloudFormation CreateChangeSet', () => {
      faultSuite({
        action: 'china-region-deploy',
        operation: 'CloudFormation CreateChangeSet (moto)',
        labelPrefix: 'CloudFormation CreateChangeSet',
        figures,
        server: () => cloudFormation,
        match: (request) => request.body.includes('Action=CreateChangeSet&'),
        attempts: 4,
        run,
        garbageContentType: 'text/xml',
        cases: {
          '503-burst': { also: stackCreated },
          'persistent-429': {
            error: (server) => [
              'cloudformation:CreateChangeSet failed: ',
              'after 4 attempts, last status 429',
              server.endpoint,
            ],
          },
          garbage: {
            calls: 1,
            errorIs:
              'china-region-deploy: CloudFormation InvalidResponse: CreateChangeSet answered with no XML document',
          },
          'persistent-truncated': {
            error: [
              'cloudformation:CreateChangeSet failed: ECONNRESET: The answer from',
              '(could not reach AWS after 4 attempts',
            ],
          },
        },
        bundle: {
          'silent-proxy': {
            // https:// endpoints, so the proxy is asked for tunnels; nothing listens there, and nothing need.
            step: (proxyUrl, timeout) => ({
              action: 'china-region-deploy',
              workspace,
              env: { HTTPS_PROXY: proxyUrl },
              inputs: inputs({
                ...timeout,
                'cloudformation-endpoint': 'https://127.0.0.1:9',
                's3-endpoint': 'https://127.0.0.1:9',
              }),
            }),
            error: (proxyUrl) => [`through proxy ${proxyUrl}/ (from HTTPS_PROXY)`],
          },
          'garbage-bundle': { step: () => ({ action: 'china-region-deploy', workspace, inputs: inputs() }) },
        },
      });
    });
  },
);
