import { ActionError, redactText } from '@aws-delivery/action-kit';
import type { ProxyEndpoint } from './proxy.js';

export type TransportFailure =
  | 'request-timeout'
  | 'connect-timeout'
  | 'refused'
  | 'dns'
  | 'reset'
  | 'tls'
  | 'proxy-auth'
  | 'proxy-refused'
  | 'network';

/**
 * A request that never got an answer from AWS: names the endpoint, the proxy (redacted) and the limit involved.
 * `code` keeps the Node/OpenSSL code so that retry classification still sees ETIMEDOUT, ECONNRESET...
 */
export class AwsTransportError extends ActionError {
  constructor(
    message: string,
    hint: string,
    readonly code: string,
    readonly endpoint: string,
    readonly failure: TransportFailure,
    cause?: unknown,
  ) {
    super(message, hint, cause === undefined ? undefined : { cause });
  }
}

export interface TransportContext {
  /** `host:port` of the AWS endpoint. */
  endpoint: string;
  proxy?: ProxyEndpoint;
  requestTimeoutMs: number;
  connectTimeoutMs: number;
  /** Strings that must never appear in a message (proxy credentials). */
  secrets: readonly string[];
}

const TLS_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'EPROTO',
]);

const NETWORK_HINT =
  'Check the path from this runner to AWS: if the network needs a proxy, set HTTPS_PROXY (or the http-proxy ' +
  'input); with a VPC endpoint, set the endpoint to it; make sure security groups, network ACLs and firewalls ' +
  'allow outbound HTTPS to the endpoint.';

function via(context: TransportContext): string {
  return context.proxy ? ` through proxy ${context.proxy.redacted} (from ${context.proxy.source})` : '';
}

function describe(error: { code?: unknown; message?: unknown }): string {
  return typeof error.message === 'string' && error.message ? error.message : String(error.code ?? 'error');
}

/** No connection (to the endpoint, or to the proxy with its CONNECT answer) within the connect timeout. */
export function connectTimeoutError(context: TransportContext, cause?: unknown): AwsTransportError {
  const { endpoint, proxy } = context;
  const target = proxy ? `proxy ${proxy.redacted} (for ${endpoint})` : endpoint;
  return new AwsTransportError(
    `Could not connect to ${target} within the ${context.connectTimeoutMs} ms connect timeout.`,
    NETWORK_HINT,
    'ETIMEDOUT',
    endpoint,
    'connect-timeout',
    cause,
  );
}

/** Connected, but no answer within the request timeout. */
export function requestTimeoutError(context: TransportContext, cause?: unknown): AwsTransportError {
  const { endpoint } = context;
  return new AwsTransportError(
    `No answer from ${endpoint}${via(context)} within the ${context.requestTimeoutMs} ms request timeout.`,
    `${NETWORK_HINT} Raise the request timeout only if the service is known to answer slowly.`,
    'ETIMEDOUT',
    endpoint,
    'request-timeout',
    cause,
  );
}

/** Turns a Node/smithy transport error into an AwsTransportError; anything else is returned unchanged. */
export function explainTransportError(error: unknown, context: TransportContext): unknown {
  // Duck-typed: errors from Node's core may come from another realm (a test VM), where instanceof Error fails.
  if (typeof error !== 'object' || error === null || error instanceof ActionError) return error;
  const { code: rawCode, name } = error as { code?: unknown; name?: unknown };
  const code = typeof rawCode === 'string' ? rawCode : '';
  const scrub = (text: string) => redactText(text, context.secrets);
  const original = scrub(describe(error));
  const cause = original === describe(error) ? error : undefined;
  const { endpoint } = context;
  const make = (message: string, hint: string, failure: TransportFailure, errorCode = code || failure) =>
    new AwsTransportError(scrub(message), scrub(hint), errorCode, endpoint, failure, cause);

  // @smithy/node-http-handler names every ECONNRESET and EPIPE a TimeoutError: those are resets, not timeouts.
  const reset = code === 'ECONNRESET' || code === 'EPIPE';
  if ((name === 'TimeoutError' && !reset) || code === 'ETIMEDOUT') {
    return /did not establish a connection/.test(original)
      ? connectTimeoutError(context, cause)
      : requestTimeoutError(context, cause);
  }
  if (TLS_CODES.has(code) || /certificate/i.test(original)) {
    return make(
      `The TLS certificate of ${endpoint} is not trusted (${code || 'TLS error'}: ${original}).`,
      'If a proxy or firewall inspects TLS, or the endpoint uses a private CA, pass that CA certificate (PEM) with ' +
        "the ca-bundle input or AWS_CA_BUNDLE: it is added to Node's default CAs. Never disable verification.",
      'tls',
    );
  }
  if (code === 'ECONNREFUSED') {
    const target = context.proxy ? `proxy ${context.proxy.redacted} (from ${context.proxy.source})` : endpoint;
    return make(
      `The connection to ${target} was refused (ECONNREFUSED): nothing listens there.`,
      context.proxy ? 'Check the proxy host and port.' : `Check the endpoint and port. ${NETWORK_HINT}`,
      'refused',
    );
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return make(
      `The host name of ${context.proxy ? `proxy ${context.proxy.redacted}` : endpoint} could not be resolved (${code}).`,
      'Check the spelling of the region, endpoint or proxy. Behind a proxy only the proxy resolves AWS host names: ' +
        'set HTTPS_PROXY. A VPC interface endpoint needs private DNS enabled, or its own DNS name as the endpoint.',
      'dns',
    );
  }
  if (reset || /socket hang up/i.test(original)) {
    return make(
      `The connection to ${endpoint}${via(context)} was closed before the server answered (${code || 'socket hang up'}).`,
      `A proxy or firewall may be dropping the connection. ${NETWORK_HINT}`,
      'reset',
      code || 'ECONNRESET',
    );
  }
  if (code.startsWith('E') && /^E[A-Z_]+$/.test(code)) {
    return make(`The request to ${endpoint}${via(context)} failed: ${original}.`, NETWORK_HINT, 'network');
  }
  if (cause === undefined) return new Error(original);
  return error instanceof Error ? error : Object.assign(new Error(original), error);
}

/**
 * The error for a proxy that refused a request: a 407 (credentials missing or wrong) or, for an https endpoint,
 * any non-200 answer to CONNECT. Quotes the proxy only redacted, never the credentials.
 */
export function proxyRefusedError(
  status: number,
  statusText: string,
  context: TransportContext & { proxy: ProxyEndpoint },
): AwsTransportError {
  const { proxy, endpoint } = context;
  const answered = `${status}${statusText ? ` ${statusText}` : ''}`;
  if (status === 407) {
    const hasCredentials = proxy.url.username !== '' || proxy.url.password !== '';
    return new AwsTransportError(
      `The proxy ${proxy.redacted} (from ${proxy.source}) answered ${answered} (Proxy Authentication Required) for ` +
        `${endpoint}: it did not accept ${hasCredentials ? 'the user name and password in the proxy URL' : 'a request without credentials'}.`,
      hasCredentials
        ? 'Check the proxy user name and password. URL-encode special characters in them: @ as %40, : as %3A, ' +
            '% as %25, / as %2F, # as %23.'
        : 'Put the credentials in the proxy URL: http://user:password@host:port (URL-encoded).',
      'PROXY_AUTHENTICATION_REQUIRED',
      endpoint,
      'proxy-auth',
    );
  }
  return new AwsTransportError(
    `The proxy ${proxy.redacted} (from ${proxy.source}) refused to open a tunnel to ${endpoint}: it answered ${answered}.`,
    'Ask the proxy administrators to allow CONNECT to this host and port, or add the host to NO_PROXY if it is ' +
      'reachable directly (a VPC endpoint, a local service).',
    'PROXY_CONNECT_REFUSED',
    endpoint,
    'proxy-refused',
  );
}
