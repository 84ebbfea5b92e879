/**
 * The fault suite for eks-deploy: the fake Kubernetes API server behind the fault server (HTTPS, faults on
 * GET /version, the first call to the cluster), and a proxy that never answers CONNECT. Retries of 429, 5xx and
 * network failures only, errors that name the server, the request and the attempts, every request bounded by
 * request-timeout-seconds, and the bundle always ending.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
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
import { keys, startTestCluster, type TestCluster } from './cluster.js';
import { runStep } from './run-step.js';

/** The Kubernetes client's attempts per request (eks-deploy has no input for them). */
const ATTEMPTS = 5;
/** The request timeout of the cases that wait for an answer that never comes; the others keep the default. */
const SHORT_TIMEOUT = { 'request-timeout-seconds': '1' };
/** Far above any bounded failure here (5 attempts × 1 s + backoff): only a hang reaches it. */
const ENDED_WITHIN_MS = 30_000;
const isVersion = (request: FaultRequest) => request.method === 'GET' && request.path === '/version';

describeWithServices(
  ['moto', 'openssl'],
  'eks-deploy fault suite (the fake Kubernetes behind the fault server)',
  () => {
    let cluster: TestCluster;
    let faults: FaultServer;
    const figures = new FaultFigureLog('eks-deploy');
    beforeAll(async () => {
      cluster = await startTestCluster();
      faults = await startFaultServer({
        upstream: cluster.fake.url,
        upstreamCa: readFileSync(cluster.fake.caCertPath, 'utf8'),
        tls: true,
      });
    });
    afterAll(async () => {
      figures.write();
      await faults?.stop();
      await cluster?.stop();
    });
    beforeEach(() => faults.reset());

    const inputs = (extra: Record<string, string> = {}) => ({
      ...cluster.access,
      'cluster-endpoint': faults.endpoint,
      'cluster-ca': faults.caCertPath ?? '',
      manifests: 'k8s',
      namespace: 'shop',
      'create-namespace': 'true',
      'pod-error-grace-seconds': '0',
      ...extra,
    });

    async function runWith(
      name: string,
      script: { faults?: Fault[]; then?: Fault },
      extra: Record<string, string> = {},
    ) {
      faults.setFaults({ ...script, match: isVersion });
      let run: Awaited<ReturnType<typeof runStep>> | undefined;
      const measured = await figures.measure(
        name,
        async () => {
          run = await runStep(inputs(extra), cluster.workspace);
          return run.error === undefined;
        },
        () => faults.requests().filter(isVersion).length,
      );
      const error = run?.io.lines('error').join('\n') ?? '';
      return { ...measured, io: run?.io, error };
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

    it('survives a reset before the headers and a reset mid-body', async () => {
      const run = await runWith('reset before headers, reset mid-body', {
        faults: [{ kind: 'reset-before-headers' }, { kind: 'reset-mid-body' }],
      });
      expect(run.ok).toBe(true);
      expect(run.calls).toBe(3);
    });

    it('after a persistent 503, fails naming the server, the request, the status and the attempts', async () => {
      const run = await runWith('persistent 503', { then: { kind: 'status', status: 503 } });
      expect(run.ok).toBe(false);
      expect(run.calls).toBe(ATTEMPTS);
      expect(run.error).toContain(
        `GET server version on ${faults.endpoint} failed with HTTP 503 after ${ATTEMPTS} attempts`,
      );
      expect(run.elapsedMs).toBeLessThan(ENDED_WITHIN_MS);
    });

    it('does not retry a 4xx', async () => {
      const run = await runWith('403 Forbidden', {
        then: {
          kind: 'status',
          status: 403,
          headers: { 'content-type': 'application/json' },
          body: '{"kind":"Status","apiVersion":"v1","status":"Failure","message":"forbidden","reason":"Forbidden","code":403}',
        },
      });
      expect(run.ok).toBe(false);
      expect(run.calls).toBe(1);
      expect(run.error).toContain(`GET server version on ${faults.endpoint} failed with HTTP 403 Forbidden: forbidden`);
    });

    it('fails cleanly on a garbage 200 body, naming the request, on one line', async () => {
      const run = await runWith('garbage 200 body', { then: { kind: 'garbage' } });
      expect(run.ok).toBe(false);
      expect(run.error).toContain(
        `GET server version on ${faults.endpoint} answered HTTP 200 with a body that is not JSON (application/json, `,
      );
      expect(run.error).not.toContain('not-xml');
      expect(run.io?.recorded.masks).not.toContain('fault');
    });

    it('fails on a persistently truncated body, naming the request', async () => {
      const run = await runWith('persistent truncated body', { then: { kind: 'truncate' } });
      expect(run.ok).toBe(false);
      expect(run.calls).toBe(ATTEMPTS);
      expect(run.error).toContain(`GET server version on ${faults.endpoint} failed after ${ATTEMPTS} attempts`);
      expect(run.elapsedMs).toBeLessThan(ENDED_WITHIN_MS);
    });

    it('fails within request-timeout-seconds on a server that accepts and never answers', async () => {
      const run = await runWith('accept, never answer', { then: { kind: 'hang' } }, SHORT_TIMEOUT);
      expect(run.ok).toBe(false);
      expect(run.calls).toBe(ATTEMPTS);
      expect(run.error).toContain(
        `GET server version on ${faults.endpoint} failed after ${ATTEMPTS} attempts: no complete answer within 1000 ms`,
      );
      expect(run.elapsedMs).toBeLessThan(ENDED_WITHIN_MS);
    });

    describe('the bundle, as a runner runs it', () => {
      const env = { ...keys };

      it('ends with one clear error when the proxy never answers CONNECT', async () => {
        const run = await simulateBehindSilentProxy((proxyUrl) => ({
          action: 'eks-deploy',
          env,
          workspace: cluster.workspace,
          // DescribeCluster goes to moto (127.0.0.1) directly, the cluster (localhost) through the proxy, which
          // is asked for a tunnel and never answers. Nothing listens on the cluster's port, and nothing need.
          inputs: inputs({
            'cluster-endpoint': 'https://localhost:9',
            'http-proxy': proxyUrl,
            ...SHORT_TIMEOUT,
            'no-proxy': '127.0.0.1',
          }),
          timeoutMs: ENDED_WITHIN_MS,
        }));
        figures.addSilentProxyRun(run);
        expect(run.result.timedOut).toBe(false);
        expect(run.result.exitCode).toBe(1);
        expect(run.connections).toBeGreaterThanOrEqual(1);
        const errors = run.result.annotations.filter((a) => a.level === 'error').map((a) => a.message);
        expect(errors).toEqual([
          expect.stringMatching(
            /^eks-deploy: GET server version on https:\/\/localhost:9 failed after \d attempts: .*1000 ms/,
          ),
        ]);
        expect(errors[0]).toContain(`through the proxy ${run.proxyUrl}/`);
      });

      it('prints a garbage answer as nothing the runner would run', async () => {
        faults.setFaults({ then: { kind: 'garbage' }, match: isVersion });
        const result = await simulateStep({
          action: 'eks-deploy',
          env,
          workspace: cluster.workspace,
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
