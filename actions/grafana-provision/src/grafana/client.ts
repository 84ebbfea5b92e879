/**
 * Grafana's HTTP API on the repository's transport (proxy, NO_PROXY, CA bundle, per-request timeout, retries only
 * on 429, 5xx and network errors): JSON in, JSON out, one Authorization header. Any other answer that is not 2xx is
 * a GrafanaHttpError carrying the status and Grafana's own message (flattened to one line).
 *
 * POST and PATCH are not idempotent by default (RFC 9110 §9.2.2): after a 5xx, a reset or a timeout they are not
 * sent again, since the first may have been processed (a second annotation, a second token). A caller marks a write
 * `idempotent` when a repeat cannot act twice: a create keyed by uid (a repeat is refused as a conflict), a save
 * carrying the version it replaces.
 */
import { ActionError } from '@aws-delivery/action-kit';
import { neverSent, type HttpClient } from '@aws-delivery/aws';
import type { Json } from '../canonical-json.js';
import { oneLine } from '../plan-report.js';

export class GrafanaHttpError extends ActionError {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly grafanaMessage: string,
    hint: string,
    /** Attempts made, this answer's included: more than one means an earlier one failed and may have been processed. */
    readonly attempts = 1,
    retries = '',
  ) {
    super(
      `Grafana answered ${status} to ${method} ${path}${retries}${grafanaMessage ? `: ${grafanaMessage}` : ''}.`,
      hint,
    );
  }
}

/** ` after 4 attempts (1.2 s spent waiting between them)`, for a request that was retried; empty otherwise. */
function retryAccount(attempts: number | undefined, totalRetryDelay: number | undefined): string {
  if (attempts === undefined || attempts < 2) return '';
  return ` after ${attempts} attempts (${((totalRetryDelay ?? 0) / 1000).toFixed(1)} s spent waiting between them)`;
}

/** What to do when Grafana kept answering 429 or 5xx through every retry. */
const RETRIED_HINTS = {
  throttling: 'Grafana kept refusing with 429 (rate limited): lower the concurrency input, or re-run the step later.',
  server:
    'Grafana kept failing with server errors: check its health and logs (and any proxy in front of it), then re-run the step.',
};

const NETWORK_HINT =
  'Check the path to Grafana: grafana-url, the http-proxy input or HTTPS_PROXY if the network needs a proxy, and ' +
  'that the server answers within request-timeout-seconds.';

/** A request that got no usable answer through every retry: names the request and what the retries did. */
function unanswered(method: string, path: string, error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const { attempts, totalRetryDelay } =
    (error as { $metadata?: { attempts?: number; totalRetryDelay?: number } }).$metadata ?? {};
  return new ActionError(
    `Grafana ${method} ${path.split('?')[0] ?? path} failed${retryAccount(attempts, totalRetryDelay)}: ${oneLine(error.message)}`,
    error instanceof ActionError && error.hint ? error.hint : NETWORK_HINT,
    { cause: error },
  );
}

const HINTS: Record<number, string> = {
  401: 'The token or password was refused: check that it is current (service account tokens expire) and for this Grafana.',
  403: 'The service account lacks a permission: provisioning folders, data sources and alerting needs the Admin role (or the matching fine-grained permissions).',
  404: 'Grafana has no such resource or endpoint: check grafana-url (including a sub-path such as /grafana).',
};

export interface RequestOptions {
  headers?: Record<string, string>;
  /** Safe to send again after a lost answer; default: true for GET, HEAD, PUT and DELETE, false for POST and PATCH. */
  idempotent?: boolean;
}

/** For writes that cannot act twice: creates keyed by uid or name, saves carrying the version they replace. */
export const KEYED_WRITE: RequestOptions = { idempotent: true };

export interface GrafanaClient {
  readonly url: string;
  request<T = Json>(method: string, path: string, body?: unknown, options?: RequestOptions): Promise<T>;
  get<T = Json>(path: string): Promise<T>;
  /** How many requests were made that can change state (all but GET). */
  readonly writes: number;
}

const NOT_IDEMPOTENT = new Set(['POST', 'PATCH']);

const MAYBE_DONE =
  'It was not sent again: Grafana may have carried it out before failing, and a repeat would do it twice. Check in Grafana before running the step again.';

/** A non-idempotent request that got no answer after it was sent: it may have been carried out. */
function lost(method: string, path: string, error: unknown): unknown {
  if (!(error instanceof Error) || neverSent(error)) return error;
  return new ActionError(
    `${method} ${path.split('?')[0] ?? path} to Grafana got no answer (${oneLine(error.message)}).`,
    MAYBE_DONE,
    { cause: error },
  );
}

function messageOf(text: string): string {
  try {
    const parsed = JSON.parse(text) as { message?: unknown; status?: unknown };
    if (typeof parsed.message === 'string') return oneLine(parsed.message).slice(0, 300);
  } catch {
    // not JSON: the text itself
  }
  return oneLine(text).slice(0, 300);
}

function hintFor(status: number, idempotent: boolean, attempts: number): string {
  if (!idempotent && status >= 500) return MAYBE_DONE;
  if (attempts > 1) return status === 429 ? RETRIED_HINTS.throttling : RETRIED_HINTS.server;
  return HINTS[status] ?? "See Grafana's message above.";
}

/** `Authorization` for a token or for basic auth. */
export function authorization(auth: { token: string } | { username: string; password: string }): string {
  return 'token' in auth
    ? `Bearer ${auth.token}`
    : `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
}

export function createGrafanaClient(
  url: string,
  authorizationHeader: string,
  http: HttpClient,
  signal?: AbortSignal,
): GrafanaClient {
  const base = new URL(url);
  let writes = 0;
  async function request<T>(method: string, path: string, body?: unknown, options: RequestOptions = {}) {
    const target = new URL(`${base.pathname.replace(/\/+$/, '')}${path}`, base);
    const text = body === undefined ? undefined : JSON.stringify(body);
    const idempotent = options.idempotent ?? !NOT_IDEMPOTENT.has(method);
    if (method !== 'GET') writes += 1;
    const send = http.send(
      {
        method,
        url: target,
        headers: {
          host: target.host,
          accept: 'application/json',
          authorization: authorizationHeader,
          'user-agent': 'aws-delivery-actions grafana-provision',
          ...(text !== undefined
            ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) }
            : {}),
          ...options.headers,
        },
        ...(text !== undefined ? { body: text } : {}),
      },
      { idempotent, ...(signal ? { signal } : {}) },
    );
    const answer = await send.catch((error: unknown) =>
      Promise.reject(idempotent ? unanswered(method, path, error) : lost(method, path, error)),
    );
    const answerText = answer.body.toString('utf8');
    if (answer.statusCode < 200 || answer.statusCode > 299) {
      throw new GrafanaHttpError(
        method,
        path.split('?')[0] ?? path,
        answer.statusCode,
        messageOf(answerText),
        hintFor(answer.statusCode, idempotent, answer.attempts),
        answer.attempts,
        retryAccount(answer.attempts, answer.totalRetryDelay),
      );
    }
    if (!answerText) return undefined as T;
    try {
      return JSON.parse(answerText) as T;
    } catch {
      throw new ActionError(
        `Grafana answered ${method} ${path} with something that is not JSON.`,
        'Check that grafana-url points at Grafana itself, not a login page or a proxy in front of it.',
      );
    }
  }
  return {
    url,
    request,
    get: (path) => request('GET', path),
    get writes() {
      return writes;
    },
  };
}
