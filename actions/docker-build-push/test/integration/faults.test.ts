/**
 * The fault suite for docker-build-push's ECR calls (GetAuthorizationToken, the login; DescribeRepositories):
 * moto behind the fault server, through the action's own ECR API (the SDK client on packages/aws's transport), and
 * the bundle behind a proxy that never answers CONNECT. The cases are the shared ones
 * (packages/testing/src/fault-server/cases.ts); this file gives the setup and what docker-build-push promises:
 * retries of throttling, 5xx and network failures only, errors naming the registry, operation and attempts, every
 * request bounded by request-timeout-seconds.
 */
import { afterAll, beforeAll, describe, expect } from '@jest/globals';
import { recordingRunner } from '@aws-delivery/action-kit/recording';
import {
  describeWithServices,
  FaultFigureLog,
  faultSuite,
  noAnswerWithin,
  startFaultServer,
  startMoto,
  type FaultRequest,
  type FaultServer,
  type FaultStep,
  type MotoService,
} from '@aws-delivery/testing';
import { createEcrApi, type EcrApi } from '../../src/ecr/ecr-api.js';
import { parseTargets } from '../../src/targets/parse-targets.js';

const keys = {
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};
const REGISTRY = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
const targetHeader = (request: FaultRequest) => String(request.headers['x-amz-target'] ?? '');

describeWithServices(['moto'], 'docker-build-push fault suite (ECR on moto behind the fault server)', () => {
  let moto: MotoService;
  let faults: FaultServer;
  let saved: NodeJS.ProcessEnv;
  const figures = new FaultFigureLog('docker-build-push');
  beforeAll(async () => {
    moto = await startMoto();
    faults = await startFaultServer({ upstream: moto.endpoint });
    // The ECR client signs with the runner's credentials, as after assume-role.
    saved = { ...process.env };
    Object.assign(process.env, keys);
  });
  afterAll(async () => {
    process.env = saved;
    await faults?.stop();
    await moto?.stop();
  });

  const target = (ecrEndpoint: string) =>
    parseTargets([`123456789012/eu-west-1 ecr-endpoint=${ecrEndpoint}`], {
      repository: 'team/app',
      allowUnknownRegion: false,
    })[0]!;

  /** One call through a fresh ECR API (and SDK client), made as the action makes it. */
  async function call(step: FaultStep, operation: (ecr: EcrApi) => Promise<boolean>) {
    const io = recordingRunner();
    const ecr = createEcrApi({
      io,
      ...(step.requestTimeoutSeconds ? { requestTimeoutMs: step.requestTimeoutSeconds * 1000 } : {}),
    });
    try {
      return { ok: await operation(ecr), error: '', masks: io.recorded.masks };
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error), masks: io.recorded.masks };
    }
  }

  describe('GetAuthorizationToken', () => {
    faultSuite({
      action: 'docker-build-push',
      operation: 'ecr:GetAuthorizationToken (moto)',
      labelPrefix: 'GetAuthorizationToken',
      figures,
      server: () => faults,
      match: (request) => targetHeader(request).endsWith('.GetAuthorizationToken'),
      attempts: 4,
      run: (step) => call(step, async (ecr) => Boolean(await ecr.authorization(target(faults.endpoint)))),
      garbageContentType: 'application/x-amz-json-1.1',
      cases: {
        '503-burst': { also: (run) => expect(run.masks).toContain('123456789012-auth-token') },
        '429-burst': {},
        'reset-before-headers-then-mid-body': {},
        'persistent-503': {
          error: [
            new RegExp(`^${REGISTRY.replace(/\./g, '\\.')}: ecr:GetAuthorizationToken failed`),
            'after 4 attempts, last status 503',
          ],
        },
        rejected: {
          label: '400 AccessDeniedException',
          answer: {
            kind: 'status',
            status: 400,
            headers: { 'content-type': 'application/x-amz-json-1.1' },
            body: '{"__type":"AccessDeniedException","message":"not authorized to perform ecr:GetAuthorizationToken"}',
          },
          error: ['ecr:GetAuthorizationToken failed: AccessDeniedException'],
        },
        garbage: {
          errorIs:
            `${REGISTRY}: ecr:GetAuthorizationToken failed: the answer is not the ` +
            'document the service sends (last status 200).',
        },
        'persistent-truncated': {
          error: ['ecr:GetAuthorizationToken failed: the answer broke off before its end (after 4 attempts'],
        },
        'no-answer': {
          error: (server) => [`${REGISTRY}: ecr:GetAuthorizationToken failed`, noAnswerWithin(server)],
        },
      },
      bundle: {
        'silent-proxy': {
          // Log in only (no build): the ECR API endpoint is https://, so the proxy is asked for a tunnel; nothing
          // listens there, and nothing need.
          step: (proxyUrl, timeout) => ({
            action: 'docker-build-push',
            env: keys,
            inputs: {
              registries: '123456789012/eu-west-1 ecr-endpoint=https://127.0.0.1:9',
              'login-only': 'true',
              'http-proxy': proxyUrl,
              ...timeout,
            },
          }),
          error: (proxyUrl) => [
            `docker-build-push: ${REGISTRY}: ecr:GetAuthorizationToken failed after 4 attempts: No answer from ` +
              `127.0.0.1:9 through proxy ${proxyUrl}/ (from http-proxy) within the 1000 ms request timeout.`,
          ],
        },
      },
    });
  });

  describe('DescribeRepositories', () => {
    faultSuite({
      action: 'docker-build-push',
      operation: 'ecr:DescribeRepositories (moto)',
      labelPrefix: 'DescribeRepositories',
      figures,
      server: () => faults,
      match: (request) => targetHeader(request).endsWith('.DescribeRepositories'),
      attempts: 4,
      // The repository does not exist in moto: the answer is that it is missing.
      run: (step) => call(step, async (ecr) => (await ecr.describeRepository(target(faults.endpoint))) === undefined),
      cases: { '503-burst': {} },
    });
  });
});
