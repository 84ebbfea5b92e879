import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { STSClient } from '@aws-sdk/client-sts';
import {
  startMoto,
  startSquid,
  describeWithServices,
  type MotoService,
  type SquidService,
} from '@aws-delivery/testing';
import { ActionError, describeError } from '@aws-delivery/action-kit';
import { awsClientConfig } from '../../src/transport/sdk-client-config.js';
import type { AwsClientOptions } from '../../src/transport/settings.js';
import { sdkCallerIdentity } from './sdk-caller-identity.js';

const credentials = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};

async function callerIdentity(
  options: Omit<AwsClientOptions, 'region' | 'credentials' | 'log'> & Partial<Pick<AwsClientOptions, 'log'>>,
) {
  const client = new STSClient(
    awsClientConfig({ region: 'us-east-1', credentials, maxAttempts: 1, log: () => {}, ...options }),
  );
  try {
    return await sdkCallerIdentity(client);
  } finally {
    client.destroy();
  }
}

describeWithServices(['moto', 'squid'], 'AWS client through Squid (basic auth) to moto over plain HTTP', () => {
  let moto: MotoService;
  let squid: SquidService;

  beforeAll(async () => {
    [moto, squid] = await Promise.all([startMoto(), startSquid({ password: 'plain/http:p@ss' })]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([moto?.stop(), squid?.stop()]);
  });

  it('sends http:// endpoints through HTTP_PROXY (not HTTPS_PROXY), with basic auth', async () => {
    const identity = await callerIdentity({
      endpoint: moto.endpoint,
      env: { HTTP_PROXY: squid.urlWithCredentials, HTTPS_PROXY: 'http://127.0.0.1:9' },
    });
    expect(identity.accountId).toBe('123456789012');
    const accessLog = await squid.waitForAccessLog(`POST ${moto.endpoint}/`);
    const line = accessLog.split('\n').find((entry) => entry.includes(`POST ${moto.endpoint}/`)) ?? '';
    expect(line).toMatch(/TCP_MISS\/200 .* proxy-user /);
  });

  it('explains a 407 from the proxy without quoting the password', async () => {
    const proxy = `http://proxy-user:${encodeURIComponent('not/the:p@ss')}@127.0.0.1:${squid.port}`;
    let failure: unknown;
    try {
      await callerIdentity({ endpoint: moto.endpoint, proxy, env: {} });
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(ActionError);
    const text = describeError(failure);
    expect(text).toContain(
      `The proxy http://***:***@127.0.0.1:${squid.port}/ (from http-proxy) answered 407 Proxy Authentication Required`,
    );
    expect(text).toContain(
      `for 127.0.0.1:${moto.port}: it did not accept the user name and password in the proxy URL.`,
    );
    expect(text).not.toContain('not/the:p@ss');
    expect(text).not.toContain(encodeURIComponent('not/the:p@ss'));
  });
});
