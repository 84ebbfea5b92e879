/**
 * One AWS call with the transport's retry policy (throttling, 5xx and network errors are tried again, with the
 * strategy's backoff), for the action's own clients that sign and send requests themselves.
 */
import type { RetryErrorType, SdkError } from '@smithy/types';
import { classifyError, type ErrorClass, type TransportSettings } from '@aws-delivery/aws';

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
  for (;;) {
    try {
      const result = await attempt();
      strategy.recordSuccess(token);
      return result;
    } catch (error) {
      // Throws the error itself when it is not retried (fatal, or the last attempt).
      token = await strategy.refreshRetryTokenForRetry(token, {
        errorType: ERROR_TYPES[classifyError(error)],
        error: error as SdkError,
      });
    }
  }
}
