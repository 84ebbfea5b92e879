/**
 * The fault suite for eks-deploy: the fake Kubernetes API server behind the fault server (HTTPS, faults on
 * GET /version, the first call to the cluster), and a proxy that never answers CONNECT. The cases are the shared
 * ones (packages/testing/src/fault-server/cases.ts); this file gives the setup and what eks-deploy promises:
 * retries of 429, 5xx and network failures only, errors that name the server, the request and the attempts, every
 * request bounded by request-timeout-seconds, and the bundle always ending.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect } from '@jest/globals';
import {
  describeWithServices,
  faultSuite,
  startFaultServer,
  timeoutInputs,
  type FaultServer,
} from '@aws-delivery/testing';
import { keys, startTestCluster, type TestCluster } from './cluster.js';
import { runStep } from './run-step.js';

/** The Kubernetes client's attempts per request (eks-deploy has no input for them). */
const ATTEMPTS = 5;

describeWithServices(
  ['moto', 'openssl'],
  'eks-deploy fault suite (the fake Kubernetes behind the fault server)',
  () => {
    let cluster: TestCluster;
    let faults: FaultServer;
    beforeAll(async () => {
      cluster = await startTestCluster();
      faults = await startFaultServer({
        upstream: cluster.fake.url,
        upstreamCa: readFileSync(cluster.fake.caCertPath, 'utf8'),
        tls: true,
      });
    });
    afterAll(async () => {
      await faults?.stop();
      await cluster?.stop();
    });

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
    const bundleStep = (extra: Record<string, string> = {}) => ({
      action: 'eks-deploy',
      env: { ...keys },
      workspace: cluster.workspace,
      inputs: inputs(extra),
    });

    faultSuite({
      action: 'eks-deploy',
      operation: 'Kubernetes `GET /version` (fake API server, HTTPS)',
      server: () => faults,
      match: (request) => request.method === 'GET' && request.path === '/version',
      attempts: ATTEMPTS,
      async run(step) {
        const run = await runStep(inputs(timeoutInputs(step)), cluster.workspace);
        return { ok: run.error === undefined, error: run.io.lines('error').join('\n'), masks: run.io.recorded.masks };
      },
      cases: {
        '503-burst': {},
        '429-burst': {},
        'reset-before-headers-then-mid-body': {},
        'persistent-503': {
          error: (server) => [
            `GET server version on ${server.endpoint} failed with HTTP 503 after ${ATTEMPTS} attempts`,
          ],
        },
        rejected: {
          label: '403 Forbidden',
          answer: {
            kind: 'status',
            status: 403,
            headers: { 'content-type': 'application/json' },
            body: '{"kind":"Status","apiVersion":"v1","status":"Failure","message":"forbidden","reason":"Forbidden","code":403}',
          },
          error: (server) => [`GET server version on ${server.endpoint} failed with HTTP 403 Forbidden: forbidden`],
        },
        garbage: {
          error: (server) => [
            `GET server version on ${server.endpoint} answered HTTP 200 with a body that is not JSON (application/json, `,
          ],
          also: (run) => expect(run.error).not.toContain('not-xml'),
        },
        'persistent-truncated': {
          error: (server) => [`GET server version on ${server.endpoint} failed after ${ATTEMPTS} attempts`],
        },
        'no-answer': {
          error: (server) => [
            `GET server version on ${server.endpoint} failed after ${ATTEMPTS} attempts: no complete answer within 1000 ms`,
          ],
        },
      },
      bundle: {
        'silent-proxy': {
          // DescribeCluster goes to moto (127.0.0.1) directly, the cluster (localhost) through the proxy, which is
          // asked for a tunnel and never answers. Nothing listens on the cluster's port, and nothing need.
          step: (proxyUrl, timeout) =>
            bundleStep({
              'cluster-endpoint': 'https://localhost:9',
              'http-proxy': proxyUrl,
              ...timeout,
              'no-proxy': '127.0.0.1',
            }),
          error: (proxyUrl) => [
            /^eks-deploy: GET server version on https:\/\/localhost:9 failed after \d attempts: .*1000 ms/,
            `through the proxy ${proxyUrl}/`,
          ],
        },
        'garbage-bundle': { step: () => bundleStep() },
      },
    });
  },
);
