import { describe, expect, it } from '@jest/globals';
import { Hash } from '@smithy/core/serde';
import { SignatureV4 } from '@smithy/signature-v4';
import {
  canonicalHeaders,
  canonicalPath,
  canonicalQuery,
  presignUrl,
  queryPairs,
  signRequest,
  uriEncode,
  type SigningCredentials,
} from '../src/signing/sigv4.js';

/**
 * The reference: @smithy/signature-v4, the signer of the AWS SDK for JavaScript v3, with the SDK's node:crypto hash
 * (@smithy/core/serde's Hash is the code published as @smithy/hash-node). Used by this test only.
 */
function smithySigner(credentials: SigningCredentials, region: string, service: string, applyChecksum: boolean) {
  return new SignatureV4({
    credentials,
    region,
    service,
    sha256: Hash.bind(null, 'sha256'),
    uriEscapePath: true,
    applyChecksum,
  });
}

const KEYS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const WITH_TOKEN = { ...KEYS, sessionToken: 'IQoJb3JpZ2luX2VjE//session+token/with=padding==' };
const NOW = new Date('2026-03-04T05:06:07.891Z');

interface Case {
  name: string;
  method: string;
  origin: string;
  /** Raw (decoded) path segments; the URL carries them percent-encoded as a client sends them. */
  segments: string[];
  trailingSlash?: boolean;
  /** Raw (decoded) query pairs, in the order they appear in the URL. */
  query: [string, string][];
  headers: Record<string, string>;
  body?: string | Uint8Array;
  credentials: SigningCredentials;
  region: string;
  service: string;
  contentSha256?: boolean;
}

function urlOf(c: Case): URL {
  const path = `/${c.segments.map(encodeURIComponent).join('/')}${c.trailingSlash && c.segments.length ? '/' : ''}`;
  // encodeURIComponent leaves !'()* as they are: the signer must decode and re-encode them itself.
  const search = c.query.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join('&');
  return new URL(`${c.origin}${path}${search ? `?${search}` : ''}`);
}

/** The query as the SDK's HttpRequest holds it: repeated keys as arrays. */
function smithyQuery(pairs: [string, string][]): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of pairs) {
    const earlier = query[key];
    query[key] = earlier === undefined ? value : [...(Array.isArray(earlier) ? earlier : [earlier]), value];
  }
  return query;
}

function smithyRequest(c: Case, extraHeaders: Record<string, string> = {}) {
  const url = urlOf(c);
  return {
    method: c.method,
    protocol: url.protocol,
    hostname: url.hostname,
    ...(url.port ? { port: Number(url.port) } : {}),
    path: url.pathname,
    query: smithyQuery(c.query),
    headers: { host: url.host, ...c.headers, ...extraHeaders },
    ...(c.body !== undefined ? { body: c.body } : {}),
  };
}

const base = {
  method: 'GET',
  origin: 'https://sts.us-east-1.amazonaws.com',
  segments: [] as string[],
  query: [] as [string, string][],
  headers: {} as Record<string, string>,
  credentials: KEYS,
  region: 'us-east-1',
  service: 'sts',
};

const CASES: Case[] = [
  { ...base, name: 'bare GET of /' },
  {
    ...base,
    name: 'query with reserved characters in keys and values',
    query: [
      ['Action', 'GetCallerIdentity'],
      ['a b', "x/y?z=1&w+v!'()*:@,;$"],
      ['tilde~and-dot._', 'percent%25 literal'],
    ],
  },
  {
    ...base,
    name: 'repeated keys and empty values',
    query: [
      ['k', 'b'],
      ['k', 'a'],
      ['k', ''],
      ['empty', ''],
      ['K', 'upper sorts first'],
    ],
  },
  {
    ...base,
    name: 'unicode in query keys and values',
    query: [
      ['ሴ', 'bar'],
      ['name', 'Zoë ünïcødé 日本 🚀'],
    ],
  },
  { ...base, name: 'session token', credentials: WITH_TOKEN, query: [['Action', 'GetCallerIdentity']] },
  {
    ...base,
    name: 'paths with spaces, unicode and reserved characters',
    origin: 'https://execute-api.eu-west-1.amazonaws.com',
    service: 'execute-api',
    region: 'eu-west-1',
    segments: ['prod', 'my folder', 'ünïcødé ሴ', "a:b@c$d!e'f(g)*h", '100% sure', 'plus+sign'],
  },
  {
    ...base,
    name: 'trailing slash and a port',
    origin: 'http://127.0.0.1:5000',
    segments: ['a', 'b'],
    trailingSlash: true,
  },
  {
    ...base,
    name: 'header names and values to normalise, and headers that are never signed',
    headers: {
      'My-Header1': '  value1  ',
      'My-Header2': '"a   b \t  c"',
      'X-Multi-Line': 'first\n   second',
      'User-Agent': 'aws-delivery-actions/test',
      'X-Amzn-Trace-Id': 'Root=1-abc',
    },
  },
  {
    ...base,
    name: 'POST form body with content type and x-amz-content-sha256',
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body: 'Action=GetCallerIdentity&Version=2011-06-15',
    contentSha256: true,
  },
  {
    ...base,
    name: 'binary body and session token on a China region',
    method: 'PUT',
    origin: 'https://s3.cn-north-1.amazonaws.com.cn',
    region: 'cn-north-1',
    service: 'execute-api',
    segments: ['bucket', 'key with space'],
    body: new Uint8Array([0, 1, 2, 250, 251, 252, 253, 254, 255]),
    credentials: WITH_TOKEN,
  },
  {
    ...base,
    name: 'an explicit payload hash header (UNSIGNED-PAYLOAD)',
    method: 'PUT',
    headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', 'x-amz-meta-owner': 'team a' },
    body: 'not hashed',
  },
];

describe('signRequest matches @smithy/signature-v4', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const mine = signRequest({
      method: c.method,
      url: urlOf(c).href,
      headers: c.headers,
      ...(c.body !== undefined ? { body: c.body } : {}),
      service: c.service,
      region: c.region,
      credentials: c.credentials,
      now: NOW,
      ...(c.contentSha256 ? { contentSha256: true } : {}),
    });
    const reference = await smithySigner(c.credentials, c.region, c.service, c.contentSha256 ?? false).sign(
      smithyRequest(c),
      { signingDate: NOW },
    );
    const expected: Record<string, string> = {};
    for (const name of ['authorization', 'x-amz-date', 'x-amz-security-token', 'x-amz-content-sha256']) {
      const value = reference.headers[name];
      if (value !== undefined && c.headers[name] === undefined) expected[name] = value;
    }
    expect(mine).toEqual(expected);
    expect(mine.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20260304\//);
    expect(JSON.stringify(mine)).not.toContain(c.credentials.secretAccessKey);
  });
});

interface PresignCase extends Case {
  expiresSeconds: number;
}

const PRESIGN_CASES: PresignCase[] = [
  {
    ...base,
    name: 'an EKS token request: x-k8s-aws-id signed, 60 seconds',
    query: [
      ['Action', 'GetCallerIdentity'],
      ['Version', '2011-06-15'],
    ],
    headers: { 'x-k8s-aws-id': 'my-cluster' },
    expiresSeconds: 60,
  },
  {
    ...base,
    name: 'an EKS token request with a session token, in aws-us-gov',
    origin: 'https://sts.us-gov-west-1.amazonaws.com',
    region: 'us-gov-west-1',
    query: [
      ['Action', 'GetCallerIdentity'],
      ['Version', '2011-06-15'],
    ],
    headers: { 'x-k8s-aws-id': 'prod_cluster-1' },
    credentials: WITH_TOKEN,
    expiresSeconds: 60,
  },
  {
    ...base,
    name: 'reserved characters, repeated keys, unicode path, x-amz-* headers moved to the query',
    method: 'PUT',
    origin: 'https://execute-api.ap-southeast-2.amazonaws.com:8443',
    region: 'ap-southeast-2',
    service: 'execute-api',
    segments: ['stage', 'dir with space', 'ünï'],
    query: [
      ['z', "x/y?z=1&w+v!'()*"],
      ['k', 'b'],
      ['k', 'a'],
      ['empty', ''],
    ],
    headers: { 'x-amz-meta-team': 'platform', 'content-type': 'text/plain' },
    credentials: WITH_TOKEN,
    expiresSeconds: 604800,
  },
];

describe('presignUrl matches @smithy/signature-v4', () => {
  it.each(PRESIGN_CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const mine = new URL(
      presignUrl({
        method: c.method,
        url: urlOf(c),
        headers: c.headers,
        service: c.service,
        region: c.region,
        credentials: c.credentials,
        expiresSeconds: c.expiresSeconds,
        now: NOW,
      }),
    );
    const reference = await smithySigner(c.credentials, c.region, c.service, false).presign(smithyRequest(c), {
      signingDate: NOW,
      expiresIn: c.expiresSeconds,
    });
    expect(mine.origin).toBe(urlOf(c).origin);
    expect(mine.pathname).toBe(reference.path);
    // A presigned URL's parameter order does not matter to AWS: compare each key's values as a sorted list.
    const sorted = (query: Record<string, string | string[] | null>) =>
      Object.fromEntries(
        Object.entries(query).map(([key, value]) => [key, (Array.isArray(value) ? [...value] : [value]).sort()]),
      );
    expect(sorted(smithyQuery([...mine.searchParams.entries()]))).toEqual(sorted(reference.query ?? {}));
    expect(mine.searchParams.get('X-Amz-Signature')).toBe(reference.query?.['X-Amz-Signature']);
    expect(mine.searchParams.get('X-Amz-Expires')).toBe(String(c.expiresSeconds));
    expect(mine.href).not.toContain(encodeURIComponent(c.credentials.secretAccessKey));
    expect(mine.href).not.toContain(c.credentials.secretAccessKey);
  });
});

/**
 * Known answers published by AWS, not computed here:
 * - the IAM ListUsers example of the AWS General Reference ("Signature Version 4 signing process" examples:
 *   GET https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08 at 20150830T123600Z);
 * - AWS's SigV4 signing test suite (awslabs/aws-c-auth tests/aws-signing-test-suite/v4/<case>/, credentials
 *   AKIDEXAMPLE / wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY, region us-east-1, service "service",
 *   2015-08-30T12:36:00Z): header-signed-request.txt and query-signed-request.txt.
 */
describe('known answers published by AWS', () => {
  const suiteTime = new Date('2015-08-30T12:36:00Z');
  const suite = { service: 'service', region: 'us-east-1', credentials: KEYS, now: suiteTime };
  const signatureOf = (headers: Record<string, string>) =>
    /Signature=([0-9a-f]{64})$/.exec(headers.authorization!)?.[1];

  it('IAM ListUsers (AWS General Reference)', () => {
    const headers = signRequest({
      method: 'GET',
      url: 'https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' },
      service: 'iam',
      region: 'us-east-1',
      credentials: KEYS,
      now: suiteTime,
    });
    expect(headers).toEqual({
      authorization:
        'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, ' +
        'SignedHeaders=content-type;host;x-amz-date, ' +
        'Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7',
      'x-amz-date': '20150830T123600Z',
    });
  });

  it.each([
    [
      'get-vanilla-query-order-key-case',
      'https://example.amazonaws.com/?Param2=value2&Param1=value1',
      {},
      'b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500',
    ],
    [
      'get-vanilla-empty-query-key',
      'https://example.amazonaws.com/?Param1=value1',
      {},
      'a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb',
    ],
    [
      'get-vanilla-query-unreserved',
      'https://example.amazonaws.com/?-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz=' +
        '-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
      {},
      '9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197',
    ],
    [
      'get-vanilla-utf8-query',
      'https://example.amazonaws.com/?ሴ=bar',
      {},
      '2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04',
    ],
    [
      'get-header-value-trim',
      'https://example.amazonaws.com/',
      { 'My-Header1': ' value1', 'My-Header2': ' "a   b   c"' },
      'acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736',
    ],
  ] as const)('signing test suite %s (header)', (_name, url, headers, signature) => {
    expect(signatureOf(signRequest({ ...suite, method: 'GET', url, headers }))).toBe(signature);
  });

  it('signing test suite get-vanilla-with-session-token (header)', () => {
    const signed = signRequest({
      ...suite,
      credentials: { ...KEYS, sessionToken: '6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267' },
      method: 'GET',
      url: 'https://example.amazonaws.com/',
    });
    expect(signed.authorization).toContain('SignedHeaders=host;x-amz-date;x-amz-security-token,');
    expect(signatureOf(signed)).toBe('07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8');
  });

  it('signing test suite post-x-www-form-urlencoded (header, with x-amz-content-sha256)', () => {
    const signed = signRequest({
      ...suite,
      method: 'POST',
      url: 'https://example.amazonaws.com/',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': '13' },
      body: 'Param1=value1',
      contentSha256: true,
    });
    expect(signed['x-amz-content-sha256']).toBe('9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e');
    expect(signed.authorization).toContain(
      'SignedHeaders=content-length;content-type;host;x-amz-content-sha256;x-amz-date,',
    );
    expect(signatureOf(signed)).toBe('d3875051da38690788ef43de4db0d8f280229d82040bfac253562e56c3f20e0b');
  });

  it.each([
    [
      'get-vanilla-query-order-key-case',
      'https://example.amazonaws.com/?Param2=value2&Param1=value1',
      '86012e2c9ad4d77369f5d81c11f75158aae4f895a085212cc6d3f923d300bed5',
    ],
    [
      'get-vanilla-query-unreserved',
      'https://example.amazonaws.com/?-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz=' +
        '-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
      '8e76a88a7433637b12778d5592799b29ad21ecd6cf6325051c21d86f0acda2bf',
    ],
  ] as const)('signing test suite %s (presigned query)', (_name, url, signature) => {
    const presigned = new URL(presignUrl({ ...suite, url, expiresSeconds: 3600 }));
    expect(presigned.searchParams.get('X-Amz-SignedHeaders')).toBe('host');
    expect(presigned.searchParams.get('X-Amz-Credential')).toBe('AKIDEXAMPLE/20150830/us-east-1/service/aws4_request');
    expect(presigned.searchParams.get('X-Amz-Signature')).toBe(signature);
  });
});

describe('canonical request parts', () => {
  it('encodes with RFC 3986: unreserved characters stay, everything else is %XX in upper case', () => {
    expect(uriEncode("AZaz09-._~ !'()*/+=&%ü")).toBe('AZaz09-._~%20%21%27%28%29%2A%2F%2B%3D%26%25%C3%BC');
  });

  it('normalises the wire path and encodes each segment again', () => {
    expect(canonicalPath('/')).toBe('/');
    expect(canonicalPath('')).toBe('/');
    expect(canonicalPath('/a%20b/%C3%BC/')).toBe('/a%2520b/%25C3%25BC/');
    expect(canonicalPath('//a//./b/../c')).toBe('/a/c');
    expect(canonicalPath('/a:b@c')).toBe('/a%3Ab%40c');
  });

  it('reads the query as RFC 3986 does: + is a plus, a key without = has an empty value', () => {
    expect(queryPairs('?a+b=c%2Bd&flag&&x=&%E1%88%B4=%20')).toEqual([
      ['a+b', 'c+d'],
      ['flag', ''],
      ['x', ''],
      ['ሴ', ' '],
    ]);
    expect(() => queryPairs('?ok=1&bad=%zz')).toThrow('Query parameter 2 of the URL is not valid percent-encoding.');
  });

  it('sorts the query by encoded key, then value, and leaves out X-Amz-Signature', () => {
    expect(
      canonicalQuery([
        ['b', '2'],
        ['a', 'z'],
        ['a', ' '],
        ['B', '1'],
        ['X-Amz-Signature', 'abc'],
      ]),
    ).toBe('B=1&a=%20&a=z&b=2');
  });

  it('lower-cases and trims names, collapses whitespace in values, joins duplicates, skips hop-by-hop headers', () => {
    expect([
      ...canonicalHeaders({
        ' X-B ': ' one  two\t three ',
        'x-a': 'first',
        'X-A': 'second',
        Connection: 'keep-alive',
        'Proxy-Authorization': 'Basic abc',
        'User-Agent': 'ua',
      }),
    ]).toEqual([
      ['x-a', 'first,second'],
      ['x-b', 'one two three'],
    ]);
  });
});

describe('refusals', () => {
  const request = { method: 'GET', url: 'https://sts.us-east-1.amazonaws.com/', service: 'sts', region: 'us-east-1' };

  it('refuses credentials without a key id or secret, without quoting them', () => {
    expect(() => signRequest({ ...request, credentials: { accessKeyId: '', secretAccessKey: 's3cr3t' } })).toThrow(
      'Cannot sign the request: the credentials have no access key id.',
    );
    expect(() => signRequest({ ...request, credentials: { accessKeyId: 'AKID', secretAccessKey: '' } })).toThrow(
      'Cannot sign the request: the credentials have no secret access key.',
    );
  });

  it('refuses a non-http URL, a bad service or region, a bad time', () => {
    expect(() => signRequest({ ...request, url: 'ftp://example.com/', credentials: KEYS })).toThrow(
      'Cannot sign a ftp: URL',
    );
    expect(() => signRequest({ ...request, region: 'US East', credentials: KEYS })).toThrow(
      'region "US East" is not a signing region name',
    );
    expect(() => signRequest({ ...request, credentials: KEYS, now: new Date('nope') })).toThrow(
      'The signing time is not a valid date.',
    );
  });

  it('refuses an expiry outside 1 s to 7 days, and a URL that is already presigned', () => {
    for (const expiresSeconds of [0, 1.5, 604801]) {
      expect(() => presignUrl({ ...request, credentials: KEYS, expiresSeconds })).toThrow(
        'must be a whole number of seconds from 1 to 604800',
      );
    }
    expect(() =>
      presignUrl({ ...request, url: `${request.url}?X-Amz-Signature=abc`, credentials: KEYS, expiresSeconds: 60 }),
    ).toThrow('already presigned');
  });

  it('ignores caller values for the headers it generates', () => {
    const signed = signRequest({
      ...request,
      credentials: KEYS,
      now: NOW,
      headers: { Authorization: 'Bearer x', 'X-Amz-Date': '19990101T000000Z', 'x-amz-security-token': 'stale' },
    });
    expect(signed['x-amz-date']).toBe('20260304T050607Z');
    expect(signed['x-amz-security-token']).toBeUndefined();
    expect(signed.authorization).toContain('SignedHeaders=host;x-amz-date,');
  });
});
