/**
 * The fault suite for grafana-provision: the fake Grafana behind the fault server (faults on GET /api/datasources,
 * one read every run makes), and a proxy that never answers CONNECT. The cases are the shared ones
 * (packages/testing/src/fault-server/cases.ts); this file gives the setup and what grafana-provision promises:
 * retries of 429, 5xx and network failures only, errors that name the call, every request bounded by
 * request-timeout-seconds, the step always ending.
 */
import { afterAll, beforeAll, describe } from '@jest/globals';
import { runMain } from '@aws-delivery/action-kit';
import { recordingRunner } from '@aws-delivery/action-kit/recording';
import {
  faultSuite,
  noAnswerWithin,
  startFakeGrafana,
  startFaultServer,
  timeoutInputs,
  type FakeGrafana,
  type FaultServer,
} from '@aws-delivery/testing';
import { grafanaProvision } from '../../src/action.js';
import { RESOURCES, SECRETS } from '../resources.js';
import { workspace, type Workspace } from '../workspace.js';

const SECRET_INPUT = Object.entries(SECRETS)
  .map(([name, value]) => `${name}=${value}`)
  .join('\n');

describe('grafana-provision fault suite (the fake Grafana behind the fault server)', () => {
  let grafana: FakeGrafana;
  let faults: FaultServer;
  let token: string;
  let ws: Workspace;
  beforeAll(async () => {
    grafana = await startFakeGrafana({ version: '11.6' });
    faults = await startFaultServer({ upstream: grafana.url });
    token = grafana.createServiceAccountToken().key;
    ws = workspace(RESOURCES);
  });
  afterAll(async () => {
    await Promise.all([faults?.stop(), grafana?.stop()]);
    ws?.remove();
  });

  const inputs = (extra: Record<string, string> = {}) => ({
    'grafana-url': faults.endpoint,
    token,
    secrets: SECRET_INPUT,
    ...extra,
  });

  faultSuite({
    action: 'grafana-provision',
    operation: '`GET /api/datasources` (fake Grafana)',
    server: () => faults,
    match: (request) => request.method === 'GET' && request.path === '/api/datasources',
    attempts: 4,
    async run(step) {
      const io = recordingRunner({ inputs: inputs(timeoutInputs(step)), env: { GITHUB_WORKSPACE: ws.dir } });
      const ok = (await runMain(grafanaProvision, { io }))?.ok === true;
      return { ok, error: io.lines('error').join('\n'), masks: io.recorded.masks };
    },
    cases: {
      '503-burst': {},
      '429-burst': {},
      'reset-before-headers-then-mid-body': {},
      'persistent-503': {
        error: [
          /Grafana answered 503 to GET \/api\/datasources after 4 attempts \(\d+\.\d s spent waiting/,
          'Hint: Grafana kept failing with server errors',
        ],
      },
      rejected: {
        label: '403',
        answer: { kind: 'status', status: 403, body: '{"message":"Permission denied"}' },
        error: ['Grafana answered 403 to GET /api/datasources: Permission denied.'],
      },
      garbage: { error: ['/api/datasources'] },
      'persistent-truncated': { error: [/Grafana GET \/api\/datasources failed after 4 attempts .*broke off/] },
      'no-answer': {
        error: (server) => ['Grafana GET /api/datasources failed after 4 attempts', noAnswerWithin(server)],
      },
    },
    bundle: {
      'silent-proxy': {
        // An https:// URL, so the proxy is asked for a tunnel; nothing listens there, and nothing need.
        step: (proxyUrl, timeout) => ({
          action: 'grafana-provision',
          workspace: ws.dir,
          inputs: inputs({ 'grafana-url': 'https://127.0.0.1:9', 'http-proxy': proxyUrl, ...timeout }),
        }),
        error: (proxyUrl) => [`through proxy ${proxyUrl}/`],
      },
      'garbage-bundle': { step: () => ({ action: 'grafana-provision', workspace: ws.dir, inputs: inputs() }) },
    },
  });
});
