/**
 * The fault suite for assume-role: STS (moto) behind the fault server, and a proxy that never answers CONNECT.
 * The cases are the shared ones (packages/testing/src/fault-server/cases.ts); this file gives the setup and what
 * assume-role promises in each: retries of throttling, 5xx and network failures only, an error that names the
 * operation, endpoint and attempts, every request bounded by request-timeout-seconds, and nothing of a broken
 * answer printed as a workflow command.
 */
import { afterAll, beforeAll, expect } from '@jest/globals';
import { runMain } from '@aws-delivery/action-kit';
import { recordingRunner } from '@aws-delivery/action-kit/recording';
import {
  describeWithServices,
  faultSuite,
  noAnswerWithin,
  startFaultServer,
  startMoto,
  timeoutInputs,
  type FaultServer,
  type MotoService,
} from '@aws-delivery/testing';
import { assumeRole } from '../../src/action.js';

const keys = {
  'aws-access-key-id': 'AKIAIOSFODNN7EXAMPLE',
  'aws-secret-access-key': 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};
const ROLE = 'arn:aws:iam::111111111111:role/deploy';
const ACCESS_DENIED =
  '<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not allowed</Message></Error>' +
  '<RequestId>1</RequestId></ErrorResponse>';

describeWithServices(['moto'], 'assume-role fault suite (STS on moto behind the fault server)', () => {
  let moto: MotoService;
  let faults: FaultServer;
  beforeAll(async () => {
    moto = await startMoto();
    faults = await startFaultServer({ upstream: moto.endpoint });
  });
  afterAll(async () => {
    await Promise.all([faults?.stop(), moto?.stop()]);
  });

  const inputs = (extra: Record<string, string> = {}) => ({
    'aws-region': 'eu-west-1',
    'sts-endpoint': faults.endpoint,
    'role-to-assume': ROLE,
    ...keys,
    ...extra,
  });

  faultSuite({
    action: 'assume-role',
    operation: 'STS AssumeRole (moto)',
    server: () => faults,
    match: (request) => request.method === 'POST',
    attempts: 4,
    async run(step) {
      const io = recordingRunner({ inputs: inputs(timeoutInputs(step)), env: {} });
      const ok = (await runMain(assumeRole, { io }))?.ok === true;
      return { ok, error: io.lines('error').join('\n'), masks: io.recorded.masks, outputs: io.recorded.outputs };
    },
    cases: {
      '503-burst': { also: (run) => expect(run.outputs['aws-account-id']).toBe('111111111111') },
      '429-burst': {},
      'resets-before-headers': {},
      'reset-mid-body-then-truncated': {},
      latency: {},
      'persistent-503': { error: (server) => ['AssumeRole', server.endpoint, '503', /4 attempts/] },
      rejected: {
        label: '403 AccessDenied',
        answer: { kind: 'status', status: 403, body: ACCESS_DENIED, headers: { 'content-type': 'text/xml' } },
        error: ['AccessDenied'],
      },
      'bare-400': { error: ['400'] },
      garbage: { error: ['not with the AssumeRoleResponse document'] },
      'persistent-truncated': { error: (server) => [server.endpoint] },
      'no-answer': {
        error: (server) => [noAnswerWithin(server)],
      },
    },
    bundle: {
      'silent-proxy': {
        // An https:// endpoint, so the proxy is asked for a tunnel; nothing listens there, and nothing need.
        step: (proxyUrl, timeout) => ({
          action: 'assume-role',
          inputs: inputs({ 'sts-endpoint': 'https://127.0.0.1:9', 'http-proxy': proxyUrl, ...timeout }),
        }),
        error: (proxyUrl) => [
          `No answer from 127.0.0.1:9 through proxy ${proxyUrl}/ (from http-proxy) within the 1000 ms`,
        ],
      },
      'garbage-bundle': { step: () => ({ action: 'assume-role', inputs: inputs() }) },
    },
  });
});
