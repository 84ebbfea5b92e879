/**
 * The fault suite for assume-role: STS (moto) behind the fault server, and a proxy that never answers CONNECT.
 * Each case asserts what the action documents: retries of throttling, 5xx and network failures only, an error that
 * names the operation, endpoint and attempts, every request bounded by request-timeout-seconds, and nothing of a
 * broken answer printed as a workflow command.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { runMain } from '@aws-delivery/action-kit';
import { recordingRunner } from '@aws-delivery/action-kit/recording';
import {
  burst,
  FaultFigureLog,
  describeWithServices,
  simulateBehindSilentProxy,
  simulateStep,
  startFaultServer,
  startMoto,
  type Fault,
  type FaultServer,
  type MotoService,
} from '@aws-delivery/testing';
import { assumeRole } from '../../src/action.js';

const keys = {
  'aws-access-key-id': 'AKIAIOSFODNN7EXAMPLE',
  'aws-secret-access-key': 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};
const ROLE = 'arn:aws:iam::111111111111:role/deploy';
/** The request timeout of the cases that wait for an answer that never comes; the others keep the default. */
const SHORT_TIMEOUT = { 'request-timeout-seconds': '1' };
/** Far above any time a bounded failure takes here (4 attempts × 1 s + backoff): only a hang reaches it. */
const ENDED_WITHIN_MS = 30_000;
const isAssumeRole = (request: { method: string }) => request.method === 'POST';

describeWithServices(['moto'], 'assume-role fault suite (STS on moto behind the fault server)', () => {
  let moto: MotoService;
  let faults: FaultServer;
  const figures = new FaultFigureLog('assume-role');
  beforeAll(async () => {
    moto = await startMoto();
    faults = await startFaultServer({ upstream: moto.endpoint });
  });
  afterAll(async () => {
    figures.write();
    await Promise.all([faults?.stop(), moto?.stop()]);
  });
  beforeEach(() => faults.reset());

  const inputs = (extra: Record<string, string> = {}) => ({
    'aws-region': 'eu-west-1',
    'sts-endpoint': faults.endpoint,
    'role-to-assume': ROLE,
    ...keys,
    ...extra,
  });

  /** Runs the step in this process against the fault server, with the faults given for AssumeRole calls. */
  async function runWith(name: string, script: { faults?: Fault[]; then?: Fault }, extra: Record<string, string> = {}) {
    faults.setFaults({ ...script, match: isAssumeRole });
    const io = recordingRunner({ inputs: inputs(extra), env: {} });
    const measured = await figures.measure(
      name,
      async () => (await runMain(assumeRole, { io }))?.ok === true,
      () => faults.requests().filter(isAssumeRole).length,
    );
    return { ...measured, io, error: io.lines('error').join('\n') };
  }

  it('survives a 503 burst of 2: two retries, then the credentials', async () => {
    const run = await runWith('503 burst of 2', { faults: burst(503, 2) });
    expect(run.ok).toBe(true);
    expect(run.calls).toBe(3);
    expect(run.io.recorded.outputs['aws-account-id']).toBe('111111111111');
  });

  it('survives a 429 burst of 2', async () => {
    const run = await runWith('429 burst of 2', { faults: burst(429, 2) });
    expect(run.ok).toBe(true);
    expect(run.calls).toBe(3);
  });

  it('survives two connection resets before the headers', async () => {
    const run = await runWith('2 resets before headers', {
      faults: [{ kind: 'reset-before-headers' }, { kind: 'reset-before-headers' }],
    });
    expect(run.ok).toBe(true);
    expect(run.calls).toBe(3);
  });

  it('survives a reset mid-body and a truncated body', async () => {
    const run = await runWith('reset mid-body, truncated body', {
      faults: [{ kind: 'reset-mid-body' }, { kind: 'truncate' }],
    });
    expect(run.ok).toBe(true);
    expect(run.calls).toBe(3);
  });

  it('survives added latency below the request timeout', async () => {
    const run = await runWith('300 ms latency', { faults: [{ kind: 'latency', ms: 300 }] });
    expect(run.ok).toBe(true);
    expect(run.calls).toBe(1);
  });

  it('after a persistent 503, fails naming the operation, endpoint, status and attempts', async () => {
    const run = await runWith('persistent 503', { then: { kind: 'status', status: 503 } });
    expect(run.ok).toBe(false);
    expect(run.calls).toBe(4);
    expect(run.error).toContain('AssumeRole');
    expect(run.error).toContain(faults.endpoint);
    expect(run.error).toContain('503');
    expect(run.error).toMatch(/4 attempts/);
    expect(run.elapsedMs).toBeLessThan(ENDED_WITHIN_MS);
  });

  it('does not retry a 4xx: AccessDenied is one call', async () => {
    const body =
      '<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not allowed</Message></Error>' +
      '<RequestId>1</RequestId></ErrorResponse>';
    const run = await runWith('403 AccessDenied', {
      then: { kind: 'status', status: 403, body, headers: { 'content-type': 'text/xml' } },
    });
    expect(run.ok).toBe(false);
    expect(run.calls).toBe(1);
    expect(run.error).toContain('AccessDenied');
  });

  it('does not retry a 400 whose body says nothing', async () => {
    const run = await runWith('400 without a code', { then: { kind: 'status', status: 400, body: 'bad request' } });
    expect(run.ok).toBe(false);
    expect(run.calls).toBe(1);
    expect(run.error).toContain('400');
  });

  it('fails cleanly on a garbage 200 body, quoting it on one line', async () => {
    const run = await runWith('garbage 200 body', { then: { kind: 'garbage' } });
    expect(run.ok).toBe(false);
    expect(run.error).toContain('not with the AssumeRoleResponse document');
    // The server's line breaks are gone, so none of its `::` lines can start a line of the log.
    expect(run.error).not.toMatch(/[\r\n]/);
    expect(run.io.recorded.masks).not.toContain('fault');
    expect(run.elapsedMs).toBeLessThan(ENDED_WITHIN_MS);
  });

  it('fails on a persistently truncated body, naming the endpoint', async () => {
    const run = await runWith('persistent truncated body', { then: { kind: 'truncate' } });
    expect(run.ok).toBe(false);
    expect(run.calls).toBe(4);
    expect(run.error).toContain(faults.endpoint);
    expect(run.elapsedMs).toBeLessThan(ENDED_WITHIN_MS);
  });

  it('fails within request-timeout-seconds on an endpoint that accepts and never answers', async () => {
    const run = await runWith('accept, never answer', { then: { kind: 'hang' } }, SHORT_TIMEOUT);
    expect(run.ok).toBe(false);
    expect(run.calls).toBe(4);
    expect(run.error).toContain(`No answer from 127.0.0.1:${faults.port} within the 1000 ms request timeout`);
    expect(run.elapsedMs).toBeLessThan(ENDED_WITHIN_MS);
  });

  describe('the bundle, as a runner runs it', () => {
    it('ends with one clear error when the proxy never answers CONNECT', async () => {
      const run = await simulateBehindSilentProxy((proxyUrl) => ({
        action: 'assume-role',
        // An https:// endpoint, so the proxy is asked for a tunnel; nothing listens there, and nothing need.
        inputs: inputs({ 'sts-endpoint': 'https://127.0.0.1:9', 'http-proxy': proxyUrl, ...SHORT_TIMEOUT }),
        timeoutMs: ENDED_WITHIN_MS,
      }));
      figures.addSilentProxyRun(run);
      expect(run.result.timedOut).toBe(false);
      expect(run.result.exitCode).toBe(1);
      expect(run.connections).toBeGreaterThanOrEqual(1);
      const errors = run.result.annotations.filter((a) => a.level === 'error').map((a) => a.message);
      expect(errors).toEqual([
        expect.stringContaining(
          `No answer from 127.0.0.1:9 through proxy ${run.proxyUrl}/ (from http-proxy) within the 1000 ms`,
        ),
      ]);
    });

    it('prints a garbage answer as nothing the runner would run', async () => {
      faults.setFaults({ then: { kind: 'garbage' }, match: isAssumeRole });
      const result = await simulateStep({
        action: 'assume-role',
        inputs: inputs(),
        timeoutMs: ENDED_WITHIN_MS,
        post: false,
      });
      expect(result.exitCode).toBe(1);
      expect(result.annotations.map((a) => a.level)).toEqual(['error']);
      expect(result.masks).not.toContain('fault');
    });
  });
});
