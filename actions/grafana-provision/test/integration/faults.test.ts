/**
 * The fault suite for grafana-provision: the fake Grafana behind the fault server (faults on GET /api/datasources,
 * one read every run makes), and a proxy that never answers CONNECT. Retries of 429, 5xx and network failures
 * only, errors that name the call, every request bounded by request-timeout-seconds, the step always ending.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { runMain } from '@aws-delivery/action-kit';
import { recordingRunner } from '@aws-delivery/action-kit/recording';
import {
  burst,
  FaultFigureLog,
  simulateBehindSilentProxy,
  simulateStep,
  startFakeGrafana,
  startFaultServer,
  type Fault,
  type FakeGrafana,
  type FaultRequest,
  type FaultServer,
} from '@aws-delivery/testing';
import { grafanaProvision } from '../../src/action.js';
import { RESOURCES, SECRETS } from '../resources.js';
import { workspace, type Workspace } from '../workspace.js';

/** The request timeout of the cases that wait for an answer that never comes; the others keep the default. */
const SHORT_TIMEOUT = { 'request-timeout-seconds': '1' };
/** Far above any bounded failure here (4 attempts × 1 s + backoff): only a hang reaches it. */
const ENDED_WITHIN_MS = 30_000;
const isDatasourceList = (request: FaultRequest) => request.method === 'GET' && request.path === '/api/datasources';
const SECRET_INPUT = Object.entries(SECRETS)
  .map(([name, value]) => `${name}=${value}`)
  .join('\n');

describe('grafana-provision fault suite (the fake Grafana behind the fault server)', () => {
  let grafana: FakeGrafana;
  let faults: FaultServer;
  let token: string;
  let ws: Workspace;
  const figures = new FaultFigureLog('grafana-provision');
  beforeAll(async () => {
    grafana = await startFakeGrafana({ version: '11.6' });
    faults = await startFaultServer({ upstream: grafana.url });
    token = grafana.createServiceAccountToken().key;
    ws = workspace(RESOURCES);
  });
  afterAll(async () => {
    figures.write();
    await Promise.all([faults?.stop(), grafana?.stop()]);
    ws?.remove();
  });
  beforeEach(() => faults.reset());

  const inputs = (extra: Record<string, string> = {}) => ({
    'grafana-url': faults.endpoint,
    token,
    secrets: SECRET_INPUT,
    ...extra,
  });

  async function runWith(name: string, script: { faults?: Fault[]; then?: Fault }, extra: Record<string, string> = {}) {
    faults.setFaults({ ...script, match: isDatasourceList });
    const io = recordingRunner({ inputs: inputs(extra), env: { GITHUB_WORKSPACE: ws.dir } });
    const measured = await figures.measure(
      name,
      async () => (await runMain(grafanaProvision, { io }))?.ok === true,
      () => faults.requests().filter(isDatasourceList).length,
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

  it('survives a reset before the headers and one mid-body', async () => {
    const run = await runWith('reset before headers, reset mid-body', {
      faults: [{ kind: 'reset-before-headers' }, { kind: 'reset-mid-body' }],
    });
    expect(run.ok).toBe(true);
    expect(run.calls).toBe(3);
  });

  it('after a persistent 503, fails naming the call, its status and the attempts', async () => {
    const run = await runWith('persistent 503', { then: { kind: 'status', status: 503 } });
    expect(run.ok).toBe(false);
    expect(run.calls).toBe(4);
    expect(run.error).toMatch(
      /Grafana answered 503 to GET \/api\/datasources after 4 attempts \(\d+\.\d s spent waiting/,
    );
    expect(run.error).toContain('Hint: Grafana kept failing with server errors');
    expect(run.elapsedMs).toBeLessThan(ENDED_WITHIN_MS);
  });

  it('does not retry a 4xx', async () => {
    const run = await runWith('403', {
      then: { kind: 'status', status: 403, body: '{"message":"Permission denied"}' },
    });
    expect(run.ok).toBe(false);
    expect(run.calls).toBe(1);
    expect(run.error).toContain('Grafana answered 403 to GET /api/datasources: Permission denied.');
  });

  it('fails cleanly on a garbage 200 body, quoting none of its lines', async () => {
    const run = await runWith('garbage 200 body', { then: { kind: 'garbage' } });
    expect(run.ok).toBe(false);
    expect(run.error).toContain('/api/datasources');
    expect(run.error).not.toMatch(/[\r\n]/);
    expect(run.io.recorded.masks).not.toContain('fault');
  });

  it('fails on a persistently truncated body', async () => {
    const run = await runWith('persistent truncated body', { then: { kind: 'truncate' } });
    expect(run.ok).toBe(false);
    expect(run.calls).toBe(4);
    expect(run.error).toMatch(/Grafana GET \/api\/datasources failed after 4 attempts .*broke off/);
    expect(run.elapsedMs).toBeLessThan(ENDED_WITHIN_MS);
  });

  it('fails within request-timeout-seconds on a server that accepts and never answers', async () => {
    const run = await runWith('accept, never answer', { then: { kind: 'hang' } }, SHORT_TIMEOUT);
    expect(run.ok).toBe(false);
    expect(run.calls).toBe(4);
    expect(run.error).toContain('Grafana GET /api/datasources failed after 4 attempts');
    expect(run.error).toContain(`No answer from 127.0.0.1:${faults.port} within the 1000 ms request timeout`);
    expect(run.elapsedMs).toBeLessThan(ENDED_WITHIN_MS);
  });

  describe('the bundle, as a runner runs it', () => {
    it('ends with one clear error when the proxy never answers CONNECT', async () => {
      const run = await simulateBehindSilentProxy((proxyUrl) => ({
        action: 'grafana-provision',
        workspace: ws.dir,
        // An https:// URL, so the proxy is asked for a tunnel; nothing listens there, and nothing need.
        inputs: inputs({ 'grafana-url': 'https://127.0.0.1:9', 'http-proxy': proxyUrl, ...SHORT_TIMEOUT }),
        timeoutMs: ENDED_WITHIN_MS,
      }));
      figures.addSilentProxyRun(run);
      expect(run.result.timedOut).toBe(false);
      expect(run.result.exitCode).toBe(1);
      expect(run.connections).toBeGreaterThanOrEqual(1);
      const errors = run.result.annotations.filter((a) => a.level === 'error').map((a) => a.message);
      expect(errors).toEqual([expect.stringContaining(`through proxy ${run.proxyUrl}/`)]);
    });

    it('prints a garbage answer as nothing the runner would run', async () => {
      faults.setFaults({ then: { kind: 'garbage' }, match: isDatasourceList });
      const result = await simulateStep({
        action: 'grafana-provision',
        workspace: ws.dir,
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
