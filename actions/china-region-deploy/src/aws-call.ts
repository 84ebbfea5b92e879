/**
 * One AWS call with the transport's retry policy (throttling, 5xx and network errors are tried again, with the
 * strategy's backoff), for the action's own clients that sign and send requests themselves. An error that
 * outlives the retries is explained: the operation, the attempts, the last status, the time spent waiting, the
 * endpoint and a hint for its class. Errors that are not retried pass through as they are (callers read their
 * codes).
 */
import type { RetryErrorType, SdkError } from '@smithy/types';
import {
  classifyError,
  explainAwsError,
  stampAttempts,
  type ErrorClass,
  type TransportSettings,
} from '@aws-delivery/aws';

const ERROR_TYPES: Record<ErrorClass, RetryErrorType> = {
  throttling: 'THROTTLING',
  server: 'SERVER_ERROR',
  network: 'TRANSIENT',
  fatal: 'CLIENT_ERROR',
};

export async function withRetry<T>(
  settings: TransportSettings,
  operation: string,
  attempt: () => Promise<T>,
): Promise<T> {
  const strategy = settings.retryStrategy;
  let token = await strategy.acquireInitialRetryToken(operation);
  let attempts = 0;
  let waited = 0;
  for (;;) {
    attempts += 1;
    try {
      const result = await attempt();
      strategy.recordSuccess(token);
      return result;
    } catch (error) {
      const errorClass = classifyError(error);
      stampAttempts(error, attempts, waited);
      const started = Date.now();
      try {
        // Throws the error itself when it is not retried (fatal, or the last attempt).
        token = await strategy.refreshRetryTokenForRetry(token, {
          errorType: ERROR_TYPES[errorClass],
          error: error as SdkError,
        });
      } catch (final) {
        if (errorClass === 'fatal') throw final;
        throw explainAwsError(final, {
          operation,
          region: settings.region,
          ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
        });
      }
      waited += Date.now() - started;
    }
  }
}
