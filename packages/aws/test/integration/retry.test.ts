import { afterEach, describe, expect, it } from '@jest/globals';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { ActionError } from '@aws-delivery/action-kit';
import { awsClientConfig } from '../../src/transport/sdk-client-config.js';
import { buildArn } from '../../src/names/arn.js';
import { sdkCallerIdentity } from './sdk-caller-identity.js';
import {
  callerIdentityResponse,
  startScriptedStsServer,
  stsError,
  type ScriptedServer,
} from './scripted-sts-server.js';

const credentials = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};
const ACCOUNT = '123456789012';
const CALLER = buildArn({ partition: 'aws', service: 'iam', region: '', accountId: ACCOUNT, resource: 'user/ci' });
const OK = { status: 200, body: callerIdentityResponse(CALLER, ACCOUNT) };
const BASE_DELAY_MS = 100;
const MAX_DELAY_MS = 150;

describe('retries against a local STS server', () => {
  let server: ScriptedServer | undefined;
  let client: STSClient | undefined;

  afterEach(async () => {
    client?.destroy();
    await server?.close();
  });

  function stsClient(endpoint: string, sleeps: number[], lines: string[], maxAttempts = 4): STSClient {
    client = new STSClient(
      awsClientConfig({
        region: 'us-east-1',
        endpoint,
        credentials,
        maxAttempts,
        retry: { baseDelayMs: BASE_DELAY_MS, maxDelayMs: MAX_DELAY_MS, sleep: async (ms) => void sleeps.push(ms) },
        env: {},
        log: (line) => lines.push(line),
      }),
    );
    return client;
  }

  it('retries an HTTP 400 Throttling error twice and succeeds on the third attempt', async () => {
    const throttled = { status: 400, body: stsError('Throttling', 'Rate exceeded') };
    server = await startScriptedStsServer([throttled, throttled, OK]);
    const sleeps: number[] = [];
    const lines: string[] = [];
    const output = await stsClient(server.endpoint, sleeps, lines).send(new GetCallerIdentityCommand({}));

    expect(output.Account).toBe(ACCOUNT);
    expect(output.$metadata.attempts).toBe(3);
    expect(server.requests).toHaveLength(3);
    for (const body of server.requests) expect(body).toContain('Action=GetCallerIdentity');
    expect(sleeps).toHaveLength(2);
    sleeps.forEach((ms, retry) => {
      expect(ms).toBeGreaterThanOrEqual(0);
      expect(ms).toBeLessThan(Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** retry));
    });
    expect(lines.filter((line) => line.includes('failed with Throttling (throttling); attempt'))).toHaveLength(2);
  });

  it('calls exactly once when STS answers HTTP 403 AccessDenied, and explains it', async () => {
    const message = `User: ${CALLER} is not authorized to perform: sts:GetCallerIdentity`;
    server = await startScriptedStsServer([{ status: 403, body: stsError('AccessDenied', message) }, OK]);
    const sleeps: number[] = [];
    let failure: unknown;
    try {
      await sdkCallerIdentity(stsClient(server.endpoint, sleeps, []));
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(ActionError);
    expect((failure as ActionError).message).toBe(`sts:GetCallerIdentity failed: AccessDenied: ${message}`);
    expect((failure as ActionError).hint).toMatch(/not allowed sts:GetCallerIdentity/);
    expect(server.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('gives up after the configured attempts on a lasting 503, and says so', async () => {
    server = await startScriptedStsServer([
      { status: 503, body: stsError('ServiceUnavailable', 'Try later', 'Receiver') },
    ]);
    const sleeps: number[] = [];
    await expect(sdkCallerIdentity(stsClient(server.endpoint, sleeps, [], 3))).rejects.toThrow(
      'sts:GetCallerIdentity failed: ServiceUnavailable: Try later (AWS server error after 3 attempts, last status 503',
    );
    expect(server.requests).toHaveLength(3);
    expect(sleeps).toHaveLength(2);
  });
});
