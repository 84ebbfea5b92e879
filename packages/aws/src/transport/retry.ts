import type { RetryErrorInfo, RetryStrategyV2, RetryToken } from '@smithy/types';

export type ErrorClass = 'throttling' | 'server' | 'network' | 'fatal';

const THROTTLING_CODES = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ProvisionedThroughputExceededException',
  'BandwidthLimitExceeded',
  'EC2ThrottledException',
  'PriorRequestNotComplete',
]);

/** Errors that say the caller must change something: never retried, whatever the status code. */
const FATAL_CODES = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'ExpiredToken',
  'ExpiredTokenException',
  'RequestExpired',
  'InvalidIdentityToken',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'ValidationError',
  'ValidationException',
  'InvalidParameterValue',
  'InvalidParameterException',
  'MalformedPolicyDocument',
  'RegionDisabledException',
  'NotImplemented',
]);

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

const SERVER_CODES = new Set([
  'InternalError',
  'InternalFailure',
  'InternalServerError',
  'InternalServerException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'RequestTimeout',
  'RequestTimeoutException',
]);

interface ErrorShape {
  name?: unknown;
  code?: unknown;
  Code?: unknown;
  message?: unknown;
  cause?: unknown;
  statusCode?: unknown;
  $metadata?: { httpStatusCode?: unknown };
  $response?: { statusCode?: unknown };
  $retryable?: { throttling?: unknown };
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value ? value : undefined;
}

function statusOf(error: ErrorShape): number | undefined {
  const status = error.$metadata?.httpStatusCode ?? error.$response?.statusCode ?? error.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/**
 * What kind of failure an error is, from its AWS error code, HTTP status and Node network code. Pure: the retry
 * strategy retries 'throttling', 'server' and 'network', and never 'fatal'.
 */
export function classifyError(error: unknown, depth = 0): ErrorClass {
  if (typeof error !== 'object' || error === null) return 'fatal';
  const shape = error as ErrorShape;
  const codes = [text(shape.code), text(shape.Code), text(shape.name)].filter((code) => code !== undefined);
  if (codes.some((code) => FATAL_CODES.has(code))) return 'fatal';
  if (codes.some((code) => THROTTLING_CODES.has(code)) || shape.$retryable?.throttling === true) return 'throttling';
  const status = statusOf(shape);
  if (status === 429) return 'throttling';
  if (codes.some((code) => NETWORK_CODES.has(code)) || codes.includes('TimeoutError')) return 'network';
  if (/socket hang up|network socket disconnected/i.test(text(shape.message) ?? '')) return 'network';
  if (status !== undefined && status >= 500 && status <= 599 && status !== 501) return 'server';
  if (status === undefined && codes.some((code) => SERVER_CODES.has(code))) return 'server';
  if (status === undefined && depth < 3 && shape.cause !== undefined) return classifyError(shape.cause, depth + 1);
  return 'fatal';
}

/**
 * Records on an error that outlived its retries how many attempts were made and how long was spent waiting
 * between them, where explainAwsError and callers read them (`$metadata`, as the AWS SDK's errors carry them).
 */
export function stampAttempts(error: unknown, attempts: number, totalRetryDelay: number): void {
  if (typeof error !== 'object' || error === null) return;
  const holder = error as { $metadata?: Record<string, unknown> };
  holder.$metadata = { ...holder.$metadata, attempts, totalRetryDelay };
}

export function isRetryable(error: unknown): boolean {
  return classifyError(error) !== 'fatal';
}

export interface RetryPolicy {
  /** Total attempts including the first, at least 1. */
  maxAttempts: number;
  /** The backoff cap before jitter for the first retry; doubles on each retry. */
  baseDelayMs: number;
  /** No single wait is longer than this, whatever the attempt or a Retry-After hint. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 250, maxDelayMs: 20_000 };

/**
 * Exponential backoff with FULL jitter: a uniformly random wait in [0, min(maxDelay, base × 2^retry)).
 * `retry` counts from 0 for the first retry; `random` returns a number in [0, 1).
 */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(retry, 30));
  return Math.floor(Math.min(Math.max(random(), 0), 0.999_999) * ceiling);
}

export interface RetryEvent {
  error: unknown;
  errorClass: ErrorClass;
  /** The attempt that failed, from 1. */
  attempt: number;
  maxAttempts: number;
  delayMs: number;
}

export interface RetryStrategyOptions extends Partial<RetryPolicy> {
  /** Waits between attempts; injectable so tests run without real waits. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Called before each wait, e.g. to log the retry. */
  onRetry?: (event: RetryEvent) => void;
  /** Called when an error is not retried (fatal, or attempts used up). */
  onGiveUp?: (event: Omit<RetryEvent, 'delayMs'>) => void;
}

class AttemptToken implements RetryToken {
  constructor(private readonly retries: number) {}
  getRetryCount(): number {
    return this.retries;
  }
  /** The strategy has already waited when it hands out a token, so the SDK must not wait again. */
  getRetryDelay(): number {
    return 0;
  }
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function retryAfterMs(info: RetryErrorInfo): number {
  return info.retryAfterHint ? Math.max(0, info.retryAfterHint.getTime() - Date.now()) : 0;
}

/** Maps the SDK's own classification when it gives no error object (it always does today). */
function classOfInfo(info: RetryErrorInfo): ErrorClass {
  if (info.error) return classifyError(info.error);
  return info.errorType === 'THROTTLING'
    ? 'throttling'
    : info.errorType === 'SERVER_ERROR'
      ? 'server'
      : info.errorType === 'TRANSIENT'
        ? 'network'
        : 'fatal';
}

/**
 * An AWS SDK v3 retry strategy (the RetryStrategyV2 interface every client accepts as `retryStrategy`): retries
 * only throttling, 5xx and network errors, with full-jitter exponential backoff, bounded attempts and delays.
 */
export function createRetryStrategy(options: RetryStrategyOptions = {}): RetryStrategyV2 & { policy: RetryPolicy } {
  const policy = validatePolicy({
    maxAttempts: options.maxAttempts ?? DEFAULT_RETRY_POLICY.maxAttempts,
    baseDelayMs: options.baseDelayMs ?? DEFAULT_RETRY_POLICY.baseDelayMs,
    maxDelayMs: options.maxDelayMs ?? DEFAULT_RETRY_POLICY.maxDelayMs,
  });
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  return {
    policy,
    async acquireInitialRetryToken(): Promise<RetryToken> {
      return new AttemptToken(0);
    },
    async refreshRetryTokenForRetry(token: RetryToken, info: RetryErrorInfo): Promise<RetryToken> {
      const retries = token.getRetryCount();
      const attempt = retries + 1;
      const errorClass = classOfInfo(info);
      if (errorClass === 'fatal' || attempt >= policy.maxAttempts) {
        options.onGiveUp?.({ error: info.error, errorClass, attempt, maxAttempts: policy.maxAttempts });
        throw info.error ?? new Error(`AWS request failed (${info.errorType}) and is not retried`);
      }
      const delayMs = Math.min(policy.maxDelayMs, Math.max(backoffDelay(retries, policy, random), retryAfterMs(info)));
      options.onRetry?.({ error: info.error, errorClass, attempt, maxAttempts: policy.maxAttempts, delayMs });
      await sleep(delayMs);
      return new AttemptToken(attempt);
    },
    recordSuccess(): void {
      // No retry quota to refill: attempts are bounded per call.
    },
  };
}

function validatePolicy(policy: RetryPolicy): RetryPolicy {
  const problems: string[] = [];
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1 || policy.maxAttempts > 20) {
    problems.push(`maxAttempts ${policy.maxAttempts} must be a whole number from 1 to 20`);
  }
  if (!(policy.baseDelayMs >= 0)) problems.push(`baseDelayMs ${policy.baseDelayMs} must be 0 or more`);
  if (!(policy.maxDelayMs >= policy.baseDelayMs)) {
    problems.push(`maxDelayMs ${policy.maxDelayMs} must be at least baseDelayMs ${policy.baseDelayMs}`);
  }
  if (problems.length > 0) throw new RangeError(`Invalid retry policy: ${problems.join('; ')}.`);
  return policy;
}
