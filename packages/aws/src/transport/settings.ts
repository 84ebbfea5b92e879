import { ConfigurationError } from '@aws-delivery/action-kit';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, RetryStrategyV2 } from '@smithy/types';
import { describeTrustedCertificates, resolveTrustedCertificates } from './ca-bundle.js';
import { validateEndpoint } from '../names/custom-endpoint.js';
import { describeProxySettings, resolveProxySettings, type Environment, type ProxySettings } from './proxy.js';
import { validateRegion } from '../names/regions.js';
import { createRetryStrategy, type RetryPolicy, type RetryStrategyOptions } from './retry.js';

export interface AwsClientOptions {
  region: string;
  /** A custom endpoint: VPC interface endpoint, FIPS endpoint, or a local service (moto). */
  endpoint?: string;
  /** Proxy URL (an `http-proxy` input); otherwise HTTPS_PROXY / HTTP_PROXY from the environment. */
  proxy?: string;
  /** NO_PROXY list; otherwise NO_PROXY / no_proxy from the environment. */
  noProxy?: string;
  /** Extra CA bundle (PEM), added to Node's default CAs; otherwise AWS_CA_BUNDLE from the environment. */
  caBundle?: string;
  /** Time allowed from sending a request to its response headers, per attempt. Default 60 s. */
  requestTimeoutMs?: number;
  /** Time allowed to open a connection (to the proxy, including its CONNECT answer, when there is one). Default 10 s. */
  connectTimeoutMs?: number;
  /** Attempts per call including the first. Default 4. */
  maxAttempts?: number;
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Where configuration and retry lines go: the step's debug log. Lines never hold proxy credentials. */
  log: (line: string) => void;
  allowUnknownRegion?: boolean;
  /** Backoff tuning, injectable sleep and random for tests. */
  retry?: Omit<RetryStrategyOptions, 'maxAttempts'>;
  /** Environment to read proxy and CA settings from; default process.env. */
  env?: Environment;
  /** Input names to quote in configuration errors. */
  inputNames?: { region?: string; endpoint?: string; proxy?: string; caBundle?: string; maxAttempts?: string };
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/** How requests travel: proxy per endpoint, trusted CAs, timeouts; what every sender (SDK handler or not) needs. */
export interface NetworkSettings {
  proxy: ProxySettings;
  /** TLS trust: Node's roots plus the extra bundle; undefined keeps Node's defaults. */
  ca?: string[];
  requestTimeoutMs: number;
  connectTimeoutMs: number;
  log: (line: string) => void;
  /** What the requests go to, for log lines (default `AWS`). */
  label?: string;
}

/** Everything an AWS client is built on, resolved and checked, before any sender is constructed. */
export interface TransportSettings extends NetworkSettings {
  region: string;
  endpoint?: string;
  retryStrategy: RetryStrategyV2 & { policy: RetryPolicy };
  maxAttempts: number;
}

function positiveInteger(value: number | undefined, fallback: number, name: string, max: number): number {
  const result = value ?? fallback;
  if (!Number.isInteger(result) || result < 1 || result > max) {
    throw new ConfigurationError(`${name} "${String(value)}" must be a whole number from 1 to ${max}.`, name);
  }
  return result;
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code !== error.name ? `${error.name} (${code})` : error.name;
}

/**
 * The settings every AWS client uses, SDK or not: region checked against its partition, endpoint checked, proxy
 * with NO_PROXY, extra CA bundle, connect and request timeouts, and a retry strategy that retries throttling, 5xx
 * and network errors only. Logs them once (proxy credentials redacted). Constructs no HTTP handler or agent.
 */
export function resolveTransportSettings(options: AwsClientOptions): TransportSettings {
  const names = options.inputNames ?? {};
  const log = options.log;
  const env = options.env ?? process.env;
  const region = validateRegion(options.region, names.region ?? 'aws-region', {
    allowUnknownRegion: options.allowUnknownRegion ?? false,
  });
  const endpoint = options.endpoint ? validateEndpoint(options.endpoint, names.endpoint ?? 'endpoint') : undefined;
  const proxy = resolveProxySettings({
    ...(options.proxy !== undefined ? { proxy: options.proxy } : {}),
    ...(options.noProxy !== undefined ? { noProxy: options.noProxy } : {}),
    env,
    proxyInputName: names.proxy ?? 'http-proxy',
  });
  const trusted = resolveTrustedCertificates({
    ...(options.caBundle !== undefined ? { caBundle: options.caBundle } : {}),
    env,
    caBundleInputName: names.caBundle ?? 'ca-bundle',
  });
  const requestTimeoutMs = positiveInteger(
    options.requestTimeoutMs,
    DEFAULT_REQUEST_TIMEOUT_MS,
    'request timeout (ms)',
    3_600_000,
  );
  const connectTimeoutMs = positiveInteger(
    options.connectTimeoutMs,
    DEFAULT_CONNECT_TIMEOUT_MS,
    'connect timeout (ms)',
    600_000,
  );
  const maxAttempts = positiveInteger(options.maxAttempts, 4, names.maxAttempts ?? 'max-attempts', 20);
  const retryStrategy = createRetryStrategy({
    ...options.retry,
    maxAttempts,
    onRetry: (event) => {
      log(
        `AWS request failed with ${describeError(event.error)} (${event.errorClass}); attempt ${event.attempt} of ` +
          `${event.maxAttempts}, retrying in ${event.delayMs} ms.`,
      );
      options.retry?.onRetry?.(event);
    },
  });
  log(
    `AWS client: region ${region}${endpoint ? `, endpoint ${endpoint}` : ''}; ${describeProxySettings(proxy)}; ` +
      `trusting ${describeTrustedCertificates(trusted)}; connect timeout ${connectTimeoutMs} ms, request timeout ` +
      `${requestTimeoutMs} ms; up to ${maxAttempts} attempts (throttling, 5xx and network errors only).`,
  );
  return {
    region,
    ...(endpoint ? { endpoint } : {}),
    proxy,
    ...(trusted.ca ? { ca: trusted.ca } : {}),
    requestTimeoutMs,
    connectTimeoutMs,
    retryStrategy,
    maxAttempts,
    log,
  };
}
