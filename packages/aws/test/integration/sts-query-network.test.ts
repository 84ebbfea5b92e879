import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { ActionError, describeError } from '@aws-delivery/action-kit';
import { startSilentServer, type SilentServer } from '@aws-delivery/testing';
import { createStsQueryClient, type StsQueryClient } from '../../src/sts/query-client.js';
import { explainAwsError } from '../../src/errors/explain-aws-error.js';
import type { AwsClientOptions } from '../../src/transport/settings.js';
import {
  describeWithServices,
  startMoto,
  startSquid,
  type MotoService,
  type SquidService,
} from '@aws-delivery/testing';

const CREDENTIALS = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};
const ROLE = 'arn:aws:iam::123456789012:role/deploy';
const ASSUME = { RoleArn: ROLE, RoleSessionName: 'ci-run', DurationSeconds: 900 };
const PROXY_PASSWORD = 'pl@in/http:p%ss';

async function failureOf(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(Error);
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected the call to fail');
}

/** Runs `use` with a client that is destroyed afterwards; the log lines go to `lines`. */
async function withClient<T>(
  options: Partial<AwsClientOptions> & { endpoint: string },
  use: (client: StsQueryClient) => Promise<T>,
  lines: string[] = [],
): Promise<T> {
  const client = createStsQueryClient({
    region: 'us-east-1',
    credentials: CREDENTIALS,
    env: {},
    retry: { sleep: async () => {} },
    log: (line) => lines.push(line),
    ...options,
  });
  try {
    return await use(client);
  } finally {
    client.destroy();
  }
}

describeWithServices(['moto', 'squid'], 'STS Query client through Squid (basic auth) to moto over plain HTTP', () => {
  let moto: MotoService;
  let squid: SquidService;

  beforeAll(async () => {
    [moto, squid] = await Promise.all([startMoto(), startSquid({ password: PROXY_PASSWORD })]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([moto?.stop(), squid?.stop()]);
  });

  it('sends http:// endpoints through HTTP_PROXY (not HTTPS_PROXY), with basic auth', async () => {
    const lines: string[] = [];
    const output = await withClient(
      { endpoint: moto.endpoint, env: { HTTP_PROXY: squid.urlWithCredentials, HTTPS_PROXY: 'http://127.0.0.1:9' } },
      (client) => client.assumeRole(ASSUME),
      lines,
    );
    expect(output.AssumedRoleUser?.Arn).toBe('arn:aws:sts::123456789012:assumed-role/deploy/ci-run');
    const accessLog = await squid.waitForAccessLog(`POST ${moto.endpoint}/`);
    const line = accessLog.split('\n').find((entry) => entry.includes(`POST ${moto.endpoint}/`)) ?? '';
    expect(line).toMatch(/TCP_MISS\/200 .* proxy-user /);
    expect(lines).toContain(
      `AWS requests to 127.0.0.1:${moto.port} go through proxy http://***:***@127.0.0.1:${squid.port}/.`,
    );
    for (const secret of [PROXY_PASSWORD, encodeURIComponent(PROXY_PASSWORD)]) {
      expect(lines.join('\n')).not.toContain(secret);
    }
  });

  it('explains a 407 without quoting the password, and does not retry it', async () => {
    const wrong = 'not/the:p@ss';
    const proxy = `http://proxy-user:${encodeURIComponent(wrong)}@127.0.0.1:${squid.port}`;
    const error = await failureOf(
      withClient({ endpoint: moto.endpoint, proxy }, (client) => client.assumeRole(ASSUME)),
    );
    expect(error).toBeInstanceOf(ActionError);
    expect(error.message).toBe(
      `The proxy http://***:***@127.0.0.1:${squid.port}/ (from http-proxy) answered 407 Proxy Authentication ` +
        `Required (Proxy Authentication Required) for 127.0.0.1:${moto.port}: it did not accept the user name and ` +
        'password in the proxy URL.',
    );
    expect(error.$metadata).toEqual({ attempts: 1, totalRetryDelay: 0 });
    const text = [describeError(error), JSON.stringify(error), String(error.stack)].join('\n');
    for (const secret of [wrong, encodeURIComponent(wrong)]) expect(text).not.toContain(secret);
  });
});

describeWithServices(['moto', 'squid', 'openssl'], 'STS Query client, NO_PROXY and CONNECT refusals (TLS)', () => {
  let moto: MotoService;
  let squid: SquidService;

  beforeAll(async () => {
    [moto, squid] = await Promise.all([startMoto({ tls: true }), startSquid({ password: PROXY_PASSWORD })]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([moto?.stop(), squid?.stop()]);
  });

  it('goes direct to a host in NO_PROXY even with HTTPS_PROXY set, and through the proxy to other hosts', async () => {
    const env = { HTTPS_PROXY: squid.urlWithCredentials, NO_PROXY: 'example.com, localhost' };
    const tunnel = `CONNECT localhost:${moto.port}`;
    const count = (text: string) => text.split(tunnel).length - 1;
    const before = count(squid.accessLog());
    const lines: string[] = [];
    const direct = await withClient(
      { endpoint: moto.endpoint, caBundle: moto.caBundle!, env },
      (client) => client.getCallerIdentity(),
      lines,
    );
    expect(direct.Account).toBe('123456789012');
    expect(lines).toContain(`AWS requests to localhost:${moto.port} go direct (NO_PROXY).`);

    // Same environment, a host not in NO_PROXY: through Squid, which proves HTTPS_PROXY was in effect. Squid logs a
    // tunnel when it closes, so a tunnel of the first call would be logged before this one.
    const proxied = await withClient(
      { endpoint: `https://127.0.0.1:${moto.port}`, caBundle: moto.caBundle!, env },
      (client) => client.getCallerIdentity(),
      lines,
    );
    expect(proxied.Account).toBe('123456789012');
    expect(lines).toContain(
      `AWS requests to 127.0.0.1:${moto.port} go through proxy http://***:***@127.0.0.1:${squid.port}/.`,
    );
    await squid.waitForAccessLog(`CONNECT 127.0.0.1:${moto.port}`);
    expect(count(squid.accessLog())).toBe(before);
  });

  it('explains a CONNECT the proxy refuses (Squid allows loopback destinations only), once', async () => {
    const error = await failureOf(
      withClient({ endpoint: 'https://sts.example.invalid', proxy: squid.urlWithCredentials }, (client) =>
        client.assumeRole(ASSUME),
      ),
    );
    expect(error).toBeInstanceOf(ActionError);
    expect(error.message).toMatch(
      new RegExp(
        `^The proxy http://\\*\\*\\*:\\*\\*\\*@127\\.0\\.0\\.1:${squid.port}/ \\(from http-proxy\\) refused to open a ` +
          'tunnel to sts\\.example\\.invalid:443: it answered (403 Forbidden|503 Service Unavailable)\\.$',
      ),
    );
    expect((error as ActionError).hint).toMatch(/allow CONNECT to this host and port, or add the host to NO_PROXY/);
    expect(error.$metadata).toEqual({ attempts: 1, totalRetryDelay: 0 });
    expect(describeError(error)).not.toContain(encodeURIComponent(PROXY_PASSWORD));
  });
});

describe('STS Query client connect timeout', () => {
  let silent: SilentServer | undefined;

  afterEach(async () => {
    await silent?.close();
  });

  it('fails within the connect timeout when a proxy never answers CONNECT, and retries it as a network error', async () => {
    silent = await startSilentServer();
    const { port } = silent;
    const password = 'S3cret:proxy@pass';
    const started = Date.now();
    const error = await failureOf(
      withClient(
        {
          endpoint: 'https://sts.us-east-1.amazonaws.com',
          proxy: `http://ci:${encodeURIComponent(password)}@127.0.0.1:${port}`,
          connectTimeoutMs: 500,
          maxAttempts: 2,
        },
        (client) => client.getCallerIdentity(),
      ),
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    const message =
      `Could not connect to proxy http://***:***@127.0.0.1:${port}/ (for sts.us-east-1.amazonaws.com:443) within ` +
      'the 500 ms connect timeout.';
    expect(error.message).toBe(message);
    expect(error.$metadata).toEqual({ attempts: 2, totalRetryDelay: expect.any(Number) });
    expect(silent.connections()).toBe(2);
    expect(explainAwsError(error, { operation: 'sts:GetCallerIdentity' }).message).toBe(
      `sts:GetCallerIdentity failed after 2 attempts: ${message}`,
    );
    expect(describeError(error)).not.toContain(encodeURIComponent(password));
  }, 15_000);
});
