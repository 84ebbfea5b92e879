/**
 * Hostile Security Hub answers through the tfsec-gate bundle, from a stub Security Hub (the fault server standing
 * alone): BatchImportFindings refused or retried with a hostile message, and a partial failure whose per-finding
 * error code and message carry workflow commands. None of it may run or add an output.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import {
  HOSTILE_TEXT,
  simulateStep,
  startFaultServer,
  stepInjections,
  type FaultServer,
  type StepResult,
} from '@aws-delivery/testing';
import { readScannerFixture } from '../../../actions/tfsec-gate/test/fixtures.js';
import { expectCleanFailure } from './clean-failure.js';

const JSON_HEADERS = { 'content-type': 'application/json' };

describe('tfsec-gate against a Security Hub that answers hostile text', () => {
  let hub: FaultServer;
  let ws: string;
  let answer = '{}';
  beforeAll(async () => {
    hub = await startFaultServer({
      answer: () => ({ status: 200, headers: JSON_HEADERS, body: Buffer.from(answer) }),
    });
  });
  afterAll(async () => {
    await hub?.stop();
  });
  beforeEach(() => {
    hub.reset();
    ws = mkdtempSync(join(tmpdir(), 'hostile-hub-'));
    writeFileSync(join(ws, 'scan.json'), readScannerFixture('trivy/config-scan-report.json'));
  });
  afterEach(() => rmSync(ws, { recursive: true, force: true }));

  const step = (): Promise<StepResult> =>
    simulateStep({
      action: 'tfsec-gate',
      workspace: ws,
      inputs: {
        'results-file': 'scan.json',
        'aws-region': 'us-east-1',
        'aws-account-id': '123456789012',
        'security-hub-import': 'true',
        'fail-on': 'none',
      },
      env: { AWS_ENDPOINT_URL: hub.endpoint, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' },
      timeoutMs: 60_000,
    });

  it.each([
    ['refused (400)', 400, 'InvalidInputException'],
    ['retried (503)', 503, 'InternalException'],
  ] as const)('prints nothing live of an error message, %s', async (_label, status, code) => {
    hub.setFaults({
      then: {
        kind: 'status',
        status,
        headers: { ...JSON_HEADERS, 'x-amzn-errortype': code },
        body: JSON.stringify({ Code: code, Message: HOSTILE_TEXT }),
      },
    });
    const result = await step();
    expectCleanFailure(result, 'tfsec-gate');
    expect(hub.requests().length).toBe(status === 503 ? 4 : 1);
  });

  it('prints nothing live of the error code and message of findings Security Hub did not import', async () => {
    answer = JSON.stringify({
      FailedCount: 1,
      SuccessCount: 7,
      FailedFindings: [
        { Id: `finding\n${HOSTILE_TEXT}`, ErrorCode: `Invalid\n${HOSTILE_TEXT}`, ErrorMessage: HOSTILE_TEXT },
      ],
    });
    const result = await step();
    expect(stepInjections(result)).toEqual([]);
    expect(result.stdout + result.summary + result.annotations.map((a) => a.message).join('\n')).toContain('INJ-value');
  });
});
