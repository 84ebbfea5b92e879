/**
 * The fault suite for docker-build-push's ECR calls (GetAuthorizationToken, the login; DescribeRepositories):
 * moto behind the fault server, through the action's own ECR API (the SDK client on packages/aws's transport).
 * Retries of throttling, 5xx and network failures only, errors naming the registry, operation and attempts.
 * The no-answer cases wait for docker-build-push's request-timeout input and are not here yet.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { recordingRunner } from '@aws-delivery/action-kit/recording';
import {
  burst,
  describeWithServices,
  FaultFigureLog,
  startFaultServer,
  startMoto,
  type Fault,
  type FaultRequest,
  type FaultServer,
  type MotoService,
} from '@aws-delivery/testing';
import { createEcrApi } from '../../src/ecr/ecr-api.js';
import { parseTargets } from '../../src/targets/parse-targets.js';

const keys = {
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};
const targetHeader = (request: FaultRequest) => String(request.headers['x-amz-target'] ?? '');
const isGetAuthorizationToken = (request: FaultRequest) => targetHeader(request).endsWith('.GetAuthorizationToken');

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
    figures.write();
    await faults?.stop();
    await moto?.stop();
  });
  beforeEach(() => faults.reset());

  const target = () =>
    parseTargets([`123456789012/eu-west-1 ecr-endpoint=${faults.endpoint}`], {
      repository: 'team/app',
      allowUnknownRegion: false,
    })[0]!;

  /** The login's GetAuthorizationToken with the faults given; a fresh API (and SDK client) each time. */
  async function loginWith(name: string, script: { faults?: Fault[]; then?: Fault }) {
    faults.setFaults({ ...script, match: isGetAuthorizationToken });
    const io = recordingRunner();
    let failure: unknown;
    const measured = await figures.measure(
      `GetAuthorizationToken: ${name}`,
      async () => {
        try {
          await createEcrApi({ io }).authorization(target());
          return true;
        } catch (error) {
          failure = error;
          return false;
        }
      },
      () => faults.requests().filter(isGetAuthorizationToken).length,
    );
    return { ...measured, io, error: failure instanceof Error ? failure.message : String(failure ?? '') };
  }

  it('survives a 503 burst of 2', async () => {
    const run = await loginWith('503 burst of 2', { faults: burst(503, 2) });
    expect(run.error).toBe('');
    expect(run.ok).toBe(true);
    expect(run.calls).toBe(3);
    expect(run.io.recorded.masks).toContain('123456789012-auth-token');
  });

  it('survives a 429 burst of 2', async () => {
    const run = await loginWith('429 burst of 2', { faults: burst(429, 2) });
    expect(run.ok).toBe(true);
    expect(run.calls).toBe(3);
  });

  it('survives a reset before the headers and one mid-body', async () => {
    const run = await loginWith('reset before headers, reset mid-body', {
      faults: [{ kind: 'reset-before-headers' }, { kind: 'reset-mid-body' }],
    });
    expect(run.ok).toBe(true);
    expect(run.calls).toBe(3);
  });

  it('after a persistent 503, fails naming the registry, the operation, the status and the attempts', async () => {
    const run = await loginWith('persistent 503', { then: { kind: 'status', status: 503 } });
    expect(run.ok).toBe(false);
    expect(run.calls).toBe(4);
    expect(run.error).toMatch(/^123456789012\.dkr\.ecr\.eu-west-1\.amazonaws\.com: ecr:GetAuthorizationToken failed/);
    expect(run.error).toContain('after 4 attempts, last status 503');
  });

  it('does not retry a 400 AccessDeniedException', async () => {
    const run = await loginWith('400 AccessDeniedException', {
      then: {
        kind: 'status',
        status: 400,
        headers: { 'content-type': 'application/x-amz-json-1.1' },
        body: '{"__type":"AccessDeniedException","message":"not authorized to perform ecr:GetAuthorizationToken"}',
      },
    });
    expect(run.ok).toBe(false);
    expect(run.calls).toBe(1);
    expect(run.error).toContain('ecr:GetAuthorizationToken failed: AccessDeniedException');
  });

  it('fails cleanly on a garbage 200 body, on one line, naming the operation', async () => {
    const run = await loginWith('garbage 200 body', {
      then: { kind: 'garbage', contentType: 'application/x-amz-json-1.1' },
    });
    expect(run.ok).toBe(false);
    expect(run.error).toBe(
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com: ecr:GetAuthorizationToken failed: the answer is not the ' +
        'document the service sends (last status 200).',
    );
    expect(run.io.recorded.masks).not.toContain('fault');
  });

  it('fails on a persistently truncated body, naming the operation and the attempts', async () => {
    const run = await loginWith('persistent truncated body', { then: { kind: 'truncate' } });
    expect(run.ok).toBe(false);
    expect(run.calls).toBe(4);
    expect(run.error).toContain(
      'ecr:GetAuthorizationToken failed: the answer broke off before its end (after 4 attempts',
    );
  });

  describe('DescribeRepositories', () => {
    const isDescribe = (request: FaultRequest) => targetHeader(request).endsWith('.DescribeRepositories');

    it('survives a 503 burst of 2 and answers that the repository is missing', async () => {
      faults.setFaults({ faults: burst(503, 2), match: isDescribe });
      const described = await figures.measure(
        'DescribeRepositories: 503 burst of 2',
        async () => (await createEcrApi({ io: recordingRunner() }).describeRepository(target())) === undefined,
        () => faults.requests().filter(isDescribe).length,
      );
      expect(described).toMatchObject({ ok: true, calls: 3 });
    });
  });
});
