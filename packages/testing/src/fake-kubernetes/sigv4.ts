/**
 * AWS Signature Version 4 for presigned GET URLs, the form an EKS token carries: enough to make a token in tests
 * and to check one's signature against known test credentials, as STS would when the authenticator forwards it.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

const ALGORITHM = 'AWS4-HMAC-SHA256';
const EMPTY_BODY_SHA256 = createHash('sha256').update('').digest('hex');

function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

export function amzDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function canonicalQuery(params: [string, string][]): string {
  return params
    .map(([k, v]) => [rfc3986(k), rfc3986(v)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

export interface SigningInput {
  host: string;
  region: string;
  service: string;
  secretAccessKey: string;
  /** Query parameters without X-Amz-Signature. */
  query: [string, string][];
  /** Signed headers other than host, lower-case names. */
  headers: Record<string, string>;
  date: string;
}

export function signature(input: SigningInput): string {
  const headers: Record<string, string> = { host: input.host, ...input.headers };
  const names = Object.keys(headers)
    .map((n) => n.toLowerCase())
    .sort();
  const canonicalHeaders = names.map((n) => `${n}:${(headers[n] ?? '').trim()}\n`).join('');
  const canonicalRequest = [
    'GET',
    '/',
    canonicalQuery(input.query),
    canonicalHeaders,
    names.join(';'),
    EMPTY_BODY_SHA256,
  ].join('\n');
  const day = input.date.slice(0, 8);
  const scope = `${day}/${input.region}/${input.service}/aws4_request`;
  const stringToSign = [ALGORITHM, input.date, scope, createHash('sha256').update(canonicalRequest).digest('hex')].join(
    '\n',
  );
  let key = hmac(`AWS4${input.secretAccessKey}`, day);
  key = hmac(key, input.region);
  key = hmac(key, input.service);
  key = hmac(key, 'aws4_request');
  return hmac(key, stringToSign).toString('hex');
}

export function signaturesEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export interface TestEksTokenInput {
  /** The STS host the token is presigned for, e.g. the regional host from @aws-delivery/aws stsHost(region). */
  stsHost: string;
  /** The signing region (us-east-1 for the global host). */
  region: string;
  clusterName: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  date?: Date;
  expiresSeconds?: number;
}

/**
 * A token shaped as aws-iam-authenticator and `aws eks get-token` make it: `k8s-aws-v1.` + unpadded base64url of a
 * presigned STS GetCallerIdentity URL whose signed headers include x-k8s-aws-id. For tests of the fake and as a
 * reference token; the action makes its own.
 */
export function makeTestEksToken(input: TestEksTokenInput): string {
  const date = amzDate(input.date ?? new Date());
  const query: [string, string][] = [
    ['Action', 'GetCallerIdentity'],
    ['Version', '2011-06-15'],
    ['X-Amz-Algorithm', ALGORITHM],
    ['X-Amz-Credential', `${input.accessKeyId}/${date.slice(0, 8)}/${input.region}/sts/aws4_request`],
    ['X-Amz-Date', date],
    ['X-Amz-Expires', String(input.expiresSeconds ?? 60)],
    ['X-Amz-SignedHeaders', 'host;x-k8s-aws-id'],
  ];
  if (input.sessionToken) query.push(['X-Amz-Security-Token', input.sessionToken]);
  const sig = signature({
    host: input.stsHost,
    region: input.region,
    service: 'sts',
    secretAccessKey: input.secretAccessKey,
    query,
    headers: { 'x-k8s-aws-id': input.clusterName },
    date,
  });
  const url = `https://${input.stsHost}/?${canonicalQuery([...query, ['X-Amz-Signature', sig]])}`;
  return `k8s-aws-v1.${Buffer.from(url, 'utf8').toString('base64url')}`;
}
