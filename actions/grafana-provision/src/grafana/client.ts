/**
 * Grafana's HTTP API on the repository's transport (proxy, NO_PROXY, CA bundle, per-request timeout, retries only
 * on 429, 5xx and network errors): JSON in, JSON out, one Authorization header. Any other answer that is not 2xx is
 * a GrafanaHttpError carrying the status and Grafana's own message (flattened to one line).
 */
import { ActionError } from '@aws-delivery/action-kit';
import type { HttpClient } from '@aws-delivery/aws';
import type { Json } from '../canonical-json.js';
import { oneLine } from '../plan-report.js';

export class GrafanaHttpError extends ActionError {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly grafanaMessage: string,
    hint: string,
  ) {
    super(`Grafana answered ${status} to ${method} ${path}${grafanaMessage ? `: ${grafanaMessage}` : ''}.`, hint);
  }
}

const HINTS: Record<number, string> = {
  401: 'The token or password was refused: check that it is current (service account tokens expire) and for this Grafana.',
  403: 'The service account lacks a permission: provisioning folders, data sources and alerting needs the Admin role (or the matching fine-grained permissions).',
  404: 'Grafana has no such resource or endpoint: check grafana-url (including a sub-path such as /grafana).',
};

export interface GrafanaClient {
  readonly url: string;
  request<T = Json>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<T>;
  get<T = Json>(path: string): Promise<T>;
  /** How many requests were made that can change state (all but GET). */
  readonly writes: number;
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
  async function request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const target = new URL(`${base.pathname.replace(/\/+$/, '')}${path}`, base);
    const text = body === undefined ? undefined : JSON.stringify(body);
    if (method !== 'GET') writes += 1;
    const answer = await http.send(
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
          ...headers,
        },
        ...(text !== undefined ? { body: text } : {}),
      },
      signal ? { signal } : {},
    );
    const answerText = answer.body.toString('utf8');
    if (answer.statusCode < 200 || answer.statusCode > 299) {
      throw new GrafanaHttpError(
        method,
        path.split('?')[0] ?? path,
        answer.statusCode,
        messageOf(answerText),
        HINTS[answer.statusCode] ?? "See Grafana's message above.",
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
