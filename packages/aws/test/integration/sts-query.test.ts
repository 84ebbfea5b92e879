import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  AssumeRoleCommand,
  AssumeRoleWithWebIdentityCommand,
  GetCallerIdentityCommand,
  STSClient,
} from '@aws-sdk/client-sts';
import { Hash } from '@smithy/core/serde';
import { SignatureV4 } from '@smithy/signature-v4';
import { ActionError, describeError } from '@aws-delivery/action-kit';
import { startSilentServer, type SilentServer } from '@aws-delivery/testing';
import { awsClientConfig } from '../../src/transport/sdk-client-config.js';
import { createStsQueryClient, CredentialsProviderError, type StsQueryClient } from '../../src/sts/query-client.js';
import { explainAwsError } from '../../src/errors/explain-aws-error.js';
import type { AwsClientOptions } from '../../src/transport/settings.js';
import {
  describeWithServices,
  startMoto,
  startSquid,
  type MotoService,
  type SquidService,
} from '@aws-delivery/testing';
import {
  callerIdentityResponse,
  startScriptedStsServer,
  stsError,
  type ScriptedServer,
} from './scripted-sts-server.js';

/** Moto accepts any well-formed credentials. */
const CREDENTIALS = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  sessionToken: 'FwoGZXIvYXdzEXAMPLESESSIONTOKEN+/=',
};
const ACCOUNT = '123456789012';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/deploy`;
/** An unsigned JWT: moto reads no claims from it, STS never sees it. */
const WEB_IDENTITY_TOKEN = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJyZXBvOm9yZy9yZXBvOnJlZjpyZWZzL2hlYWRzL21haW4ifQ.';
const PROXY_PASSWORD = 'p@ss:w/rd%#1 x';

const ASSUME_ROLE_INPUT = {
  RoleArn: ROLE,
  RoleSessionName: 'ci-run',
  DurationSeconds: 900,
  ExternalId: 'external&id',
  Tags: [
    { Key: 'repository', Value: 'org/repo' },
    { Key: 'ref', Value: 'refs/heads/main' },
  ],
  TransitiveTagKeys: ['repository'],
  Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }),
  PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
};
const WEB_IDENTITY_INPUT = {
  RoleArn: ROLE,
  RoleSessionName: 'github-actions',
  WebIdentityToken: WEB_IDENTITY_TOKEN,
  DurationSeconds: 1800,
  PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
};

/** Every secret a test hands the client: none may reach a log line or an error. */
const SECRETS = [CREDENTIALS.secretAccessKey, CREDENTIALS.sessionToken, WEB_IDENTITY_TOKEN, PROXY_PASSWORD];

function options(endpoint: string, extra: Partial<AwsClientOptions> = {}): AwsClientOptions {
  return { region: 'us-east-1', endpoint, credentials: CREDENTIALS, env: {}, log: () => {}, ...extra };
}

async function failureOf(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(Error);
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected the call to fail');
}

describeWithServices(['moto'], 'STS Query client against moto', () => {
  let moto: MotoService;
  let client: StsQueryClient;
  let sdk: STSClient;

  beforeAll(async () => {
    moto = await startMoto();
    client = createStsQueryClient(options(moto.endpoint));
    sdk = new STSClient(awsClientConfig(options(moto.endpoint)));
  }, 120_000);

  afterAll(async () => {
    client?.destroy();
    sdk?.destroy();
    await moto?.stop();
  });

  /** Both outputs have the same fields; generated values (keys, ids, request ids, expiry) have the same form. */
  function expectSameShape(mine: Record<string, unknown>, theirs: Record<string, unknown>, durationSeconds?: number) {
    const { $metadata: myMeta, Credentials: myCredentials, AssumedRoleUser: myUser, ...myRest } = mine;
    const { $metadata: sdkMeta, Credentials: sdkCredentials, AssumedRoleUser: sdkUser, ...sdkRest } = theirs;
    expect(myRest).toEqual(sdkRest);
    const meta = (value: unknown) => value as Record<string, unknown>;
    for (const field of ['httpStatusCode', 'attempts', 'totalRetryDelay']) {
      expect(meta(myMeta)[field]).toEqual(meta(sdkMeta)[field]);
    }
    expect(meta(myMeta).requestId).toMatch(/^\w{20,}$/);
    if (sdkCredentials === undefined) {
      expect(myCredentials).toBeUndefined();
      return;
    }
    const mineC = myCredentials as Record<string, unknown>;
    const sdkC = sdkCredentials as Record<string, unknown>;
    expect(Object.keys(mineC).sort()).toEqual(Object.keys(sdkC).sort());
    expect(mineC.AccessKeyId).toMatch(/^ASIA[A-Z0-9]{16}$/);
    expect(mineC.SecretAccessKey).toEqual(expect.any(String));
    expect(mineC.SessionToken).toEqual(expect.any(String));
    expect(mineC.Expiration).toBeInstanceOf(Date);
    expect(sdkC.Expiration).toBeInstanceOf(Date);
    const expiry = (mineC.Expiration as Date).getTime();
    expect(Math.abs(expiry - (sdkC.Expiration as Date).getTime())).toBeLessThan(60_000);
    expect(Math.abs(expiry - (Date.now() + durationSeconds! * 1000))).toBeLessThan(60_000);
    const mineU = myUser as { Arn: string; AssumedRoleId: string };
    const sdkU = sdkUser as { Arn: string; AssumedRoleId: string };
    expect(mineU.Arn).toBe(sdkU.Arn);
    // moto makes a random role id per call; the session name after the colon is the caller's.
    expect(mineU.AssumedRoleId.split(':')[1]).toBe(sdkU.AssumedRoleId.split(':')[1]);
    expect(mineU.AssumedRoleId).toMatch(/^AROA?[A-Z0-9]+:[\w+=,.@-]+$/);
  }

  it('AssumeRole gives what @aws-sdk/client-sts gives, field by field', async () => {
    const mine = await client.assumeRole(ASSUME_ROLE_INPUT);
    const theirs = await sdk.send(new AssumeRoleCommand(ASSUME_ROLE_INPUT));
    expect(mine.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/deploy/ci-run`);
    expect(mine.PackedPolicySize).toEqual(expect.any(Number));
    expectSameShape({ ...mine }, { ...theirs }, 900);
  });

  it('AssumeRoleWithWebIdentity gives what @aws-sdk/client-sts gives, without credentials', async () => {
    const unsigned = createStsQueryClient(options(moto.endpoint, { credentials: undefined }));
    const sdkUnsigned = new STSClient({ ...awsClientConfig(options(moto.endpoint)), credentials: undefined });
    try {
      const mine = await unsigned.assumeRoleWithWebIdentity(WEB_IDENTITY_INPUT);
      const theirs = await sdkUnsigned.send(new AssumeRoleWithWebIdentityCommand(WEB_IDENTITY_INPUT));
      expect(mine.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/deploy/github-actions`);
      expectSameShape({ ...mine }, { ...theirs }, 1800);
    } finally {
      unsigned.destroy();
      sdkUnsigned.destroy();
    }
  });

  it('GetCallerIdentity gives what @aws-sdk/client-sts gives', async () => {
    const mine = await client.getCallerIdentity();
    const theirs = await sdk.send(new GetCallerIdentityCommand({}));
    expect(mine.Account).toBe(ACCOUNT);
    expectSameShape({ ...mine }, { ...theirs });
  });

  it('refuses a signed call without credentials before sending it, as the SDK does', async () => {
    const unsigned = createStsQueryClient(options(moto.endpoint, { credentials: undefined }));
    try {
      const error = await failureOf(unsigned.assumeRole(ASSUME_ROLE_INPUT));
      expect(error).toBeInstanceOf(CredentialsProviderError);
      expect(error.message).toContain('STS AssumeRole must be signed, but the client has no AWS credentials');
      expect(error.$metadata).toEqual({ attempts: 1, totalRetryDelay: 0 });
    } finally {
      unsigned.destroy();
    }
  });
});

describeWithServices(
  ['moto', 'squid', 'openssl'],
  'STS Query client through Squid (basic auth) to moto over TLS',
  () => {
    let moto: MotoService;
    let squid: SquidService;

    beforeAll(async () => {
      [moto, squid] = await Promise.all([startMoto({ tls: true }), startSquid({ password: PROXY_PASSWORD })]);
    }, 120_000);

    afterAll(async () => {
      await Promise.all([moto?.stop(), squid?.stop()]);
    });

    it('makes all three calls through the authenticated proxy, trusting the extra CA bundle, logging no secret', async () => {
      const lines: string[] = [];
      const client = createStsQueryClient(
        options(moto.endpoint, {
          proxy: squid.urlWithCredentials,
          caBundle: moto.caBundle!,
          log: (l) => lines.push(l),
        }),
      );
      try {
        const assumed = await client.assumeRole(ASSUME_ROLE_INPUT);
        expect(assumed.Credentials?.AccessKeyId).toMatch(/^ASIA/);
        const web = await client.assumeRoleWithWebIdentity(WEB_IDENTITY_INPUT);
        expect(web.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/deploy/github-actions`);
        const caller = await client.getCallerIdentity();
        expect(caller.Account).toBe(ACCOUNT);
      } finally {
        client.destroy();
      }
      const accessLog = await squid.waitForAccessLog(`CONNECT localhost:${moto.port}`);
      const tunnel = accessLog.split('\n').find((line) => line.includes(`CONNECT localhost:${moto.port}`)) ?? '';
      expect(tunnel).toMatch(/TCP_TUNNEL\/200/);
      expect(tunnel).toContain(` ${squid.username} `);
      const log = lines.join('\n');
      expect(log).toContain(
        `AWS requests to localhost:${moto.port} go through proxy http://***:***@127.0.0.1:${squid.port}/.`,
      );
      expect(log).toMatch(/trusting Node's default CA certificates plus 1 from ca-bundle /);
      for (const secret of [...SECRETS, encodeURIComponent(PROXY_PASSWORD)]) expect(log).not.toContain(secret);
    });

    it('fails with the certificate explanation when the CA bundle is missing', async () => {
      const client = createStsQueryClient(options(moto.endpoint, { proxy: squid.urlWithCredentials, maxAttempts: 1 }));
      try {
        const error = await failureOf(client.getCallerIdentity());
        expect(error).toBeInstanceOf(ActionError);
        expect(error.message).toContain(`The TLS certificate of localhost:${moto.port} is not trusted`);
        expect(describeError(error)).not.toContain(encodeURIComponent(PROXY_PASSWORD));
      } finally {
        client.destroy();
      }
    });

    it('names the proxy, not its password, when the proxy refuses the credentials', async () => {
      const proxy = `http://${squid.username}:${encodeURIComponent('wrong:pass@')}@127.0.0.1:${squid.port}`;
      const client = createStsQueryClient(options(moto.endpoint, { proxy, caBundle: moto.caBundle!, maxAttempts: 1 }));
      try {
        const error = await failureOf(client.assumeRole(ASSUME_ROLE_INPUT));
        expect(error.message).toContain(
          `The proxy http://***:***@127.0.0.1:${squid.port}/ (from http-proxy) answered 407`,
        );
        expect(describeError(error)).not.toContain('wrong');
      } finally {
        client.destroy();
      }
    });
  },
);

interface Captured {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A local HTTP server that records every request and answers with `answer(request)`. */
async function startCaptureServer(answer: (request: Captured) => { status: number; body: string }) {
  const requests: Captured[] = [];
  const server: Server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const captured = {
        method: incoming.method ?? '',
        url: incoming.url ?? '',
        headers: incoming.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(captured);
      const { status, body } = answer(captured);
      response.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': `capture-${requests.length}` });
      response.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Verifies a received request's Authorization the way a server would: re-signs it with @smithy/signature-v4. */
async function expectValidSignature(request: Captured, port: number): Promise<void> {
  const authorization = String(request.headers.authorization);
  const signedHeaders = /SignedHeaders=([^,]+)/.exec(authorization)![1]!.split(';');
  const amzDate = String(request.headers['x-amz-date']);
  const signingDate = new Date(
    `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:` +
      `${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
  );
  const headers = Object.fromEntries(signedHeaders.map((name) => [name, String(request.headers[name])]));
  const reference = await new SignatureV4({
    credentials: CREDENTIALS,
    region: 'us-east-1',
    service: 'sts',
    sha256: Hash.bind(null, 'sha256'),
    applyChecksum: false,
  }).sign(
    {
      method: request.method,
      protocol: 'http:',
      hostname: '127.0.0.1',
      port,
      path: request.url,
      query: {},
      headers,
      body: request.body,
    },
    { signingDate },
  );
  expect(authorization).toBe(reference.headers.authorization);
  expect(signedHeaders).toEqual(expect.arrayContaining(['host', 'x-amz-date', 'x-amz-security-token', 'content-type']));
}

describe('STS Query client on the wire (local capture server)', () => {
  const OK_CALLER = { status: 200, body: callerIdentityResponse(`arn:aws:iam::${ACCOUNT}:user/ci`, ACCOUNT) };
  let capture: Awaited<ReturnType<typeof startCaptureServer>> | undefined;

  afterEach(async () => {
    await capture?.close();
    capture = undefined;
  });

  it('sends the same form bodies as @aws-sdk/client-sts, signed so that a SigV4 verifier accepts them', async () => {
    capture = await startCaptureServer(() => ({ status: 400, body: stsError('ValidationError', 'captured') }));
    const client = createStsQueryClient(options(capture.endpoint, { maxAttempts: 1 }));
    const sdk = new STSClient(awsClientConfig(options(capture.endpoint, { maxAttempts: 1 })));
    try {
      for (const send of [
        () => client.assumeRole(ASSUME_ROLE_INPUT),
        () => sdk.send(new AssumeRoleCommand(ASSUME_ROLE_INPUT)),
        () => client.assumeRoleWithWebIdentity(WEB_IDENTITY_INPUT),
        () => sdk.send(new AssumeRoleWithWebIdentityCommand(WEB_IDENTITY_INPUT)),
        () => client.getCallerIdentity(),
        () => sdk.send(new GetCallerIdentityCommand({})),
      ]) {
        expect((await failureOf(send())).name).toBe('ValidationError');
      }
    } finally {
      client.destroy();
      sdk.destroy();
    }
    const [assumeMine, assumeSdk, webMine, webSdk, callerMine, callerSdk] = capture.requests;
    expect(assumeMine!.body).toBe(assumeSdk!.body);
    expect(webMine!.body).toBe(webSdk!.body);
    expect(callerMine!.body).toBe(callerSdk!.body);
    for (const request of [assumeMine!, callerMine!]) {
      expect(request.method).toBe('POST');
      expect(request.url).toBe('/');
      expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(request.headers['x-amz-security-token']).toBe(CREDENTIALS.sessionToken);
      await expectValidSignature(request, capture.port);
    }
    // Web identity calls are not signed: the token is the proof, the SDK sends no Authorization either.
    for (const request of [webMine!, webSdk!]) {
      expect(request.headers.authorization).toBeUndefined();
      expect(request.headers['x-amz-security-token']).toBeUndefined();
    }
  });

  it('asks a credentials provider on every attempt', async () => {
    capture = await startCaptureServer((request) =>
      request.headers['x-amz-security-token'] === 'second'
        ? OK_CALLER
        : { status: 500, body: stsError('InternalFailure', 'x', 'Receiver') },
    );
    const tokens = ['first', 'second'];
    let calls = 0;
    const client = createStsQueryClient(
      options(capture.endpoint, {
        credentials: async () => ({ ...CREDENTIALS, sessionToken: tokens[calls++]! }),
        retry: { sleep: async () => {} },
      }),
    );
    try {
      const output = await client.getCallerIdentity();
      expect(output.Account).toBe(ACCOUNT);
      expect(output.$metadata).toMatchObject({ attempts: 2, requestId: 'capture-2', httpStatusCode: 200 });
      expect(calls).toBe(2);
    } finally {
      client.destroy();
    }
  });

  it("signs each call with the call's own credentials when it has them, else with the client's", async () => {
    capture = await startCaptureServer(() => OK_CALLER);
    const hop = { accessKeyId: 'ASIAHOPEXAMPLE', secretAccessKey: 'hop-secret', sessionToken: 'hop-token' };
    const client = createStsQueryClient(options(capture.endpoint));
    try {
      await client.getCallerIdentity();
      await client.getCallerIdentity({ credentials: hop });
      await client.getCallerIdentity({ credentials: async () => hop });
      await client.getCallerIdentity();
    } finally {
      client.destroy();
    }
    const keyIds = capture.requests.map(
      (request) => /Credential=([^/]+)\//.exec(String(request.headers.authorization))?.[1],
    );
    expect(keyIds).toEqual([CREDENTIALS.accessKeyId, hop.accessKeyId, hop.accessKeyId, CREDENTIALS.accessKeyId]);
    expect(capture.requests.map((request) => request.headers['x-amz-security-token'])).toEqual([
      CREDENTIALS.sessionToken,
      hop.sessionToken,
      hop.sessionToken,
      CREDENTIALS.sessionToken,
    ]);
    await expectValidSignature(capture.requests[3]!, capture.port);
  });

  it('posts to the path of an endpoint that has one, as the SDK does', async () => {
    capture = await startCaptureServer(() => OK_CALLER);
    const endpoint = `${capture.endpoint}/sts-proxy/`;
    const client = createStsQueryClient(options(endpoint));
    const sdk = new STSClient(awsClientConfig(options(endpoint)));
    try {
      await client.getCallerIdentity();
      await sdk.send(new GetCallerIdentityCommand({}));
      const [mine, theirs] = capture.requests;
      expect(mine!.url).toBe('/sts-proxy/');
      expect(theirs!.url).toBe(mine!.url);
      await expectValidSignature(mine!, capture.port);
    } finally {
      client.destroy();
      sdk.destroy();
    }
  });
});

describe('STS Query client retries (scripted local STS server)', () => {
  let server: ScriptedServer | undefined;
  let client: StsQueryClient | undefined;

  afterEach(async () => {
    client?.destroy();
    await server?.close();
  });

  function stsClient(endpoint: string, sleeps: number[], lines: string[], maxAttempts = 4): StsQueryClient {
    client = createStsQueryClient(
      options(endpoint, {
        maxAttempts,
        retry: { baseDelayMs: 100, maxDelayMs: 150, sleep: async (ms) => void sleeps.push(ms) },
        log: (line) => lines.push(line),
      }),
    );
    return client;
  }

  it('retries Throttling twice and succeeds on the third attempt', async () => {
    const throttled = { status: 400, body: stsError('Throttling', 'Rate exceeded') };
    const ok = { status: 200, body: callerIdentityResponse(`arn:aws:iam::${ACCOUNT}:user/ci`, ACCOUNT) };
    server = await startScriptedStsServer([throttled, throttled, ok]);
    const sleeps: number[] = [];
    const lines: string[] = [];
    const output = await stsClient(server.endpoint, sleeps, lines).getCallerIdentity();
    expect(output.Account).toBe(ACCOUNT);
    expect(output.$metadata.attempts).toBe(3);
    expect(server.requests).toEqual(Array(3).fill('Action=GetCallerIdentity&Version=2011-06-15'));
    expect(sleeps).toHaveLength(2);
    sleeps.forEach((ms, retry) => expect(ms).toBeLessThan(Math.min(150, 100 * 2 ** retry)));
    expect(lines.filter((line) => line.includes('failed with Throttling (throttling); attempt'))).toHaveLength(2);
  });

  it('calls once on AccessDenied, and explainAwsError explains it', async () => {
    const message = `User: arn:aws:iam::${ACCOUNT}:user/ci is not authorized to perform: sts:AssumeRole on resource: ${ROLE}`;
    server = await startScriptedStsServer([{ status: 403, body: stsError('AccessDenied', message) }]);
    const sleeps: number[] = [];
    const error = await failureOf(stsClient(server.endpoint, sleeps, []).assumeRole(ASSUME_ROLE_INPUT));
    expect(error).toMatchObject({
      name: 'AccessDenied',
      message,
      $fault: 'client',
      $metadata: { httpStatusCode: 403, attempts: 1, requestId: 'request-1' },
    });
    expect(server.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
    const explained = explainAwsError(error, { operation: 'sts:AssumeRole', roleArn: ROLE }) as ActionError;
    expect(explained.message).toBe(`sts:AssumeRole (role ${ROLE}) failed: AccessDenied: ${message}`);
    expect(explained.hint).toContain("The role's trust policy must trust the current principal");
  });

  it('sends a call made `once` one time, without the retries the client would make', async () => {
    server = await startScriptedStsServer([
      { status: 503, body: stsError('ServiceUnavailable', 'Try later', 'Receiver') },
      { status: 200, body: callerIdentityResponse(`arn:aws:iam::${ACCOUNT}:user/ci`, ACCOUNT) },
    ]);
    const sleeps: number[] = [];
    const lines: string[] = [];
    const sts = stsClient(server.endpoint, sleeps, lines, 4);
    const error = await failureOf(sts.assumeRoleWithWebIdentity(WEB_IDENTITY_INPUT, { once: true }));
    expect(error).toMatchObject({ name: 'ServiceUnavailable', $metadata: { attempts: 1, totalRetryDelay: 0 } });
    expect(server.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expect(lines.filter((line) => line.includes('retrying in'))).toEqual([]);
    // The same client still retries the calls that are not made once.
    expect((await sts.getCallerIdentity()).Account).toBe(ACCOUNT);
  });

  it('gives up after the configured attempts on a lasting 503, counting them', async () => {
    server = await startScriptedStsServer([
      { status: 503, body: stsError('ServiceUnavailable', 'Try later', 'Receiver') },
    ]);
    const sleeps: number[] = [];
    const error = await failureOf(
      stsClient(server.endpoint, sleeps, [], 3).assumeRoleWithWebIdentity(WEB_IDENTITY_INPUT),
    );
    expect(error).toMatchObject({ name: 'ServiceUnavailable', $fault: 'server', $metadata: { attempts: 3 } });
    expect(server.requests).toHaveLength(3);
    expect(sleeps).toHaveLength(2);
    expect(
      explainAwsError(error, { operation: 'sts:AssumeRoleWithWebIdentity', endpoint: server.endpoint }).message,
    ).toBe(
      `sts:AssumeRoleWithWebIdentity failed: ServiceUnavailable: Try later (AWS server error after 3 attempts, last status 503, at ${server.endpoint}).`,
    );
  });

  it.each([
    [400, 'PackedPolicyTooLarge', 'Serialized token too large for session'],
    [400, 'InvalidIdentityToken', 'Incorrect token audience'],
    [400, 'ExpiredTokenException', 'Token expired: current date/time 1700000000 must be before the expiration'],
    [403, 'RegionDisabledException', 'STS is not activated in this region for account:123456789012.'],
    [400, 'MalformedPolicyDocument', 'Syntax errors in policy.'],
    [403, 'AccessDenied', 'Not authorized & <denied>'],
    [400, 'Throttling', 'Rate exceeded'],
    [500, 'InternalFailure', 'We encountered an internal error.'],
  ] as const)(
    'HTTP %i %s: Code, message, $fault and status as @aws-sdk/client-sts has them',
    async (status, code, message) => {
      const escaped = message.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
      const type = status >= 500 ? 'Receiver' : 'Sender';
      server = await startScriptedStsServer([{ status, body: stsError(code, escaped, type) }]);
      client = createStsQueryClient(options(server.endpoint, { maxAttempts: 1 }));
      const sdk = new STSClient(awsClientConfig(options(server.endpoint, { maxAttempts: 1 })));
      try {
        const mine = await failureOf(client.assumeRole(ASSUME_ROLE_INPUT));
        const theirs = await failureOf(sdk.send(new AssumeRoleCommand(ASSUME_ROLE_INPUT)));
        // The SDK names modelled exceptions after its classes (PackedPolicyTooLargeException); its Code is STS's code.
        expect(mine.name).toBe(theirs.Code);
        for (const field of ['Code', 'message', '$fault'] as const) expect(mine[field]).toEqual(theirs[field]);
        const meta = (error: Record<string, unknown>) => error.$metadata as Record<string, unknown>;
        for (const field of ['httpStatusCode', 'attempts']) expect(meta(mine)[field]).toEqual(meta(theirs)[field]);
        // Both take the request id from the x-amzn-requestid header; the server numbers its answers.
        expect([meta(mine).requestId, meta(theirs).requestId]).toEqual(['request-1', 'request-2']);
      } finally {
        sdk.destroy();
      }
    },
  );
});

describe('STS Query client timeouts', () => {
  let silent: SilentServer | undefined;

  afterEach(async () => {
    await silent?.close();
  });

  it('fails a request that is never answered within the request timeout, naming the endpoint', async () => {
    silent = await startSilentServer();
    const { port } = silent;
    const client = createStsQueryClient(
      options(`http://127.0.0.1:${port}`, {
        requestTimeoutMs: 1_000,
        maxAttempts: 2,
        retry: { sleep: async () => {} },
      }),
    );
    const started = Date.now();
    try {
      const error = await failureOf(client.assumeRole(ASSUME_ROLE_INPUT));
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(error).toBeInstanceOf(ActionError);
      expect(error.message).toBe(`No answer from 127.0.0.1:${port} within the 1000 ms request timeout.`);
      expect(error.$metadata).toEqual({ attempts: 2, totalRetryDelay: expect.any(Number) });
      // a timeout is a network error: retried once, then given up
      expect(silent.connections()).toBe(2);
      expect(explainAwsError(error, { operation: 'sts:AssumeRole' }).message).toBe(
        `sts:AssumeRole failed after 2 attempts: No answer from 127.0.0.1:${port} within the 1000 ms request timeout.`,
      );
    } finally {
      client.destroy();
    }
  }, 15_000);
});
