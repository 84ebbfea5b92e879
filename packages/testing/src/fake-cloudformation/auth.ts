/**
 * Signature Version 4 checks on every request, recomputed with the repository's signer (packages/aws sigv4.ts)
 * from the headers the client says it signed: an unknown access key is InvalidClientTokenId, a wrong signature
 * SignatureDoesNotMatch, as AWS answers (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/CommonErrors.html).
 * The credential scope gives the request's region.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { signRequest } from '@aws-delivery/aws/signing';
import { CloudFormationError } from './query.js';

export interface FakeCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function parseAmzDate(value: string | undefined): Date {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value ?? '');
  if (!match)
    throw new CloudFormationError(
      'IncompleteSignature',
      "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
      400,
    );
  const [, y, mo, d, h, mi, s] = match;
  return new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)));
}

/** Checks the request's signature; returns the access key and the region of its credential scope. */
export function checkSignature(
  request: { method: string; url: URL; headers: IncomingHttpHeaders; body: string },
  known: ReadonlyMap<string, string>,
): { accessKeyId: string; region: string } {
  const authorization = header(request.headers, 'authorization');
  if (!authorization) {
    throw new CloudFormationError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403);
  }
  const match = AUTHORIZATION.exec(authorization);
  if (!match)
    throw new CloudFormationError(
      'IncompleteSignature',
      `Authorization header is not a SigV4 header: ${authorization.split(' ')[0]}`,
      400,
    );
  const [, accessKeyId = '', , region = '', service, signedHeaders = ''] = match;
  const secretAccessKey = known.get(accessKeyId);
  if (secretAccessKey === undefined) {
    throw new CloudFormationError(
      'InvalidClientTokenId',
      'The security token included in the request is invalid.',
      403,
    );
  }
  if (service !== 'cloudformation') {
    throw new CloudFormationError(
      'SignatureDoesNotMatch',
      `Credential should be scoped to correct service: 'cloudformation'.`,
      403,
    );
  }
  const headers: Record<string, string> = {};
  for (const name of signedHeaders.split(';')) {
    if (name === 'x-amz-date' || name === 'x-amz-security-token') continue;
    const value = header(request.headers, name);
    if (value !== undefined) headers[name] = value;
  }
  const sessionToken = header(request.headers, 'x-amz-security-token');
  const expected = signRequest({
    method: request.method,
    url: request.url,
    headers,
    body: request.body,
    service: 'cloudformation',
    region,
    credentials: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) },
    now: parseAmzDate(header(request.headers, 'x-amz-date')),
  }).authorization;
  const given = Buffer.from(authorization.replace(/, ?/g, ', '));
  const wanted = Buffer.from(expected ?? '');
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
    throw new CloudFormationError(
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.',
      403,
    );
  }
  return { accessKeyId, region };
}
