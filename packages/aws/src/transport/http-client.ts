/**
 * An HTTP client for calls that are not AWS SDK calls and answer JSON or text (Grafana, a hand-signed AWS JSON
 * call): the same proxy, NO_PROXY, CA bundle, connect and request timeouts and transport error explanations as the
 * AWS clients (TransportRoutes + sendOnce), and retries only on 429, 5xx and network errors, with the full-jitter
 * backoff of retry.ts. Any other status is an answer for the caller to judge, not an error. A request marked not
 * idempotent (a create whose repeat would make a second one) is retried only when it cannot have been processed: a
 * 429, or a connection that was never made (refused, connect timeout, host name not resolved).
 */
import { describeTrustedCertificates, resolveTrustedCertificates } from './ca-bundle.js';
import { sendOnce, type HttpAnswer, type OutgoingRequest } from './http-send.js';
import { describeProxySettings, resolveProxySettings, type Environment } from './proxy.js';
import {
  backoffDelay,
  classifyError,
  DEFAULT_RETRY_POLICY,
  stampAttempts,
  type ErrorClass,
  type RetryPolicy,
} from './retry.js';
import { TransportRoutes } from './routes.js';
import { DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT_MS } from './settings.js';
import { AwsTransportError, type TransportFailure } from './transport-errors.js';

export type { HttpAnswer, OutgoingRequest } from './http-send.js';

export interface HttpClientOptions {
  /** What the requests go to, for log lines: `Grafana`, `Secrets Manager`. */
  label: string;
  /** Proxy URL (an `http-proxy` input); otherwise HTTPS_PROXY / HTTP_PROXY, with NO_PROXY. */
  proxy?: string;
  noProxy?: string;
  /** Extra CA bundle (PEM file) added to Node's roots; otherwise AWS_CA_BUNDLE. */
  caBundle?: string;
  /** From sending a request to its response headers, and the longest silence while the body arrives. */
  requestTimeoutMs?: number;
  connectTimeoutMs?: number;
  /** A larger answer fails the request (default 64 MiB). */
  maxResponseBytes?: number;
  retry?: Partial<RetryPolicy> & { sleep?: (ms: number) => Promise<void>; random?: () => number };
  /** The step's debug log: routes and retries. Lines never hold proxy credentials. */
  log: (line: string) => void;
  env?: Environment;
  /** Input names to quote in configuration errors. */
  inputNames?: { proxy?: string; caBundle?: string };
}

export interface SendOptions {
  signal?: AbortSignal;
  /**
   * False for a request that must not run twice (POST of an annotation, a token: a repeat after a lost answer makes
   * a second one). It is then retried only when the server cannot have processed it. Default true.
   */
  idempotent?: boolean;
}

/** The last answer, and what it took to get it: for an error that names the attempts. */
export interface ClientAnswer extends HttpAnswer {
  /** Attempts made, the last one included. */
  attempts: number;
  /** Milliseconds spent waiting between the attempts. */
  totalRetryDelay: number;
}

export interface HttpClient {
  /**
   * Sends the request, retrying 429, 5xx and network failures; resolves with the last answer of any status. A
   * failure that outlives the retries is thrown with `$metadata.attempts` and `$metadata.totalRetryDelay` on it.
   */
  send(request: OutgoingRequest, options?: SendOptions): Promise<ClientAnswer>;
  /** Closes kept-alive connections. */
  destroy(): void;
}

const realSleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

/** Seconds or an HTTP date in Retry-After, as milliseconds from now. */
function retryAfterMs(value: string | string[] | undefined): number {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return 0;
  const seconds = Number(text);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(text);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : 0;
}

const NEVER_SENT: ReadonlySet<TransportFailure> = new Set(['connect-timeout', 'refused', 'dns']);

/** A failure before any byte of the request reached the server: no connection was made. */
export function neverSent(failure: unknown): boolean {
  return failure instanceof AwsTransportError && NEVER_SENT.has(failure.failure);
}

/**
 * Whether a request that must not run twice may be sent again: after a 429 (refused before it was processed) or a
 * connection that was never made. A 5xx, a reset or a timeout after sending may follow a write that happened.
 */
function safeToRepeat(errorClass: ErrorClass, answer: HttpAnswer | undefined, failure: unknown): boolean {
  if (answer) return errorClass === 'throttling' && answer.statusCode === 429;
  return neverSent(failure);
}

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const env = options.env ?? process.env;
  const proxy = resolveProxySettings({
    ...(options.proxy !== undefined ? { proxy: options.proxy } : {}),
    ...(options.noProxy !== undefined ? { noProxy: options.noProxy } : {}),
    env,
    proxyInputName: options.inputNames?.proxy ?? 'http-proxy',
  });
  const trusted = resolveTrustedCertificates({
    ...(options.caBundle !== undefined ? { caBundle: options.caBundle } : {}),
    env,
    caBundleInputName: options.inputNames?.caBundle ?? 'ca-bundle',
  });
  const requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const routes = new TransportRoutes({
    proxy,
    ...(trusted.ca ? { ca: trusted.ca } : {}),
    requestTimeoutMs,
    connectTimeoutMs,
    log: options.log,
    label: options.label,
  });
  const maxResponseBytes = options.maxResponseBytes ?? 64 * 1024 * 1024;
  options.log(
    `${options.label} client: ${describeProxySettings(proxy)}; trusting ${describeTrustedCertificates(trusted)}; ` +
      `request timeout ${requestTimeoutMs} ms; up to ${policy.maxAttempts} attempts (429, 5xx and network errors only).`,
  );

  return {
    async send(request, { signal, idempotent = true } = {}) {
      let totalRetryDelay = 0;
      for (let attempt = 1; ; attempt += 1) {
        let answer: HttpAnswer | undefined;
        let failure: unknown;
        try {
          answer = await sendOnce(request, routes, { maxResponseBytes });
        } catch (error) {
          failure = error;
        }
        const errorClass = answer
          ? classifyError({ statusCode: answer.statusCode })
          : failure !== undefined
            ? classifyError(failure)
            : 'fatal';
        const outcome = `${options.label} ${request.method} ${request.url.pathname} ${answer ? `answered ${answer.statusCode}` : `failed (${(failure as Error).message})`}`;
        const repeatable = errorClass !== 'fatal' && (idempotent || safeToRepeat(errorClass, answer, failure));
        if (!repeatable || attempt >= policy.maxAttempts || signal?.aborted) {
          if (errorClass !== 'fatal' && !repeatable)
            options.log(`${outcome}: not retried, since it may have been processed and a repeat would act twice.`);
          if (answer) return { ...answer, attempts: attempt, totalRetryDelay };
          stampAttempts(failure, attempt, totalRetryDelay);
          throw failure;
        }
        const hint = answer ? retryAfterMs(answer.headers['retry-after']) : 0;
        const delayMs = Math.min(
          policy.maxDelayMs,
          Math.max(backoffDelay(attempt - 1, policy, options.retry?.random), hint),
        );
        options.log(
          `${outcome} (${errorClass}); attempt ${attempt} of ${policy.maxAttempts}, retrying in ${delayMs} ms.`,
        );
        await (options.retry?.sleep ?? ((ms: number) => realSleep(ms, signal)))(delayMs);
        totalRetryDelay += delayMs;
      }
    },
    destroy: () => routes.destroy(),
  };
}
