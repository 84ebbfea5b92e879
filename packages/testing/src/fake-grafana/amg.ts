/**
 * A fake Amazon Managed Grafana control plane for one workspace: CreateWorkspaceServiceAccountToken and
 * DeleteWorkspaceServiceAccountToken, each checked as AWS checks a SigV4-signed request (service `grafana`): the
 * signature is recomputed with @aws-delivery/aws's signer from the signed headers and the body, and compared.
 * Tokens it creates are issued by the paired fake Grafana, which then accepts them
 * (https://docs.aws.amazon.com/grafana/latest/APIReference/API_CreateWorkspaceServiceAccountToken.html,
 * https://docs.aws.amazon.com/grafana/latest/APIReference/API_DeleteWorkspaceServiceAccountToken.html,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import { signRequest } from '@aws-delivery/aws/signing';
import type { SigningCredentials } from '@aws-delivery/aws/signing';
import { readBody, sendJson } from './http.js';
import type { FakeGrafana } from './index.js';

export interface FakeAmgOptions {
  grafana: FakeGrafana;
  /** `g-` and ten hex digits, as AMG names workspaces. */
  workspaceId: string;
  region: string;
  /** The AWS credentials whose signatures are accepted. */
  credentials: SigningCredentials[];
  /** How far the request time may be from the server's clock (AWS: 5 minutes). */
  maxSkewMs?: number;
  now?: () => Date;
}

export interface AmgRequestRecord {
  method: string;
  path: string;
  status: number;
  errorType?: string;
  accessKeyId?: string;
}

export interface FakeAmg {
  /** http://127.0.0.1:PORT, to use as the AMG endpoint. */
  url: string;
  requests: AmgRequestRecord[];
  stop(): Promise<void>;
}

const MAX_SECONDS_TO_LIVE = 30 * 24 * 3600;

class AwsError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

interface Authorization {
  accessKeyId: string;
  day: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

function parseAuthorization(header: string | undefined): Authorization {
  if (!header) throw new AwsError(403, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
  const found =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(
      header.trim(),
    );
  if (!found)
    throw new AwsError(
      400,
      'IncompleteSignatureException',
      'Authorization header requires Credential, SignedHeaders and Signature parameters.',
    );
  const [, accessKeyId = '', day = '', region = '', service = '', signed = '', signature = ''] = found;
  return { accessKeyId, day, region, service, signedHeaders: signed.split(';'), signature };
}

function parseAmzDate(value: string | undefined): Date {
  const found = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value ?? '');
  if (!found)
    throw new AwsError(400, 'IncompleteSignatureException', 'The request must contain a valid X-Amz-Date header.');
  const [, y, mo, d, h, mi, s] = found.map(Number) as number[];
  return new Date(Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0, s ?? 0));
}

function headerValue(req: IncomingMessage, name: string): string {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(',') : (value ?? '');
}

function verify(options: FakeAmgOptions, req: IncomingMessage, body: string): SigningCredentials {
  const auth = parseAuthorization(req.headers.authorization);
  const credentials = options.credentials.find((c) => c.accessKeyId === auth.accessKeyId);
  if (!credentials)
    throw new AwsError(403, 'UnrecognizedClientException', 'The security token included in the request is invalid.');
  if (auth.service !== 'grafana')
    throw new AwsError(403, 'InvalidSignatureException', "Credential should be scoped to correct service: 'grafana'.");
  if (auth.region !== options.region)
    throw new AwsError(
      403,
      'InvalidSignatureException',
      `Credential should be scoped to a valid region, not '${auth.region}'.`,
    );
  if (!auth.signedHeaders.includes('host') || !auth.signedHeaders.includes('x-amz-date')) {
    throw new AwsError(403, 'InvalidSignatureException', 'The host and x-amz-date headers must be signed.');
  }
  const date = parseAmzDate(headerValue(req, 'x-amz-date'));
  if (headerValue(req, 'x-amz-date').slice(0, 8) !== auth.day)
    throw new AwsError(
      403,
      'InvalidSignatureException',
      'Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP.',
    );
  const now = (options.now ?? (() => new Date()))().getTime();
  if (Math.abs(now - date.getTime()) > (options.maxSkewMs ?? 5 * 60_000)) {
    throw new AwsError(
      403,
      'InvalidSignatureException',
      'Signature expired: the request time is too far from the server time.',
    );
  }
  const sentToken = headerValue(req, 'x-amz-security-token');
  if ((credentials.sessionToken ?? '') !== sentToken)
    throw new AwsError(403, 'UnrecognizedClientException', 'The security token included in the request is invalid.');
  const headers: Record<string, string> = {};
  for (const name of auth.signedHeaders)
    if (name !== 'x-amz-date' && name !== 'x-amz-security-token') headers[name] = headerValue(req, name);
  const expected = signRequest({
    method: req.method ?? 'GET',
    url: `http://${headerValue(req, 'host')}${req.url ?? '/'}`,
    headers,
    body,
    service: 'grafana',
    region: options.region,
    credentials,
    now: date,
  }).authorization;
  const signature = /Signature=([0-9a-f]{64})$/.exec(expected ?? '')?.[1] ?? '';
  const same =
    signature.length === auth.signature.length && timingSafeEqual(Buffer.from(signature), Buffer.from(auth.signature));
  if (!same) {
    throw new AwsError(
      403,
      'InvalidSignatureException',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.',
    );
  }
  return credentials;
}

function route(options: FakeAmgOptions, method: string, path: string, body: string): { status: number; body: unknown } {
  const create = /^\/workspaces\/([^/]+)\/serviceaccounts\/([^/]+)\/tokens$/.exec(path);
  const remove = /^\/workspaces\/([^/]+)\/serviceaccounts\/([^/]+)\/tokens\/([^/]+)$/.exec(path);
  const found = create ?? remove;
  if (!found) throw new AwsError(404, 'UnknownOperationException', 'Unknown operation');
  const [, workspaceId = '', serviceAccountId = ''] = found;
  if (!/^g-[0-9a-f]{10}$/.test(workspaceId))
    throw new AwsError(
      400,
      'ValidationException',
      `1 validation error detected: Value '${workspaceId}' at 'workspaceId' failed to satisfy constraint: Member must satisfy regular expression pattern: ^g-[0-9a-f]{10}$`,
    );
  if (workspaceId !== options.workspaceId)
    throw new AwsError(404, 'ResourceNotFoundException', `Workspace ${workspaceId} not found.`);
  const account = options.grafana.store.serviceAccounts.get(Number(serviceAccountId));
  if (!account) throw new AwsError(404, 'ResourceNotFoundException', `Service account ${serviceAccountId} not found.`);
  if (create && method === 'POST') {
    let input: { name?: unknown; secondsToLive?: unknown };
    try {
      input = JSON.parse(body || '{}') as typeof input;
    } catch {
      throw new AwsError(400, 'SerializationException', 'The request body is not valid JSON.');
    }
    const name = typeof input.name === 'string' ? input.name : '';
    const seconds = input.secondsToLive;
    if (name.length < 1 || name.length > 128)
      throw new AwsError(400, 'ValidationException', 'name must be 1 to 128 characters.');
    if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 1 || seconds > MAX_SECONDS_TO_LIVE) {
      throw new AwsError(
        400,
        'ValidationException',
        'secondsToLive must be a whole number from 1 to 2592000 (30 days).',
      );
    }
    if ([...options.grafana.store.tokens.values()].some((t) => t.serviceAccountId === account.id && t.name === name)) {
      throw new AwsError(
        409,
        'ConflictException',
        `A token named ${name} already exists for service account ${serviceAccountId}.`,
      );
    }
    const issued = options.grafana.issueToken(account.id, name, seconds);
    return {
      status: 200,
      body: {
        serviceAccountId: String(account.id),
        serviceAccountToken: { id: String(issued.tokenId), key: issued.key, name },
        workspaceId,
      },
    };
  }
  if (remove && method === 'DELETE') {
    const tokenId = remove[3] ?? '';
    if (!options.grafana.revokeToken(account.id, Number(tokenId)))
      throw new AwsError(404, 'ResourceNotFoundException', `Token ${tokenId} not found.`);
    return { status: 200, body: { serviceAccountId: String(account.id), tokenId, workspaceId } };
  }
  throw new AwsError(405, 'MethodNotAllowedException', `${method} is not allowed here`);
}

export async function startFakeAmg(options: FakeAmgOptions): Promise<FakeAmg> {
  const requests: AmgRequestRecord[] = [];
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://fake.invalid').pathname;
    const method = req.method ?? 'GET';
    readBody(req)
      .then((body) => {
        const credentials = verify(options, req, body);
        const answer = route(options, method, path, body);
        sendJson(res, answer.status, answer.body);
        requests.push({ method, path, status: answer.status, accessKeyId: credentials.accessKeyId });
      })
      .catch((error: unknown) => {
        const aws =
          error instanceof AwsError ? error : new AwsError(500, 'InternalServerException', (error as Error).message);
        sendJson(res, aws.status, { message: aws.message }, { 'x-amzn-ErrorType': aws.type });
        requests.push({ method, path, status: aws.status, errorType: aws.type });
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
