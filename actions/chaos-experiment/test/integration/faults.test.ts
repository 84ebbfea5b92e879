/**
 * The fault suite for chaos-experiment: the fake FIS behind the fault server (faults on GetExperimentTemplate, the
 * first FIS call of a run), and a proxy that never answers CONNECT. Retries of throttling, 5xx and network
 * failures only, errors naming the operation, endpoint and attempts, every request bounded by
 * request-timeout-seconds, and the bundle always ending.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { runMain } from '@aws-delivery/action-kit';
import { recordingRunner } from '@aws-delivery/action-kit/recording';
import {
  burst,
  describeWithServices,
  FaultFigureLog,
  simulateBehindSilentProxy,
  simulateStep,
  startFaultServer,
  type Fault,
  type FaultRequest,
  type FaultServer,
} from '@aws-delivery/testing';
import { chaosExperiment } from '../../src/action.js';
import { realClients } from '../../src/clients.js';
import {
  createTemplate,
  runEnv,
  scaledClock,
  startServices,
  templateBody,
  workspace,
  type Services,
} from './harness.js';

const SCALE = 600;
/** The request timeout of the cases that wait for an answer that never comes; the others keep the default. */
const SHORT_TIMEOUT = { 'request-timeout-seconds': '1' };
/** Far above any bounded failure here (4 attempts × 1 s + backoff): only a hang reaches it. */
const ENDED_WITHIN_MS = 30_000;
const isGetTemplate = (request: FaultRequest) =>
  request.method === 'GET' && request.path.startsWith('/experimentTemplates/');

describeWithServices(['moto'], 'chaos-experiment fault suite (the fake FIS behind the fault server)', () => {
  let services: Services;
  let faults: FaultServer;
  let templateId: string;
  const figures = new FaultFigureLog('chaos-experiment');
  beforeAll(async () => {
    services = await startServices(SCALE);
    faults = await startFaultServer({ upstream: services.fis.url });
    templateId = await createTemplate(
      services.fis,
      templateBody({ inject: { actionId: 'aws:fis:wait', parameters: { duration: 'PT1M' } } }, [{ source: 'none' }]),
    );
  }, 90_000);
  afterAll(async () => {
    figures.write();
    await faults?.stop();
    await services?.stop();
  });
  beforeEach(() => faults.reset());

  const inputs = (extra: Record<string, string> = {}) => ({
    'template-id': templateId,
    'allow-no-stop-conditions': 'true',
    'fis-endpoint': faults.endpoint,
    'cloudwatch-endpoint': services.moto.endpoint,
    ...extra,
  });

  let runs = 0;
  async function runWith(name: string, script: { faults?: Fault[]; then?: Fault }, extra: Record<string, string> = {}) {
    faults.setFaults({ ...script, match: isGetTemplate });
    runs += 1;
    const io = recordingRunner({ inputs: inputs(extra), env: runEnv(`${7000 + runs}`, workspace()) });
    const measured = await figures.measure(
      name,
      async () =>
        (
          await runMain(chaosExperiment, {
            io,
            clients: (config, runner) => realClients(config, runner, scaledClock(SCALE)),
          })
        )?.ok === true,
      () => faults.requests().filter(isGetTemplate).length,
    );
    return { ...measured, io, error: io.lines('error').join('\n') };
  }

  it('survives a 503 burst of 2', async () => {
    const run = await runWith('503 burst of 2', { faults: burst(503, 2) });
    expect(run.error).toBe('');
    expect(run.ok).toBe(true);
    expect(run.calls).toBe(3);
  });

  it('survives a 429 burst of 2', async () => {
    const run = await runWith('429 burst of 2', { faults: burst(429, 2) });
    expect(run.ok).toBe(true);
    expect(run.calls).toBe(3);
  });

  it('survives a reset before the headers and a truncated body', async () => {
    const run = await runWith('reset before headers, truncated body', {
      faults: [{ kind: 'reset-before-headers' }, { kind: 'truncate' }],
    });
    expect(run.ok).toBe(true);
    expect(run.calls).toBe(3);
  });

  it('after a persistent 503, fails naming the operation, endpoint, status and attempts', async () => {
    const run = await runWith('persistent 503', { then: { kind: 'status', status: 503 } });
    expect(run.ok).toBe(false);
    expect(run.calls).toBe(4);
    expect(run.error).toContain('fis:GetExperimentTemplate');
    expect(run.error).toContain('after 4 attempts, last status 503');
    expect(run.error).toContain(faults.endpoint);
    expect(run.elapsedMs).toBeLessThan(ENDED_WITHIN_MS);
  });

  it('does not retry a 4xx', async () => {
    const run = await runWith('400 ValidationException', {
      then: {
        kind: 'status',
        status: 400,
        headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'ValidationException' },
        body: '{"message":"bad template id"}',
      },
    });
    expect(run.ok).toBe(false);
    expect(run.calls).toBe(1);
    expect(run.error).toContain('fis:GetExperimentTemplate');
    expect(run.error).toContain('ValidationException');
  });

  it('fails cleanly on a garbage 200 body, on one line', async () => {
    const run = await runWith('garbage 200 body', { then: { kind: 'garbage' } });
    expect(run.ok).toBe(false);
    expect(run.error).toContain('fis:GetExperimentTemplate');
    expect(run.error).not.toMatch(/[\r\n]/);
    expect(run.io.recorded.masks).not.toContain('fault');
  });

  it('fails within request-timeout-seconds on an endpoint that accepts and never answers', async () => {
    const run = await runWith('accept, never answer', { then: { kind: 'hang' } }, SHORT_TIMEOUT);
    expect(run.ok).toBe(false);
    expect(run.calls).toBe(4);
    expect(run.error).toContain('fis:GetExperimentTemplate');
    expect(run.error).toContain(`No answer from 127.0.0.1:${faults.port} within the 1000 ms request timeout`);
    expect(run.elapsedMs).toBeLessThan(ENDED_WITHIN_MS);
  });

  describe('the bundle, as a runner runs it', () => {
    it('ends with one clear error when the proxy never answers CONNECT', async () => {
      const run = await simulateBehindSilentProxy((proxyUrl) => ({
        action: 'chaos-experiment',
        env: runEnv('7900', workspace()),
        // An https:// endpoint, so the proxy is asked for a tunnel; nothing listens there, and nothing need.
        inputs: inputs({ 'fis-endpoint': 'https://127.0.0.1:9', 'http-proxy': proxyUrl, ...SHORT_TIMEOUT }),
        timeoutMs: ENDED_WITHIN_MS,
      }));
      figures.addSilentProxyRun(run);
      expect(run.result.timedOut).toBe(false);
      expect(run.result.exitCode).toBe(1);
      const errors = run.result.annotations.filter((a) => a.level === 'error').map((a) => a.message);
      expect(errors).toEqual([expect.stringContaining(`through proxy ${run.proxyUrl}/`)]);
    });

    it('prints a garbage answer as nothing the runner would run', async () => {
      faults.setFaults({ then: { kind: 'garbage' }, match: isGetTemplate });
      const result = await simulateStep({
        action: 'chaos-experiment',
        env: runEnv('7901', workspace()),
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
