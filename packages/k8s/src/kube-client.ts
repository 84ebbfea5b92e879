/**
 * A small Kubernetes REST client on node:https: bearer token (refreshed on 401 once), the cluster's CA and the
 * job's proxy / NO_PROXY / CA bundle through networkAgentFor, a per-request deadline, and retries with full-jitter
 * backoff on 429, 5xx and network failures only. Watches stream newline-delimited JSON events.
 */
import type { Agent, ClientRequest, IncomingMessage } from 'node:http';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { backoffDelay, describeRoute, networkAgentFor, type RetryPolicy } from '@aws-delivery/aws';
import {
  hintFor,
  KubeApiError,
  KubeNetworkError,
  KubeResponseError,
  KubeWatchDecodeError,
  parseApiStatus,
} from './kube-errors.js';

export interface ClusterConnection {
  /** https://host[:port] of the API server. */
  server: string;
  /** The cluster's CA (PEM), trusted in addition to the system roots and any CA bundle. */
  caPem?: string;
  /** A bearer token; called before every request (a token source caches). */
  token?: () => Promise<string>;
  /** Called after a 401, so the next token() makes a fresh token. */
  invalidateToken?: () => void;
  /** Proxy URL; otherwise HTTPS_PROXY / HTTP_PROXY from env. */
  proxy?: string;
  noProxy?: string;
  /** Extra CA bundle file (PEM); otherwise AWS_CA_BUNDLE. */
  caBundle?: string;
  /** The name the server certificate must carry, when it differs from the URL's host (a tunnel to 127.0.0.1). */
  tlsServerName?: string;
  env?: NodeJS.ProcessEnv;
}

export interface KubeClientOptions {
  /** Deadline for one attempt, from sending to the whole response (default 30 s). */
  requestTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Where retry lines go (never holds the token). */
  log?: (line: string) => void;
  sleep?: (ms: number) => Promise<void>;
  userAgent?: string;
}

export interface KubeRequest {
  method: 'GET' | 'PATCH' | 'PUT' | 'POST' | 'DELETE';
  path: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
  contentType?: string;
  /** What the request is about, for errors: `Deployment prod/web`. */
  what?: string;
  timeoutMs?: number;
}

export interface KubeResponse<T> {
  status: number;
  body: T;
}

export interface WatchEvent<T = unknown> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: T;
}

const WATCH_EVENT_TYPES = new Set<unknown>(['ADDED', 'MODIFIED', 'DELETED', 'BOOKMARK', 'ERROR']);

/** One line of a watch stream as its event, or undefined when it is not JSON of a known type with an object. */
export function parseWatchLine<T>(line: string): WatchEvent<T> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { type, object } = value as { type?: unknown; object?: unknown };
  if (!WATCH_EVENT_TYPES.has(type) || typeof object !== 'object' || object === null) return undefined;
  return value as WatchEvent<T>;
}

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);

/** TLS failures that a larger set of trusted CAs could turn into a verified certificate. */
const UNVERIFIED_CERTIFICATE = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
]);
const DEFAULT_POLICY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 200, maxDelayMs: 10_000 };

/**
 * Fails a request that has no complete answer after `ms`. Rejects before destroying it: a request still waiting for
 * its socket (a proxy that never answers CONNECT) emits no error when destroyed, so its promise would never settle.
 */
function failAfter(req: ClientRequest, ms: number, message: string, reject: (error: Error) => void): NodeJS.Timeout {
  return setTimeout(() => {
    const error = Object.assign(new Error(message), { code: 'ETIMEDOUT' });
    reject(error);
    req.destroy(error);
  }, ms);
}

function realSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function buildQuery(query: Record<string, string | undefined> | undefined): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) params.append(key, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

interface RawResponse {
  status: number;
  headers: IncomingMessage['headers'];
  text: string;
}

export class KubeClient {
  readonly server: string;
  /**
   * The agent requests go out on. With a cluster CA it first trusts that CA alone (one certificate to load, not
   * Node's 120 roots, as kubectl trusts it); a certificate that CA does not verify moves every later request to the
   * full set (Node's roots, the CA bundle and the cluster's CA), and the request that met it is sent again at once:
   * together they trust exactly what the full set trusts.
   */
  private agent: Agent;
  /** The agent that trusts the cluster's CA alone, while there is one. */
  private readonly caOnlyAgent: Agent | undefined;
  private readonly fullTrust: () => Agent;
  /** How requests reach the server (proxy or direct, and why), for the errors that say it could not be reached. */
  private readonly route: string;
  private readonly timeoutMs: number;
  private readonly policy: RetryPolicy;
  private readonly log: (line: string) => void;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly userAgent: string;

  constructor(
    private readonly connection: ClusterConnection,
    options: KubeClientOptions = {},
  ) {
    const url = new URL(connection.server);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new Error(`The API server address "${connection.server}" is not an http(s) URL`);
    }
    this.server = url.origin;
    const network = {
      ...(connection.proxy ? { proxy: connection.proxy } : {}),
      ...(connection.noProxy !== undefined ? { noProxy: connection.noProxy } : {}),
      ...(connection.caBundle ? { caBundle: connection.caBundle } : {}),
      ...(connection.caPem ? { ca: connection.caPem } : {}),
      ...(connection.env ? { env: connection.env } : {}),
    };
    this.fullTrust = () => networkAgentFor(url, network);
    this.caOnlyAgent =
      connection.caPem && url.protocol === 'https:' ? networkAgentFor(url, { ...network, caOnly: true }) : undefined;
    this.agent = this.caOnlyAgent ?? this.fullTrust();
    this.route = describeRoute(url, {
      ...(connection.proxy ? { proxy: connection.proxy } : {}),
      ...(connection.noProxy !== undefined ? { noProxy: connection.noProxy } : {}),
      ...(connection.env ? { env: connection.env } : {}),
    });
    this.timeoutMs = options.requestTimeoutMs ?? 30_000;
    this.policy = { ...DEFAULT_POLICY, ...(options.retry ?? {}) };
    this.log = options.log ?? (() => undefined);
    this.sleep = options.sleep ?? realSleep;
    this.userAgent = options.userAgent ?? 'eks-deploy/1 (aws-delivery-actions)';
  }

  private async headers(request: KubeRequest, body: string | undefined): Promise<Record<string, string>> {
    const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': this.userAgent };
    const token = this.connection.token ? await this.connection.token() : undefined;
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) {
      headers['Content-Type'] = request.contentType ?? 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(body));
    }
    return headers;
  }

  /**
   * Whether `error`, met on `agent`, is a certificate the cluster's CA alone does not verify: then the full trust
   * set is used from now on, and the caller sends its request again (not counted as an attempt).
   */
  private trustMore(error: unknown, agent: Agent): boolean {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (agent !== this.caOnlyAgent || !code || !UNVERIFIED_CERTIFICATE.has(code)) return false;
    if (this.agent === this.caOnlyAgent) {
      this.agent = this.fullTrust();
      this.log(
        `the certificate of ${this.server} is not verified by the cluster's CA alone (${code}); trusting Node's roots and the CA bundle too`,
      );
    }
    return true;
  }

  private open(method: string, path: string, headers: Record<string, string>, agent: Agent, signal?: AbortSignal) {
    const url = new URL(path, this.server);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const servername = this.connection.tlsServerName;
    return send(url, {
      method,
      headers,
      agent,
      ...(servername ? { servername } : {}),
      ...(signal ? { signal } : {}),
    });
  }

  private once(
    request: KubeRequest,
    body: string | undefined,
    headers: Record<string, string>,
    agent: Agent,
  ): Promise<RawResponse> {
    const path = request.path + buildQuery(request.query);
    const timeoutMs = request.timeoutMs ?? this.timeoutMs;
    return new Promise((resolve, reject) => {
      const req = this.open(request.method, path, headers, agent);
      const timer = failAfter(req, timeoutMs, `no complete answer within ${timeoutMs} ms`, reject);
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', (error) => {
          clearTimeout(timer);
          reject(error);
        });
      });
      req.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      req.end(body);
    });
  }

  private describe(request: KubeRequest): string {
    return request.what ?? request.path;
  }

  /** Sends a request, retrying throttling, server errors and network failures; parses the JSON answer. */
  async request<T = unknown>(request: KubeRequest): Promise<KubeResponse<T>> {
    const body =
      request.body === undefined
        ? undefined
        : typeof request.body === 'string'
          ? request.body
          : JSON.stringify(request.body);
    let refreshedToken = false;
    for (let attempt = 1; ; attempt++) {
      const headers = await this.headers(request, body);
      const agent = this.agent;
      let response: RawResponse;
      try {
        response = await this.once(request, body, headers, agent);
      } catch (error) {
        if (this.trustMore(error, agent)) {
          attempt--;
          continue;
        }
        const code = (error as NodeJS.ErrnoException).code;
        const failure = (attempts: number) =>
          new KubeNetworkError(
            this.server,
            request.method,
            this.describe(request),
            code,
            `${(error as Error).message}${code && !(error as Error).message.includes(code) ? ` (${code})` : ''}`,
            { cause: error, route: this.route, attempts },
          );
        if (attempt >= this.policy.maxAttempts) throw failure(attempt);
        await this.wait(attempt, failure(1).message);
        continue;
      }
      if (response.status >= 200 && response.status < 300) {
        return { status: response.status, body: this.parse<T>(request, response) };
      }
      const apiStatus = parseApiStatus(response.text) ?? { message: response.text.slice(0, 300) || undefined };
      const failure = (attempts: number) =>
        new KubeApiError(
          this.server,
          request.method,
          this.describe(request),
          response.status,
          apiStatus,
          hintFor(response.status, request.method),
          attempts,
        );
      const error = failure(1);
      if (response.status === 401 && !refreshedToken && this.connection.invalidateToken) {
        refreshedToken = true;
        this.connection.invalidateToken();
        continue;
      }
      if (!RETRYABLE_STATUS.has(response.status)) throw error;
      if (attempt >= this.policy.maxAttempts) throw failure(attempt);
      const retryAfter = Number(response.headers['retry-after']);
      await this.wait(attempt, error.message, Number.isFinite(retryAfter) ? retryAfter * 1000 : undefined);
    }
  }

  /** The JSON of a 2xx answer; a body that is not JSON fails, named, and is not retried. */
  private parse<T>(request: KubeRequest, response: RawResponse): T {
    if (!response.text) return undefined as T;
    try {
      return JSON.parse(response.text) as T;
    } catch {
      const type = response.headers['content-type'];
      throw new KubeResponseError(
        this.server,
        request.method,
        this.describe(request),
        response.status,
        (Array.isArray(type) ? type[0] : type) ?? '',
        Buffer.byteLength(response.text),
      );
    }
  }

  private async wait(attempt: number, why: string, hintMs?: number): Promise<void> {
    const delay = Math.min(this.policy.maxDelayMs, Math.max(hintMs ?? 0, backoffDelay(attempt - 1, this.policy)));
    this.log(`${why}; attempt ${attempt} of ${this.policy.maxAttempts}, retrying in ${delay} ms`);
    await this.sleep(delay);
  }

  async get<T = unknown>(path: string, query?: Record<string, string | undefined>, what?: string): Promise<T> {
    return (await this.request<T>({ method: 'GET', path, ...(query ? { query } : {}), ...(what ? { what } : {}) }))
      .body;
  }

  /** GET that answers undefined for 404. */
  async find<T = unknown>(path: string, what?: string): Promise<T | undefined> {
    try {
      return await this.get<T>(path, undefined, what);
    } catch (error) {
      if (error instanceof KubeApiError && error.status === 404) return undefined;
      throw error;
    }
  }

  /**
   * Opens a watch and yields its events until the server ends the stream or the signal aborts. An HTTP error
   * (410 Gone among them) throws a KubeApiError; the caller reconnects.
   */
  async *watch<T = unknown>(
    path: string,
    query: Record<string, string | undefined>,
    signal: AbortSignal,
    what?: string,
  ): AsyncGenerator<WatchEvent<T>> {
    const request: KubeRequest = { method: 'GET', path, query: { ...query, watch: '1' }, ...(what ? { what } : {}) };
    const headers = await this.headers(request, undefined);
    const agent = this.agent;
    const req = this.open('GET', path + buildQuery(request.query), headers, agent, signal);
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      const timer = failAfter(req, this.timeoutMs, `no answer within ${this.timeoutMs} ms`, reject);
      // Node ends a request that still waits for its socket without an error event: settle on the abort itself.
      signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
      req.on('response', (res) => {
        clearTimeout(timer);
        resolve(res);
      });
      req.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      req.end();
    }).catch((error: NodeJS.ErrnoException) => {
      if (signal.aborted) return undefined;
      if (this.trustMore(error, agent)) return 'trust more' as const;
      throw new KubeNetworkError(this.server, 'WATCH', this.describe(request), error.code, error.message, {
        cause: error,
        route: this.route,
      });
    });
    if (!response) return;
    if (response === 'trust more') {
      yield* this.watch<T>(path, query, signal, what);
      return;
    }
    if ((response.statusCode ?? 0) >= 300) {
      const chunks: Buffer[] = [];
      for await (const chunk of response) chunks.push(chunk as Buffer);
      const text = Buffer.concat(chunks).toString('utf8');
      if (response.statusCode === 401) this.connection.invalidateToken?.();
      throw new KubeApiError(
        this.server,
        'WATCH',
        this.describe(request),
        response.statusCode ?? 0,
        parseApiStatus(text) ?? { message: text.slice(0, 300) },
      );
    }
    const event = (line: string): WatchEvent<T> => {
      const parsed = parseWatchLine<T>(line);
      if (!parsed) throw new KubeWatchDecodeError(this.server, this.describe(request), line);
      return parsed;
    };
    let buffer = '';
    try {
      for await (const chunk of response) {
        buffer += (chunk as Buffer).toString('utf8');
        let newline = buffer.indexOf('\n');
        while (newline >= 0) {
          const line = buffer.slice(0, newline).trim();
          buffer = buffer.slice(newline + 1);
          if (line) yield event(line);
          newline = buffer.indexOf('\n');
        }
      }
      if (buffer.trim()) yield event(buffer.trim());
    } catch (error) {
      if (signal.aborted) return;
      if (error instanceof KubeWatchDecodeError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      throw new KubeNetworkError(this.server, 'WATCH', this.describe(request), code, (error as Error).message, {
        cause: error,
        route: this.route,
      });
    } finally {
      req.destroy();
    }
  }

  /** Ends keep-alive connections (the agent would otherwise hold the process open). */
  close(): void {
    for (const agent of new Set([this.caOnlyAgent, this.agent]))
      (agent as (Agent & { destroy?: () => void }) | undefined)?.destroy?.();
  }
}
