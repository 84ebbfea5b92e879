import { afterEach, describe, expect, it } from '@jest/globals';
import { STSClient } from '@aws-sdk/client-sts';
import { ActionError, describeError } from '@aws-delivery/action-kit';
import { startSilentServer, type SilentServer } from '@aws-delivery/testing';
import { awsClientConfig } from '../../src/transport/sdk-client-config.js';
import { sdkCallerIdentity } from './sdk-caller-identity.js';

const credentials = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};

async function failureOf(promise: Promise<unknown>): Promise<ActionError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ActionError);
    return error as ActionError;
  }
  throw new Error('expected the call to fail');
}

describe('timeouts', () => {
  let silent: SilentServer | undefined;
  let client: STSClient | undefined;

  afterEach(async () => {
    client?.destroy();
    await silent?.close();
  });

  it('fails a request that is never answered within the request timeout, naming the endpoint', async () => {
    silent = await startSilentServer();
    client = new STSClient(
      awsClientConfig({
        region: 'us-east-1',
        endpoint: `http://127.0.0.1:${silent.port}`,
        credentials,
        requestTimeoutMs: 1_000,
        maxAttempts: 2,
        retry: { sleep: async () => {} },
        env: {},
        log: () => {},
      }),
    );
    const started = Date.now();
    const error = await failureOf(sdkCallerIdentity(client));
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(error.message).toBe(
      `sts:GetCallerIdentity failed after 2 attempts: No answer from 127.0.0.1:${silent.port} within the 1000 ms request timeout.`,
    );
    expect(error.hint).toMatch(/proxy.*VPC endpoint.*security groups/);
    // a timeout is a network error: retried once, then given up
    expect(silent.connections()).toBe(2);
  }, 15_000);

  it('fails within the connect timeout when a proxy never answers CONNECT, naming proxy and endpoint', async () => {
    silent = await startSilentServer();
    const password = 'S3cret:proxy@pass';
    client = new STSClient(
      awsClientConfig({
        region: 'us-east-1',
        endpoint: 'https://sts.us-east-1.amazonaws.com',
        proxy: `http://ci:${encodeURIComponent(password)}@127.0.0.1:${silent.port}`,
        credentials,
        connectTimeoutMs: 1_000,
        maxAttempts: 1,
        env: {},
        log: () => {},
      }),
    );
    const started = Date.now();
    const error = await failureOf(sdkCallerIdentity(client));
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(error.message).toBe(
      `sts:GetCallerIdentity failed: Could not connect to proxy http://***:***@127.0.0.1:${silent.port}/ ` +
        '(for sts.us-east-1.amazonaws.com:443) within the 1000 ms connect timeout.',
    );
    expect(describeError(error)).not.toContain(encodeURIComponent(password));
    expect(silent.connections()).toBe(1);
  }, 15_000);
});
