/**
 * SigV4 checks as an AWS front end makes them for FIS, by recomputing the signature with @aws-delivery/aws's
 * signer (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-troubleshooting.html):
 * - no Authorization header: 403 MissingAuthenticationTokenException;
 * - an access key the fake does not know: 403 UnrecognizedClientException;
 * - a malformed header, a scope for another service or region, a time more than 5 minutes off, or a signature
 *   that differs from the recomputed one: 403 InvalidSignatureException.
 */
import { timingSafeEqual } from 'node:crypto';
import { signRequest } from '@aws-delivery/aws/signing';
import type { SigningCredentials } from '@aws-delivery/aws/signing';
import { fisErrors } from './errors.js';

export interface SignedRequest {
  method: string;
  /** The request target as sent (path and query, still percent-encoded). */
  target: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface AuthResult {
  accessKeyId: string;
}

const AUTH =
  /^AWS4-HMAC-SHA256 Credential=([^/\s]+)\/(\d{8})\/([^/\s]+)\/([^/\s]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;
const MAX_SKEW_MS = 5 * 60 * 1000;

function header(headers: SignedRequest['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function parseAmzDate(text: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match;
  return new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}Z`);
}

function equal(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export function verifySignature(
  request: SignedRequest,
  service: { name: string; region: string; credentials: readonly SigningCredentials[]; now?: Date },
): AuthResult {
  const authorization = header(request.headers, 'authorization');
  if (!authorization) throw fisErrors.missingToken();
  const match = AUTH.exec(authorization.trim());
  if (!match) {
    throw fisErrors.invalidSignature(
      `Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters in the ` +
        `AWS4-HMAC-SHA256 form. Authorization=${authorization.split(' ')[0] ?? ''}`,
    );
  }
  const [, accessKeyId = '', day = '', region = '', scopeService = '', signedHeaders = '', signature = ''] = match;
  const known = service.credentials.find((c) => c.accessKeyId === accessKeyId);
  if (!known) throw fisErrors.unrecognizedClient();
  if (scopeService !== service.name) {
    throw fisErrors.invalidSignature(`Credential should be scoped to correct service: '${service.name}'. `);
  }
  if (region !== service.region) {
    throw fisErrors.invalidSignature(`Credential should be scoped to a valid region. `);
  }
  const amzDate = header(request.headers, 'x-amz-date') ?? '';
  const signedAt = parseAmzDate(amzDate);
  if (!signedAt || amzDate.slice(0, 8) !== day) {
    throw fisErrors.invalidSignature(
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${day}' != '${amzDate.slice(0, 8)}'`,
    );
  }
  const now = service.now ?? new Date();
  if (Math.abs(now.getTime() - signedAt.getTime()) > MAX_SKEW_MS) {
    throw fisErrors.invalidSignature(`Signature expired: ${amzDate} is now earlier or later than 5 minutes from now.`);
  }
  const names = signedHeaders.split(';');
  if (!names.includes('host') || !names.includes('x-amz-date')) {
    throw fisErrors.invalidSignature(`'Host' and 'X-Amz-Date' must be signed headers.`);
  }
  const given: Record<string, string> = {};
  for (const name of names) {
    if (name === 'x-amz-date' || name === 'x-amz-security-token') continue;
    const value = header(request.headers, name);
    if (value === undefined) throw fisErrors.invalidSignature(`Signed header ${name} is not in the request.`);
    given[name] = value;
  }
  const sessionToken = header(request.headers, 'x-amz-security-token');
  if (known.sessionToken !== undefined && sessionToken !== known.sessionToken) throw fisErrors.unrecognizedClient();
  const host = given.host ?? 'localhost';
  const recomputed = signRequest({
    service: service.name,
    region,
    credentials: { ...known, ...(sessionToken ? { sessionToken } : {}) },
    now: signedAt,
    method: request.method,
    url: `http://${host}${request.target}`,
    headers: given,
    body: request.body,
  });
  const expected = /Signature=([0-9a-f]{64})$/.exec(recomputed.authorization ?? '')?.[1] ?? '';
  const expectedHeaders = /SignedHeaders=([^,]+),/.exec(recomputed.authorization ?? '')?.[1] ?? '';
  if (expectedHeaders !== signedHeaders || !equal(expected, signature)) throw fisErrors.invalidSignature();
  return { accessKeyId };
}
