/**
 * A small sender for AWS APIs that have no SDK client in this repository (FIS's REST-JSON, CloudWatch's Query
 * protocol): each attempt is signed by the caller's `sign` (SigV4 with `signRequest` from the `signing` entry, and
 * the caller's credentials) and sent with http-send.ts on the same settings and
 * routes as every other client (region and endpoint checks, proxy with NO_PROXY, CA bundle, connect and request
 * timeouts, transport errors explained, retries on throttling, 5xx and network errors only). Non-2xx answers become
 * an `AwsServiceError` whose `name` is AWS's error code, as the SDK's errors are, so explainAwsError and the retry
 * policy read them. The protocol (paths, bodies, answers) is the caller's.
 */
import type { RetryErrorType, SdkError } from '@smithy/types';
import { serviceHost } from '../names/service-hosts.js';
import { parseXml, textAt, find } from '../sts/xml-fields.js';
import { sendOnce } from './http-send.js';
import { classifyError, stampAttempts, type ErrorClass } from './retry.js';
import { TransportRoutes } from './routes.js';
import { resolveTransportSettings, type AwsClientOptions } from './settings.js';

export interface SignedRequest {
  /** `fis:GetExperiment`: named in retry lines and errors. */
  operation: string;
  method: string;
  /** The operation's path after the endpoint's own path, e.g. `/experiments/EXP123` (already URI-encoded). */
  path: string;
  query?: Record<string, string | undefined>;
  headers?: Record<string, string>;
  body?: string;
}

export interface SignedAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  requestId?: string;
}

/** An error answer from the service: `name` is its error code (ResourceNotFoundException, Throttling, …). */
export class AwsServiceError extends Error {
  override readonly name: string;
  readonly $fault: 'client' | 'server';
  readonly $metadata: { httpStatusCode: number; requestId?: string; attempts?: number; totalRetryDelay?: number };

  constructor(fields: { code: string; message: string; status: number; requestId?: string }) {
    super(fields.message);
    this.name = fields.code;
    this.$fault = fields.status >= 500 ? 'server' : 'client';
    this.$metadata = { httpStatusCode: fields.status, ...(fields.requestId ? { requestId: fields.requestId } : {}) };
  }
}

export interface SignedSender {
  readonly service: string;
  readonly region: string;
  /** The custom endpoint, or the service's regional endpoint in the region's partition. */
  readonly endpoint: string;
  /** One call: attempts until a 2xx answer, a fatal error or the last attempt; stops retrying once `signal` aborts. */
  send(request: SignedRequest, signal?: AbortSignal): Promise<SignedAnswer>;
  /** Closes kept-alive connections. */
  destroy(): void;
}

/** What is signed: the request exactly as it is sent. */
export interface RequestToSign {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: string;
  service: string;
  region: string;
}

export interface SignedSenderOptions extends Omit<AwsClientOptions, 'credentials'> {
  /** The signing name and host prefix: `fis`, `monitoring`. */
  service: string;
  /** The signature headers for one attempt (called again for each retry, so the date stays fresh). */
  sign(request: RequestToSign): Promise<Record<string, string>>;
}

/** Answers are small JSON or XML documents; anything this large is not the service's. */
const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;
const USER_AGENT = 'aws-delivery-actions signed-sender';
const ERROR_TYPES: Record<ErrorClass, RetryErrorType> = {
  throttling: 'THROTTLING',
  server: 'SERVER_ERROR',
  network: 'TRANSIENT',
  fatal: 'CLIENT_ERROR',
};

function header(headers: SignedAnswer['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function glimpse(body: string): string {
  const line = body.replace(/\s+/g, ' ').trim();
  return line.length > 120 ? `${line.slice(0, 120)}…` : line;
}

/** The error code and message of a non-2xx answer: REST-JSON (`x-amzn-ErrorType`, `__type`) or Query XML (`<Code>`). */
export function serviceErrorOf(service: string, answer: SignedAnswer): AwsServiceError {
  const { status, body } = answer;
  let code = header(answer.headers, 'x-amzn-errortype')?.split(':')[0]?.trim();
  let message: string | undefined;
  const text = body.trim();
  if (text.startsWith('{')) {
    try {
      const json = JSON.parse(text) as Record<string, unknown>;
      const type = typeof json.__type === 'string' ? json.__type : typeof json.code === 'string' ? json.code : '';
      code ||= type.split('#').pop()?.split(':')[0];
      const said = json.message ?? json.Message;
      if (typeof said === 'string') message = said;
    } catch {
      // Not JSON after all: described below.
    }
  } else if (text.startsWith('<')) {
    try {
      const root = parseXml(text);
      const error = root.name === 'ErrorResponse' ? find(root, 'Error') : root.name === 'Error' ? root : undefined;
      code ||= textAt(error, 'Code')?.trim();
      message = textAt(error, 'Message') ?? message;
    } catch {
      // Not XML after all: described below.
    }
  }
  return new AwsServiceError({
    code: code || 'Unknown',
    message:
      message ?? `${service} answered HTTP ${status} without an error document${text ? `: ${glimpse(text)}` : ''}`,
    status,
    ...(answer.requestId ? { requestId: answer.requestId } : {}),
  });
}

/** Builds a sender on the shared transport; takes the same options as awsClientConfig, plus the service. */
export function createSignedSender(options: SignedSenderOptions): SignedSender {
  const settings = resolveTransportSettings(options);
  const routes = new TransportRoutes(settings);
  const endpoint = settings.endpoint ?? `https://${serviceHost(options.service, settings.region)}`;
  const base = new URL(endpoint);

  async function attempt(request: SignedRequest): Promise<SignedAnswer> {
    const url = new URL(base);
    url.pathname = `${base.pathname.replace(/\/+$/, '')}${request.path}`;
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.append(key, value);
    }
    const body = request.body ?? '';
    const headers: Record<string, string> = {
      host: url.host,
      'user-agent': USER_AGENT,
      ...(request.headers ?? {}),
      ...(body ? { 'content-length': String(Buffer.byteLength(body)) } : {}),
    };
    Object.assign(
      headers,
      await options.sign({
        method: request.method,
        url,
        headers: { ...headers },
        body,
        service: options.service,
        region: settings.region,
      }),
    );
    const answer = await sendOnce({ method: request.method, url, headers, ...(body ? { body } : {}) }, routes, {
      maxResponseBytes: MAX_RESPONSE_BYTES,
    });
    const requestId = header(answer.headers, 'x-amzn-requestid');
    const result: SignedAnswer = {
      status: answer.statusCode,
      headers: answer.headers,
      body: answer.body.toString('utf8'),
      ...(requestId ? { requestId } : {}),
    };
    if (result.status < 200 || result.status > 299) throw serviceErrorOf(options.service, result);
    return result;
  }

  async function send(request: SignedRequest, signal?: AbortSignal): Promise<SignedAnswer> {
    const strategy = settings.retryStrategy;
    let token = await strategy.acquireInitialRetryToken(request.operation);
    let attempts = 0;
    let waited = 0;
    for (;;) {
      attempts += 1;
      try {
        const answer = await attempt(request);
        strategy.recordSuccess(token);
        return answer;
      } catch (error) {
        stampAttempts(error, attempts, waited);
        if (signal?.aborted) throw error;
        const started = Date.now();
        // Throws the error itself when it is not retried (fatal, or the last attempt).
        token = await strategy.refreshRetryTokenForRetry(token, {
          errorType: ERROR_TYPES[classifyError(error)],
          error: error as SdkError,
        });
        waited += Date.now() - started;
      }
    }
  }

  return {
    service: options.service,
    region: settings.region,
    endpoint,
    send,
    destroy: () => routes.destroy(),
  };
}
