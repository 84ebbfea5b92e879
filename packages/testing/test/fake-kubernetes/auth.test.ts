/**
 * EKS token checks, mirroring aws-iam-authenticator's Verify (pkg/token/token.go) plus what STS rejects, and the
 * 401 / 403 answers of the API server.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { partitionById, stsHost } from '@aws-delivery/aws';
import {
  describeWithServices,
  makeTestEksToken,
  startFakeKubernetes,
  verifyEksToken,
  type FakeKubernetes,
} from '@aws-delivery/testing';
import { call } from './http-client.js';

const NOW = new Date('2025-06-01T12:00:00Z');
const KEY = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'test-secret-key/with+base64-ish/chars' };
const CLUSTER = 'prod-cluster';

function token(
  region: string,
  overrides: { host?: string; date?: Date; cluster?: string; secret?: string } = {},
): string {
  return makeTestEksToken({
    stsHost: overrides.host ?? stsHost(region),
    region,
    clusterName: overrides.cluster ?? CLUSTER,
    accessKeyId: KEY.accessKeyId,
    secretAccessKey: overrides.secret ?? KEY.secretAccessKey,
    date: overrides.date ?? new Date(NOW.getTime() - 60_000),
  });
}

function decode(t: string): URL {
  return new URL(Buffer.from(t.slice('k8s-aws-v1.'.length), 'base64url').toString('utf8'));
}

function encode(url: URL | string): string {
  return `k8s-aws-v1.${Buffer.from(String(url), 'utf8').toString('base64url')}`;
}

function mutate(t: string, change: (url: URL) => void): string {
  const url = decode(t);
  change(url);
  return encode(url);
}

const GLOBAL_HOST = `sts.${partitionById('aws').dnsSuffix}`;

describe('the reference EKS token', () => {
  it('has the shape aws-iam-authenticator makes: prefix, unpadded base64url, presigned GetCallerIdentity URL', () => {
    const t = token('us-west-2');
    expect(t.startsWith('k8s-aws-v1.')).toBe(true);
    expect(t.slice('k8s-aws-v1.'.length)).toMatch(/^[A-Za-z0-9_-]+$/);
    const url = decode(t);
    expect(url.protocol).toBe('https:');
    expect(url.host).toBe(stsHost('us-west-2'));
    expect(url.pathname).toBe('/');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      Action: 'GetCallerIdentity',
      Version: '2011-06-15',
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': `${KEY.accessKeyId}/20250601/us-west-2/sts/aws4_request`,
      'X-Amz-Date': '20250601T115900Z',
      'X-Amz-Expires': '60',
      'X-Amz-SignedHeaders': 'host;x-k8s-aws-id',
    });
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('verifyEksToken', () => {
  const aws = { clusterName: CLUSTER, partition: 'aws' as const };
  const good = token('us-east-1');
  const verdict = (t: string, options: Parameters<typeof verifyEksToken>[1] = aws, now = NOW) => {
    const outcome = verifyEksToken(t, options, now);
    return outcome.ok ? 'ok' : outcome.reason;
  };

  it.each([
    ['aws, regional host', 'us-east-1', 'aws'],
    ['aws, another region', 'eu-central-1', 'aws'],
    ['aws-cn', 'cn-north-1', 'aws-cn'],
    ['aws-us-gov', 'us-gov-west-1', 'aws-us-gov'],
  ] as const)('accepts a well-formed token (%s)', (_label, region, partition) => {
    expect(verdict(token(region), { clusterName: CLUSTER, partition })).toBe('ok');
  });

  it('accepts the global STS host only in the aws partition', () => {
    const global = token('us-east-1', { host: GLOBAL_HOST });
    expect(verdict(global)).toBe('ok');
    expect(verdict(global, { clusterName: CLUSTER, partition: 'aws-cn' })).toBe(
      'global endpoint unsupported in partition aws-cn',
    );
    expect(verdict(global, { clusterName: CLUSTER, partition: 'aws-us-gov' })).toBe(
      'global endpoint unsupported in partition aws-us-gov',
    );
  });

  it.each([
    ['a wrong prefix', good.replace('k8s-aws-v1.', 'k8s-aws-v2.'), 'token is missing expected "k8s-aws-v1." prefix'],
    ['base64 padding', `${good}==`, 'illegal base64 data (the token must be unpadded base64url)'],
    [
      'standard base64 characters',
      `k8s-aws-v1.${Buffer.from(decode(good).toString()).toString('base64').replace(/=+$/, '')}+/`,
      'illegal base64 data (the token must be unpadded base64url)',
    ],
    ['http', mutate(good, (u) => (u.protocol = 'http:')), 'unexpected scheme "http" in pre-signed URL'],
    [
      'a foreign host',
      mutate(good, (u) => (u.host = 'sts.example.com')),
      'unexpected hostname "sts.example.com" in pre-signed URL',
    ],
    [
      'a look-alike host',
      mutate(good, (u) => (u.host = `sts.us-east-1.${partitionById('aws').dnsSuffix}.evil.example`)),
      `unexpected hostname "sts.us-east-1.${partitionById('aws').dnsSuffix}.evil.example" in pre-signed URL`,
    ],
    [
      'another partition’s host',
      token('cn-north-1'),
      `partition {aws} does not support hostname ${stsHost('cn-north-1')}`,
    ],
    ['a path', mutate(good, (u) => (u.pathname = '/other')), 'unexpected path in pre-signed URL'],
    [
      'another action',
      mutate(good, (u) => u.searchParams.set('Action', 'AssumeRole')),
      'unexpected action parameter in pre-signed URL',
    ],
    [
      'an unsigned x-k8s-aws-id',
      mutate(good, (u) => u.searchParams.set('X-Amz-SignedHeaders', 'host')),
      'client did not sign the x-k8s-aws-id header in the pre-signed URL',
    ],
    [
      'X-Amz-Expires over 900',
      mutate(good, (u) => u.searchParams.set('X-Amz-Expires', '901')),
      'invalid X-Amz-Expires parameter in pre-signed URL: 901',
    ],
    [
      'a negative X-Amz-Expires',
      mutate(good, (u) => u.searchParams.set('X-Amz-Expires', '-1')),
      'invalid X-Amz-Expires parameter in pre-signed URL: -1',
    ],
    [
      'no X-Amz-Date',
      mutate(good, (u) => u.searchParams.delete('X-Amz-Date')),
      'X-Amz-Date parameter must be present in pre-signed URL',
    ],
    [
      'a malformed X-Amz-Date',
      mutate(good, (u) => u.searchParams.set('X-Amz-Date', '2025-06-01')),
      'error parsing X-Amz-Date parameter 2025-06-01',
    ],
    [
      'a non-whitelisted parameter',
      mutate(good, (u) => u.searchParams.set('Foo', 'bar')),
      'non-whitelisted query parameter "Foo"',
    ],
    [
      'a duplicated parameter',
      mutate(good, (u) => u.searchParams.append('action', 'GetCallerIdentity')),
      'duplicate query parameter found: "action"',
    ],
    [
      'another STS API version',
      mutate(good, (u) => u.searchParams.set('Version', '2010-01-01')),
      'STS: Version must be 2011-06-15',
    ],
    [
      'a credential scope for another service',
      mutate(good, (u) =>
        u.searchParams.set('X-Amz-Credential', `${KEY.accessKeyId}/20250601/us-east-1/iam/aws4_request`),
      ),
      'STS: X-Amz-Credential must be <access key id>/<day of X-Amz-Date>/<region>/sts/aws4_request',
    ],
    ['a size over 4096 bytes', `k8s-aws-v1.${'A'.repeat(4100)}`, 'token is too large'],
  ])('rejects %s', (_label, t, reason) => {
    expect(verdict(t)).toBe(reason);
  });

  it('rejects a token 15 minutes after X-Amz-Date and accepts it just before', () => {
    const signedAt = new Date(NOW.getTime() - 60_000);
    const t = token('us-east-1', { date: signedAt });
    expect(verdict(t, aws, new Date(signedAt.getTime() + 15 * 60_000 - 1000))).toBe('ok');
    expect(verdict(t, aws, new Date(signedAt.getTime() + 15 * 60_000 + 1000))).toMatch(
      /^X-Amz-Date parameter is expired \(15 minute expiration\)/,
    );
  });

  describe('with the signing credentials known', () => {
    const verifying = { ...aws, credentials: { [KEY.accessKeyId]: KEY.secretAccessKey } };
    it('accepts a token signed for this cluster name and says the signature was checked', () => {
      expect(verifyEksToken(good, verifying, NOW)).toEqual({
        ok: true,
        user: `eks:${KEY.accessKeyId}`,
        method: 'eks',
        signatureChecked: true,
      });
    });
    it('rejects a token signed for another cluster (the signed x-k8s-aws-id differs)', () => {
      expect(verdict(token('us-east-1', { cluster: 'staging' }), verifying)).toBe(
        `STS: SignatureDoesNotMatch (wrong secret, or x-k8s-aws-id was not "${CLUSTER}")`,
      );
    });
    it('rejects a token signed with another secret, or by an unknown key', () => {
      expect(verdict(token('us-east-1', { secret: 'other-secret' }), verifying)).toMatch(/^STS: SignatureDoesNotMatch/);
      expect(verdict(good, { ...aws, credentials: { AKIDOTHER: 'x' } })).toBe(
        `STS: the access key id ${KEY.accessKeyId} is not known`,
      );
    });
    it('rejects a token whose query was changed after signing', () => {
      expect(
        verdict(
          mutate(good, (u) => u.searchParams.set('X-Amz-Expires', '900')),
          verifying,
        ),
      ).toMatch(/^STS: SignatureDoesNotMatch/);
    });
  });

  it('without credentials, accepts a well-shaped token and says the signature was not checked', () => {
    expect(verifyEksToken(good, aws, NOW)).toMatchObject({ ok: true, signatureChecked: false });
  });
});

describeWithServices(['openssl'], 'fake Kubernetes authentication over HTTPS', () => {
  let fake: FakeKubernetes;
  beforeAll(async () => {
    fake = await startFakeKubernetes({ startControllers: false, eks: { clusterName: CLUSTER, partition: 'aws' } });
  });
  afterAll(async () => {
    await fake?.stop();
  });

  const unauthorized = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: 'Unauthorized',
    reason: 'Unauthorized',
    code: 401,
  };

  it('serves a request with a fresh EKS token', async () => {
    const t = fake.eksToken({ ...KEY, region: 'us-east-1' });
    const reply = await call(fake, 'GET', '/api/v1/namespaces/default', { token: t });
    expect(reply.status).toBe(200);
    expect(reply.json.metadata.name).toBe('default');
  });

  it('answers 401 with a Status body for a malformed EKS token, and records why', async () => {
    const t = mutate(fake.eksToken({ ...KEY, region: 'us-east-1' }), (u) =>
      u.searchParams.set('X-Amz-SignedHeaders', 'host'),
    );
    const reply = await call(fake, 'GET', '/api/v1/namespaces', { token: t });
    expect(reply.status).toBe(401);
    expect(reply.json).toEqual(unauthorized);
    expect(fake.authLog.at(-1)?.outcome).toEqual({
      ok: false,
      reason: 'client did not sign the x-k8s-aws-id header in the pre-signed URL',
    });
  });

  it('answers 401 for an expired EKS token', async () => {
    const t = fake.eksToken({ ...KEY, region: 'us-east-1', date: new Date(Date.now() - 16 * 60_000) });
    const reply = await call(fake, 'GET', '/api', { token: t });
    expect(reply.status).toBe(401);
    expect(fake.authLog.at(-1)?.outcome).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^X-Amz-Date parameter is expired/),
    });
  });

  it('checks signatures once it knows the credentials', async () => {
    fake.trustAwsCredentials(KEY.accessKeyId, KEY.secretAccessKey);
    const good = fake.eksToken({ ...KEY, region: 'us-east-1' });
    expect((await call(fake, 'GET', '/api', { token: good })).status).toBe(200);
    const forged = fake.eksToken({ accessKeyId: KEY.accessKeyId, secretAccessKey: 'guessed', region: 'us-east-1' });
    expect((await call(fake, 'GET', '/api', { token: forged })).status).toBe(401);
  });

  it('answers 401 for an unknown static token and lets anonymous users read only /version', async () => {
    expect((await call(fake, 'GET', '/api', { token: 'nope' })).json).toEqual(unauthorized);
    const version = await call(fake, 'GET', '/version', { token: null });
    expect(version.status).toBe(200);
    const forbidden = await call(fake, 'GET', '/api/v1/namespaces', { token: null });
    expect(forbidden.status).toBe(403);
    expect(forbidden.json).toMatchObject({
      kind: 'Status',
      reason: 'Forbidden',
      code: 403,
      message: 'forbidden: User "system:anonymous" cannot get path "/api/v1/namespaces"',
    });
  });
});
