/**
 * Bearer-token authentication. Static tokens (for kubectl in tests) and EKS tokens, checked the way
 * aws-iam-authenticator's token verifier checks them before it forwards the URL to STS:
 *   length <= 4096; prefix `k8s-aws-v1.`; unpadded base64url; https; an STS host of the cluster's partition
 *   (global sts host only in aws); path `/`; no duplicate or non-whitelisted query parameters, one value each;
 *   Action=GetCallerIdentity; x-k8s-aws-id among X-Amz-SignedHeaders; 0 <= X-Amz-Expires <= 900; X-Amz-Date present,
 *   well-formed and less than 15 minutes old.
 * Then what STS itself would reject: Version 2011-06-15, algorithm AWS4-HMAC-SHA256, a credential scope
 * `<key>/<day of X-Amz-Date>/<region>/sts/aws4_request`, a 64-hex signature. With test credentials configured the
 * signature is recomputed with host and x-k8s-aws-id = the cluster name, which is the only way the cluster name is
 * checked at all (the URL does not carry it); without, that step is skipped and the report says so.
 */
import { timingSafeEqual } from 'node:crypto';
import { partitionById } from '@aws-delivery/aws';
import { PARTITIONS, type PartitionId } from '@aws-delivery/aws/names';
import { signature, signaturesEqual } from './sigv4.js';

export interface EksAuthOptions {
  clusterName: string;
  partition?: PartitionId;
  /** Access key id → secret access key that "STS" knows; when given, signatures are verified. */
  credentials?: Record<string, string>;
}

export type AuthOutcome =
  | { ok: true; user: string; method: 'static' | 'eks' | 'anonymous'; signatureChecked?: boolean }
  | { ok: false; reason: string };

const PREFIX = 'k8s-aws-v1.';
const MAX_TOKEN_BYTES = 4096;
const PRESIGNED_URL_LIFETIME_MS = 15 * 60 * 1000;
const WHITELIST = [
  'action',
  'version',
  'x-amz-algorithm',
  'x-amz-credential',
  'x-amz-date',
  'x-amz-expires',
  'x-amz-security-token',
  'x-amz-signature',
  'x-amz-signedheaders',
];

const fail = (reason: string): AuthOutcome => ({ ok: false, reason });

function partitionForRegionName(region: string): (typeof PARTITIONS)[number] {
  // As the AWS SDK's endpoint resolver: a region no partition claims resolves in the aws partition.
  return PARTITIONS.find((p) => p.regions.includes(region) || p.regionPattern.test(region)) ?? partitionById('aws');
}

/** aws-iam-authenticator's verifyHost for a cluster in `partition`. */
export function checkStsHost(host: string, partition: PartitionId): string | undefined {
  const own = partitionById(partition);
  if (host === `sts.${partitionById('aws').dnsSuffix}`) {
    return partition === 'aws' ? undefined : `global endpoint unsupported in partition ${partition}`;
  }
  const labels = host.split('.');
  if (labels.length < 4) return `unexpected hostname ${JSON.stringify(host)} in pre-signed URL`;
  const region = labels[1] ?? '';
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(region)) return `invalid region identifier format provided: ${region}`;
  const regionPartition = partitionForRegionName(region);
  const expected = ['sts', 'sts-fips'].map((service) => `${service}.${region}.${regionPartition.dnsSuffix}`);
  if (!expected.includes(host)) return `unexpected hostname ${JSON.stringify(host)} in pre-signed URL`;
  if (labels.slice(2).join('.') !== own.dnsSuffix) return `partition {${partition}} does not support hostname ${host}`;
  return undefined;
}

function decodeBase64Url(text: string): string | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return undefined;
  return Buffer.from(text, 'base64url').toString('utf8');
}

function parseAmzDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const date = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export function verifyEksToken(token: string, options: EksAuthOptions, now: Date): AuthOutcome {
  if (token.length > MAX_TOKEN_BYTES) return fail('token is too large');
  if (!token.startsWith(PREFIX)) return fail(`token is missing expected "${PREFIX}" prefix`);
  const decoded = decodeBase64Url(token.slice(PREFIX.length));
  if (decoded === undefined) return fail('illegal base64 data (the token must be unpadded base64url)');
  let url: URL;
  try {
    url = new URL(decoded);
  } catch {
    return fail('the token does not decode to a URL');
  }
  if (url.protocol !== 'https:')
    return fail(`unexpected scheme ${JSON.stringify(url.protocol.replace(/:$/, ''))} in pre-signed URL`);
  const hostProblem = checkStsHost(url.host, options.partition ?? 'aws');
  if (hostProblem) return fail(hostProblem);
  if (url.pathname !== '/') return fail('unexpected path in pre-signed URL');

  const params = new Map<string, string>();
  const original: [string, string][] = [];
  for (const [key, value] of url.searchParams) {
    const lower = key.toLowerCase();
    if (params.has(lower)) return fail(`duplicate query parameter found: ${JSON.stringify(key)}`);
    if (!WHITELIST.includes(lower)) return fail(`non-whitelisted query parameter ${JSON.stringify(key)}`);
    params.set(lower, value);
    original.push([key, value]);
  }
  if (params.get('action') !== 'GetCallerIdentity') return fail('unexpected action parameter in pre-signed URL');
  const signedHeaders = (params.get('x-amz-signedheaders') ?? '').split(';').map((h) => h.toLowerCase());
  if (!signedHeaders.includes('x-k8s-aws-id'))
    return fail('client did not sign the x-k8s-aws-id header in the pre-signed URL');
  const expiresText = params.get('x-amz-expires') ?? '';
  const expires = /^-?\d+$/.test(expiresText) ? Number(expiresText) : NaN;
  if (!Number.isInteger(expires) || expires < 0 || expires > 900) {
    return fail(`invalid X-Amz-Expires parameter in pre-signed URL: ${expiresText}`);
  }
  const dateText = params.get('x-amz-date');
  if (!dateText) return fail('X-Amz-Date parameter must be present in pre-signed URL');
  const date = parseAmzDate(dateText);
  if (!date) return fail(`error parsing X-Amz-Date parameter ${dateText}`);
  if (now.getTime() > date.getTime() + PRESIGNED_URL_LIFETIME_MS) {
    return fail(`X-Amz-Date parameter is expired (15 minute expiration) ${date.toISOString()}`);
  }

  // What STS checks once the authenticator forwards the URL.
  if (params.get('version') !== '2011-06-15') return fail('STS: Version must be 2011-06-15');
  if (params.get('x-amz-algorithm') !== 'AWS4-HMAC-SHA256')
    return fail('STS: X-Amz-Algorithm must be AWS4-HMAC-SHA256');
  const scope = (params.get('x-amz-credential') ?? '').split('/');
  const [accessKeyId, day, region, service, terminator] = scope;
  if (
    scope.length !== 5 ||
    !accessKeyId ||
    day !== dateText.slice(0, 8) ||
    !region ||
    service !== 'sts' ||
    terminator !== 'aws4_request'
  ) {
    return fail('STS: X-Amz-Credential must be <access key id>/<day of X-Amz-Date>/<region>/sts/aws4_request');
  }
  const providedSignature = params.get('x-amz-signature') ?? '';
  if (!/^[0-9a-f]{64}$/.test(providedSignature)) return fail('STS: X-Amz-Signature must be 64 hex digits');

  const credentials = options.credentials ?? {};
  if (Object.keys(credentials).length === 0)
    return { ok: true, user: `eks:${accessKeyId}`, method: 'eks', signatureChecked: false };
  const secret = credentials[accessKeyId];
  if (secret === undefined) return fail(`STS: the access key id ${accessKeyId} is not known`);
  if (signedHeaders.some((h) => h !== 'host' && h !== 'x-k8s-aws-id')) {
    return fail('STS: a signed header other than host and x-k8s-aws-id cannot be reproduced by the authenticator');
  }
  const expected = signature({
    host: url.host,
    region,
    service: 'sts',
    secretAccessKey: secret,
    query: original.filter(([k]) => k.toLowerCase() !== 'x-amz-signature'),
    headers: { 'x-k8s-aws-id': options.clusterName },
    date: dateText,
  });
  if (!signaturesEqual(expected, providedSignature)) {
    return fail(`STS: SignatureDoesNotMatch (wrong secret, or x-k8s-aws-id was not "${options.clusterName}")`);
  }
  return { ok: true, user: `eks:${accessKeyId}`, method: 'eks', signatureChecked: true };
}

const PUBLIC_PATHS = ['/version', '/healthz', '/livez', '/readyz'];

export class Authenticator {
  constructor(
    private readonly staticTokens: string[],
    private readonly eks: EksAuthOptions | undefined,
    private readonly clock: () => Date,
  ) {}

  trustAwsCredentials(accessKeyId: string, secretAccessKey: string): void {
    if (!this.eks) throw new Error('startFakeKubernetes: pass the eks option to accept EKS tokens');
    this.eks.credentials = { ...(this.eks.credentials ?? {}), [accessKeyId]: secretAccessKey };
  }

  authenticate(authorization: string | undefined): AuthOutcome {
    if (!authorization) return { ok: true, user: 'system:anonymous', method: 'anonymous' };
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!m?.[1]) return fail('the Authorization header is not "Bearer <token>"');
    const token = m[1];
    for (const known of this.staticTokens) {
      const a = Buffer.from(known);
      const b = Buffer.from(token);
      if (a.length === b.length && timingSafeEqual(a, b)) return { ok: true, user: 'fake-admin', method: 'static' };
    }
    if (token.startsWith(PREFIX) && this.eks) return verifyEksToken(token, this.eks, this.clock());
    if (token.startsWith(PREFIX))
      return fail('EKS tokens are not accepted: the fake was started without the eks option');
    return verifyEksToken(token, this.eks ?? { clusterName: '' }, this.clock());
  }

  /** Anonymous users may read only what system:public-info-viewer grants. */
  static anonymousMayAccess(path: string): boolean {
    return PUBLIC_PATHS.includes(path);
  }
}
