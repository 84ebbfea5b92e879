import { describe, expect, it } from '@jest/globals';
import { makeTestEksToken, verifyEksToken } from '@aws-delivery/testing';
import { EKS_TOKEN_LIFETIME_MS, EksTokenSource, eksTokenStsHost, presignEksToken } from '../src/eks-token.js';

const credentials = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};
const now = new Date('2026-03-04T05:06:07.890Z');

function decode(token: string): URL {
  expect(token.startsWith('k8s-aws-v1.')).toBe(true);
  const body = token.slice('k8s-aws-v1.'.length);
  expect(body).toMatch(/^[A-Za-z0-9_-]+$/); // base64url, no padding
  return new URL(Buffer.from(body, 'base64url').toString('utf8'));
}

describe('presignEksToken', () => {
  it.each([
    ['us-east-1', 'aws', 'sts.us-east-1.amazonaws.com'],
    ['eu-west-1', 'aws', 'sts.eu-west-1.amazonaws.com'],
    ['cn-north-1', 'aws-cn', 'sts.cn-north-1.amazonaws.com.cn'],
    ['cn-northwest-1', 'aws-cn', 'sts.cn-northwest-1.amazonaws.com.cn'],
    ['us-gov-west-1', 'aws-us-gov', 'sts.us-gov-west-1.amazonaws.com'],
    ['us-gov-east-1', 'aws-us-gov', 'sts.us-gov-east-1.amazonaws.com'],
  ] as const)(
    '%s (%s) presigns against %s, which the cluster authenticator accepts',
    async (region, partition, host) => {
      const { token, stsHost, expiresAt } = await presignEksToken({ clusterName: 'prod-1', region, credentials, now });
      const url = decode(token);
      expect(stsHost).toBe(host);
      expect(url.protocol).toBe('https:');
      expect(url.host).toBe(host);
      expect(url.pathname).toBe('/');
      const q = url.searchParams;
      expect(q.get('Action')).toBe('GetCallerIdentity');
      expect(q.get('Version')).toBe('2011-06-15');
      expect(q.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
      expect(q.get('X-Amz-Expires')).toBe('60');
      expect(q.get('X-Amz-Date')).toBe('20260304T050607Z');
      expect(q.get('X-Amz-Credential')).toBe(`${credentials.accessKeyId}/20260304/${region}/sts/aws4_request`);
      expect(q.get('X-Amz-SignedHeaders')).toBe('host;x-k8s-aws-id');
      expect(q.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
      expect(expiresAt.toISOString()).toBe(
        new Date(Date.parse('2026-03-04T05:06:07Z') + EKS_TOKEN_LIFETIME_MS).toISOString(),
      );
      // The fake's verifier re-computes the signature with x-k8s-aws-id = the cluster name, as STS does.
      const verdict = verifyEksToken(
        token,
        { clusterName: 'prod-1', partition, credentials: { [credentials.accessKeyId]: credentials.secretAccessKey } },
        now,
      );
      expect(verdict).toEqual({
        ok: true,
        user: `eks:${credentials.accessKeyId}`,
        method: 'eks',
        signatureChecked: true,
      });
    },
  );

  it('signs the same as an independent SigV4 implementation (the test token of the fake)', async () => {
    const { token } = await presignEksToken({ clusterName: 'prod-1', region: 'eu-west-1', credentials, now });
    const reference = makeTestEksToken({
      stsHost: 'sts.eu-west-1.amazonaws.com',
      region: 'eu-west-1',
      clusterName: 'prod-1',
      ...credentials,
      date: now,
    });
    expect(decode(token).searchParams.get('X-Amz-Signature')).toBe(
      decode(reference).searchParams.get('X-Amz-Signature'),
    );
  });

  it('binds the cluster name into the signature: a token for another cluster does not verify', async () => {
    const { token } = await presignEksToken({ clusterName: 'staging', region: 'eu-west-1', credentials, now });
    const verdict = verifyEksToken(
      token,
      { clusterName: 'prod-1', credentials: { [credentials.accessKeyId]: credentials.secretAccessKey } },
      now,
    );
    expect(verdict.ok).toBe(false);
    expect(verdict.ok === false && verdict.reason).toContain('SignatureDoesNotMatch');
  });

  it('carries a session token and stays unpadded whatever the length', async () => {
    for (const sessionToken of ['a', 'ab', 'abc', 'FwoGZXIvYXdzEJr//////////wEaDO+/=']) {
      const { token } = await presignEksToken({
        clusterName: 'c',
        region: 'us-east-1',
        credentials: { ...credentials, sessionToken },
        now,
      });
      expect(token).not.toContain('=');
      expect(decode(token).searchParams.get('X-Amz-Security-Token')).toBe(sessionToken);
    }
  });

  it('is rejected by the cluster once 15 minutes have passed', async () => {
    const { token } = await presignEksToken({ clusterName: 'prod-1', region: 'eu-west-1', credentials, now });
    const options = { clusterName: 'prod-1' };
    expect(verifyEksToken(token, options, new Date(now.getTime() + 14 * 60_000)).ok).toBe(true);
    const late = verifyEksToken(token, options, new Date(now.getTime() + 16 * 60_000));
    expect(late.ok === false && late.reason).toContain('expired');
  });

  it('resolves a credential provider', async () => {
    const { token } = await presignEksToken({
      clusterName: 'c',
      region: 'us-east-1',
      credentials: async () => credentials,
      now,
    });
    expect(decode(token).searchParams.get('X-Amz-Credential')).toContain(credentials.accessKeyId);
  });

  it.each([
    ['bad name!', 'cluster-name "bad name!"'],
    ['-leading', 'cluster-name "-leading"'],
  ])('rejects the cluster name %j', async (clusterName, message) => {
    await expect(presignEksToken({ clusterName, region: 'us-east-1', credentials, now })).rejects.toThrow(message);
  });

  it('rejects a region that is no AWS region', async () => {
    await expect(presignEksToken({ clusterName: 'c', region: 'moon-1', credentials, now })).rejects.toThrow(
      /not an AWS region/,
    );
  });
});

describe('eksTokenStsHost', () => {
  it.each([
    ['us-east-1', undefined, 'sts.us-east-1.amazonaws.com'],
    ['us-east-1', 'sts.amazonaws.com', 'sts.amazonaws.com'],
    ['us-gov-west-1', 'sts-fips.us-gov-west-1.amazonaws.com', 'sts-fips.us-gov-west-1.amazonaws.com'],
    ['cn-north-1', 'sts.cn-north-1.amazonaws.com.cn', 'sts.cn-north-1.amazonaws.com.cn'],
  ])('%s with %s → %s', (region, override, expected) => {
    expect(eksTokenStsHost(region, override)).toBe(expected);
  });

  it.each([
    ['cn-north-1', 'sts.amazonaws.com', /global STS endpoint.*aws-cn/],
    ['us-gov-west-1', 'sts.amazonaws.com', /global STS endpoint.*aws-us-gov/],
    ['cn-north-1', 'sts.cn-north-1.amazonaws.com', /not an STS host of region cn-north-1/],
    ['eu-west-1', 'sts.us-east-1.amazonaws.com', /not an STS host of region eu-west-1/],
  ])('%s rejects %s', (region, override, message) => {
    expect(() => eksTokenStsHost(region, override)).toThrow(message);
  });
});

describe('EksTokenSource', () => {
  it('reuses a token until refreshAfterMs, then presigns a new one before the 15-minute life ends', async () => {
    let clock = now.getTime();
    const source = new EksTokenSource({
      clusterName: 'c',
      region: 'us-east-1',
      credentials,
      clock: () => new Date(clock),
      refreshAfterMs: 10 * 60_000,
    });
    const first = await source.token();
    clock += 9 * 60_000;
    expect(await source.token()).toBe(first);
    clock += 60_000;
    const second = await source.token();
    expect(second).not.toBe(first);
    expect(decode(second).searchParams.get('X-Amz-Date')).toBe('20260304T051607Z');
    source.invalidate();
    clock += 1000;
    expect(await source.token()).not.toBe(second);
  });

  it('shares one presigning between concurrent callers', async () => {
    let calls = 0;
    const source = new EksTokenSource({
      clusterName: 'c',
      region: 'us-east-1',
      credentials: async () => {
        calls++;
        return credentials;
      },
    });
    const tokens = await Promise.all([source.token(), source.token(), source.token()]);
    expect(new Set(tokens).size).toBe(1);
    expect(calls).toBe(1);
  });

  it('refuses a refresh interval that would outlive the token', () => {
    expect(
      () =>
        new EksTokenSource({
          clusterName: 'c',
          region: 'us-east-1',
          credentials,
          refreshAfterMs: EKS_TOKEN_LIFETIME_MS,
        }),
    ).toThrow();
  });
});
