import { afterAll, afterEach, beforeAll, expect, it } from '@jest/globals';
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

/** Moto accepts any credentials; these only have to be well-formed. */
const credentials = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};
/** A proxy password with characters that must be URL-encoded in the proxy URL. */
const PROXY_PASSWORD = 'p@ss:w/rd%#1 x';

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

async function failureOf(promise: Promise<unknown>): Promise<ActionError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ActionError);
    return error as ActionError;
  }
  throw new Error('expected the call to fail');
}

describeWithServices(['moto', 'squid', 'openssl'], 'AWS client through Squid (basic auth) to moto over TLS', () => {
  let moto: MotoService;
  let squid: SquidService;
  const saved = { ...process.env };

  beforeAll(async () => {
    [moto, squid] = await Promise.all([startMoto({ tls: true }), startSquid({ password: PROXY_PASSWORD })]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([moto?.stop(), squid?.stop()]);
  });

  afterEach(() => {
    for (const name of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy']) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  it('calls STS GetCallerIdentity through the proxy, trusting the extra CA bundle', async () => {
    expect(squid.urlWithCredentials).toContain(encodeURIComponent(PROXY_PASSWORD));
    const lines: string[] = [];
    const identity = await callerIdentity({
      endpoint: moto.endpoint,
      proxy: squid.urlWithCredentials,
      caBundle: moto.caBundle!,
      env: {},
      log: (line) => lines.push(line),
    });
    expect(identity).toMatchObject({ accountId: '123456789012', partition: 'aws' });

    const accessLog = await squid.waitForAccessLog(`CONNECT localhost:${moto.port}`);
    const line = accessLog.split('\n').find((entry) => entry.includes(`CONNECT localhost:${moto.port}`)) ?? '';
    expect(line).toMatch(/TCP_TUNNEL\/200/);
    expect(line).toContain(` ${squid.username} `);

    const log = lines.join('\n');
    expect(log).toContain(
      `AWS requests to localhost:${moto.port} go through proxy http://***:***@127.0.0.1:${squid.port}/`,
    );
    expect(log).toMatch(/trusting Node's default CA certificates plus 1 from ca-bundle /);
    for (const secret of [PROXY_PASSWORD, encodeURIComponent(PROXY_PASSWORD), squid.username]) {
      expect(log).not.toContain(secret);
    }
  });

  it('fails with a certificate error when the extra CA bundle is not given', async () => {
    const error = await failureOf(
      callerIdentity({ endpoint: moto.endpoint, proxy: squid.urlWithCredentials, env: {} }),
    );
    expect(error.message).toContain(
      `sts:GetCallerIdentity failed: The TLS certificate of localhost:${moto.port} is not trusted`,
    );
    expect(error.hint).toMatch(/ca-bundle input or AWS_CA_BUNDLE/);
    expect(describeError(error)).not.toContain(encodeURIComponent(PROXY_PASSWORD));
  });

  it('fails with a clear 407 message, without the password, when the proxy password is wrong', async () => {
    const wrongPassword = 'Wr0ng:p@ss%word';
    const proxy = `http://${squid.username}:${encodeURIComponent(wrongPassword)}@127.0.0.1:${squid.port}`;
    const lines: string[] = [];
    const error = await failureOf(
      callerIdentity({ endpoint: moto.endpoint, proxy, caBundle: moto.caBundle!, env: {}, log: (l) => lines.push(l) }),
    );
    expect(error.message).toBe(
      `sts:GetCallerIdentity failed: The proxy http://***:***@127.0.0.1:${squid.port}/ (from http-proxy) answered ` +
        `407 Proxy Authentication Required (Proxy Authentication Required) for localhost:${moto.port}: it did not ` +
        'accept the user name and password in the proxy URL.',
    );
    const everything = [describeError(error), JSON.stringify(error), String(error.stack), ...lines].join('\n');
    for (const secret of [wrongPassword, encodeURIComponent(wrongPassword)]) expect(everything).not.toContain(secret);
  });

  it('goes direct to a host in NO_PROXY even with HTTPS_PROXY set, and through the proxy to other hosts', async () => {
    process.env.HTTPS_PROXY = squid.urlWithCredentials;
    process.env.NO_PROXY = 'example.com, localhost';
    const direct = `CONNECT localhost:${moto.port}`;
    const count = (text: string) => text.split(direct).length - 1;
    const before = count(squid.accessLog());
    const lines: string[] = [];
    const log = (line: string) => lines.push(line);
    const identity = await callerIdentity({ endpoint: moto.endpoint, caBundle: moto.caBundle!, log });
    expect(identity.accountId).toBe('123456789012');
    expect(lines).toContain(`AWS requests to localhost:${moto.port} go direct (NO_PROXY).`);

    // Same environment, a host not in NO_PROXY: through Squid, which proves HTTPS_PROXY was in effect. Squid logs a
    // tunnel when it closes, so a tunnel of the first call would be logged before this one.
    await callerIdentity({ endpoint: `https://127.0.0.1:${moto.port}`, caBundle: moto.caBundle!, log });
    expect(lines).toContain(
      `AWS requests to 127.0.0.1:${moto.port} go through proxy http://***:***@127.0.0.1:${squid.port}/.`,
    );
    await squid.waitForAccessLog(`CONNECT 127.0.0.1:${moto.port}`);
    expect(count(squid.accessLog())).toBe(before);
  });
});
