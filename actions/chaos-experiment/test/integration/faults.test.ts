/**
 * The fault suite for chaos-experiment: the fake FIS behind the fault server (faults on GetExperimentTemplate, the
 * first FIS call of a run), and a proxy that never answers CONNECT. The cases are the shared ones
 * (packages/testing/src/fault-server/cases.ts); this file gives the setup and what chaos-experiment promises:
 * retries of throttling, 5xx and network failures only, errors naming the operation, endpoint and attempts, every
 * request bounded by request-timeout-seconds, and the bundle always ending.
 */
import { afterAll, beforeAll } from '@jest/globals';
import { runMain } from '@aws-delivery/action-kit';
import { recordingRunner } from '@aws-delivery/action-kit/recording';
import {
  describeWithServices,
  faultSuite,
  noAnswerWithin,
  startFaultServer,
  timeoutInputs,
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

describeWithServices(['moto'], 'chaos-experiment fault suite (the fake FIS behind the fault server)', () => {
  let services: Services;
  let faults: FaultServer;
  let templateId: string;
  beforeAll(async () => {
    services = await startServices(SCALE);
    faults = await startFaultServer({ upstream: services.fis.url });
    templateId = await createTemplate(
      services.fis,
      templateBody({ inject: { actionId: 'aws:fis:wait', parameters: { duration: 'PT1M' } } }, [{ source: 'none' }]),
    );
  }, 90_000);
  afterAll(async () => {
    await faults?.stop();
    await services?.stop();
  });

  const inputs = (extra: Record<string, string> = {}) => ({
    'template-id': templateId,
    'allow-no-stop-conditions': 'true',
    'fis-endpoint': faults.endpoint,
    'cloudwatch-endpoint': services.moto.endpoint,
    ...extra,
  });

  let runs = 0;
  faultSuite({
    action: 'chaos-experiment',
    operation: 'fis:GetExperimentTemplate (fake FIS)',
    server: () => faults,
    match: (request) => request.method === 'GET' && request.path.startsWith('/experimentTemplates/'),
    attempts: 4,
    async run(step) {
      runs += 1;
      const io = recordingRunner({ inputs: inputs(timeoutInputs(step)), env: runEnv(`${7000 + runs}`, workspace()) });
      const result = await runMain(chaosExperiment, {
        io,
        clients: (config, runner) => realClients(config, runner, scaledClock(SCALE)),
      });
      return { ok: result?.ok === true, error: io.lines('error').join('\n'), masks: io.recorded.masks };
    },
    cases: {
      '503-burst': {},
      '429-burst': {},
      'reset-before-headers-then-truncated': {},
      'persistent-503': {
        error: (server) => ['fis:GetExperimentTemplate', 'after 4 attempts, last status 503', server.endpoint],
      },
      rejected: {
        label: '400 ValidationException',
        answer: {
          kind: 'status',
          status: 400,
          headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'ValidationException' },
          body: '{"message":"bad template id"}',
        },
        error: ['fis:GetExperimentTemplate', 'ValidationException'],
      },
      garbage: { error: ['fis:GetExperimentTemplate'] },
      'no-answer': {
        error: (server) => ['fis:GetExperimentTemplate', noAnswerWithin(server)],
      },
    },
    bundle: {
      'silent-proxy': {
        // An https:// endpoint, so the proxy is asked for a tunnel; nothing listens there, and nothing need.
        step: (proxyUrl, timeout) => ({
          action: 'chaos-experiment',
          env: runEnv('7900', workspace()),
          inputs: inputs({ 'fis-endpoint': 'https://127.0.0.1:9', 'http-proxy': proxyUrl, ...timeout }),
        }),
        error: (proxyUrl) => [`through proxy ${proxyUrl}/`],
      },
      'garbage-bundle': {
        step: () => ({ action: 'chaos-experiment', env: runEnv('7901', workspace()), inputs: inputs() }),
      },
    },
  });
});
