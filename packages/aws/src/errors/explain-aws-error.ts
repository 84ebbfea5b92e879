import { ActionError, ConfigurationError } from '@aws-delivery/action-kit';
import { classifyError } from '../transport/retry.js';
import { HINTS, type AwsErrorContext } from './hints.js';

export type { AwsErrorContext } from './hints.js';

interface AwsErrorShape {
  name?: unknown;
  code?: unknown;
  Code?: unknown;
  message?: unknown;
  $metadata?: { attempts?: unknown; httpStatusCode?: unknown; totalRetryDelay?: unknown };
}

/** AWS's error code: `Code` or `code` when the error carries one, else its name (the SDK names errors by code). */
function codeOf(error: AwsErrorShape): string {
  for (const candidate of [error.Code, error.code, error.name]) {
    if (typeof candidate === 'string' && candidate && candidate !== 'Error') return candidate;
  }
  return 'Error';
}

function numberOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/**
 * What the retries did, for an error that outlived them: ` after 3 attempts, last status 503, 1.2 s spent waiting
 * between them, at https://sts.eu-west-1.amazonaws.com`. Empty when there is nothing to add.
 */
function retryAccount(error: AwsErrorShape, context: AwsErrorContext): string {
  const attempts = numberOf(error.$metadata?.attempts);
  const status = numberOf(error.$metadata?.httpStatusCode);
  // Tenths of a second: a wait that rounds to 0.0 s is not worth a clause.
  const waited = Math.round((numberOf(error.$metadata?.totalRetryDelay) ?? 0) / 100);
  const parts = [
    attempts && attempts > 1 ? `after ${attempts} attempts` : undefined,
    status !== undefined ? `last status ${status}` : undefined,
    waited > 0 ? `${(waited / 10).toFixed(1)} s spent waiting between them` : undefined,
    context.endpoint ? `at ${context.endpoint}` : undefined,
  ].filter(Boolean);
  return parts.length > 0 ? ` ${parts.join(', ')}` : '';
}

/** The AWS SDK's note on an answer it could not parse (followed by advice about a hidden field). */
const DESERIALIZATION = 'Deserialization error';

/**
 * An answer the AWS SDK could not read: a body that is not the service's JSON or XML (a proxy's page, garbage), or
 * one that broke off. Said without the body or the SDK's advice to inspect a hidden field; undefined otherwise.
 */
function unreadableAnswer(error: AwsErrorShape, context: AwsErrorContext): ActionError | undefined {
  const message = typeof error.message === 'string' ? error.message : '';
  if (!message.includes(DESERIALIZATION)) return undefined;
  const brokeOff = /\baborted\b|ECONNRESET|socket hang up/i.test(message.split('\n')[0] ?? '');
  const what = brokeOff ? 'broke off before its end' : 'is not the document the service sends';
  const account = retryAccount(error, context).trim();
  return new ActionError(
    `${context.operation} failed: the answer ${what}${account ? ` (${account})` : ''}.`,
    brokeOff
      ? 'The connection was cut while the answer arrived: re-run the job; if it keeps happening, check the proxy or ' +
          'firewall between this runner and the endpoint.'
      : 'Something between this runner and AWS answered instead of the service: check the endpoint input and the ' +
          'proxy (HTTPS_PROXY or the http-proxy input).',
    { cause: error },
  );
}

/**
 * Turns an error from an AWS call into an ActionError that says what failed and what to do: AccessDenied (with the
 * sts:TagSession and trust-policy cases, the web identity token's claims beside them when given), ExpiredToken,
 * InvalidIdentityToken, RegionDisabled, bad keys, a session longer than the role allows, and throttling, server and
 * network errors that outlived the retries. Configuration errors pass through unchanged. Pure.
 */
export function explainAwsError(error: unknown, context: AwsErrorContext): ActionError | ConfigurationError {
  if (error instanceof ConfigurationError) return error;
  const role = context.roleArn ? ` (role ${context.roleArn})` : '';
  if (error instanceof ActionError) {
    // A transport error names its endpoint already; say how many attempts it outlived.
    const attempts = numberOf((error as AwsErrorShape).$metadata?.attempts);
    const after = attempts && attempts > 1 ? ` after ${attempts} attempts` : '';
    return new ActionError(`${context.operation}${role} failed${after}: ${error.message}`, error.hint, {
      cause: error,
    });
  }
  const shape = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as AwsErrorShape;
  const unreadable = unreadableAnswer(shape, context);
  if (unreadable) return unreadable;
  const code = codeOf(shape);
  const message = typeof shape.message === 'string' ? shape.message : '';
  const summary = `${context.operation}${role} failed: ${code}${message && message !== code ? `: ${message}` : ''}`;
  const hint = HINTS[code]?.(context, message);
  if (hint) return new ActionError(summary, hint, { cause: error });
  const after = retryAccount(shape, context);
  switch (classifyError(error)) {
    case 'throttling':
      return new ActionError(
        `${summary} (AWS kept throttling${after}).`,
        'Too many calls to this API in this account and region: run fewer jobs in parallel, or ask for a higher quota.',
        { cause: error },
      );
    case 'server':
      return new ActionError(
        `${summary} (AWS server error${after}).`,
        'This is usually temporary: re-run the job, and check the AWS Health Dashboard for the region.',
        { cause: error },
      );
    case 'network':
      return new ActionError(
        `${summary} (could not reach AWS${after}).`,
        'Check the path to AWS: HTTPS_PROXY or the http-proxy input if the network needs a proxy, the endpoint for ' +
          'a VPC endpoint, and security groups / firewalls allowing outbound HTTPS.',
        { cause: error },
      );
    case 'fatal':
      return new ActionError(summary, undefined, { cause: error });
  }
}
