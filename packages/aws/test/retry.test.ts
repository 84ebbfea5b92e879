import { describe, expect, it } from '@jest/globals';
import type { RetryErrorInfo } from '@smithy/types';
import { backoffDelay, classifyError, createRetryStrategy, type ErrorClass } from '../src/transport/retry.js';

function awsError(name: string, status: number): Error {
  return Object.assign(new Error(`${name} happened`), { name, $metadata: { httpStatusCode: status } });
}

function nodeError(code: string, message = code): Error {
  return Object.assign(new Error(message), { code });
}

describe('classifyError', () => {
  it.each<[string, unknown, ErrorClass]>([
    ['STS Throttling (400)', awsError('Throttling', 400), 'throttling'],
    ['ThrottlingException', awsError('ThrottlingException', 400), 'throttling'],
    ['TooManyRequestsException', awsError('TooManyRequestsException', 429), 'throttling'],
    ['EC2 RequestLimitExceeded', awsError('RequestLimitExceeded', 503), 'throttling'],
    ['S3 SlowDown (503)', awsError('SlowDown', 503), 'throttling'],
    ['any 429', awsError('Whatever', 429), 'throttling'],
    [
      'modeled $retryable throttling',
      Object.assign(awsError('X', 400), { $retryable: { throttling: true } }),
      'throttling',
    ],
    ['query-protocol Code field', { Code: 'Throttling', message: 'Rate exceeded' }, 'throttling'],
    ['500 InternalFailure', awsError('InternalFailure', 500), 'server'],
    ['502 from a load balancer', awsError('Unknown', 502), 'server'],
    ['503 ServiceUnavailable', awsError('ServiceUnavailable', 503), 'server'],
    ['504', awsError('Unknown', 504), 'server'],
    ['501 NotImplemented is not retried', awsError('NotImplemented', 501), 'fatal'],
    ['501 with unknown code', awsError('Unknown', 501), 'fatal'],
    ['InternalError without status', { name: 'InternalError' }, 'server'],
    ['ECONNRESET', nodeError('ECONNRESET'), 'network'],
    ['ECONNREFUSED', nodeError('ECONNREFUSED'), 'network'],
    ['ETIMEDOUT', nodeError('ETIMEDOUT'), 'network'],
    ['EPIPE', nodeError('EPIPE'), 'network'],
    ['EAI_AGAIN', nodeError('EAI_AGAIN'), 'network'],
    ['ENETUNREACH', nodeError('ENETUNREACH'), 'network'],
    ['smithy TimeoutError', Object.assign(new Error('timed out'), { name: 'TimeoutError' }), 'network'],
    ['socket hang up', new Error('socket hang up'), 'network'],
    ['network error wrapped in a cause', new Error('outer', { cause: nodeError('ECONNRESET') }), 'network'],
    ['AccessDenied (403)', awsError('AccessDenied', 403), 'fatal'],
    ['AccessDeniedException', awsError('AccessDeniedException', 400), 'fatal'],
    ['AccessDenied even with a 503', awsError('AccessDenied', 503), 'fatal'],
    ['ExpiredToken', awsError('ExpiredToken', 400), 'fatal'],
    ['ExpiredTokenException', awsError('ExpiredTokenException', 400), 'fatal'],
    ['ValidationError', awsError('ValidationError', 400), 'fatal'],
    ['ValidationException', awsError('ValidationException', 400), 'fatal'],
    ['InvalidIdentityToken', awsError('InvalidIdentityToken', 400), 'fatal'],
    ['unknown 400', awsError('SomethingElse', 400), 'fatal'],
    ['404', awsError('NotFound', 404), 'fatal'],
    ['DNS name not found (permanent)', nodeError('ENOTFOUND'), 'fatal'],
    ['TLS certificate error', nodeError('SELF_SIGNED_CERT_IN_CHAIN'), 'fatal'],
    ['a string', 'boom', 'fatal'],
    ['null', null, 'fatal'],
    ['undefined', undefined, 'fatal'],
  ])('%s → %s', (_title, error, expected) => {
    expect(classifyError(error)).toBe(expected);
  });
});

describe('backoffDelay (full jitter)', () => {
  const policy = { maxAttempts: 10, baseDelayMs: 100, maxDelayMs: 1_000 };

  it.each([
    // retry, random, expected delay
    [0, 0, 0],
    [0, 0.5, 50],
    [1, 0.5, 100],
    [2, 0.5, 200],
    [3, 0.5, 400],
    [4, 0.5, 500],
    [10, 0.5, 500],
    [60, 0.5, 500],
  ])('retry %d with random %d waits %d ms', (retry, random, expected) => {
    expect(backoffDelay(retry, policy, () => random)).toBe(expected);
  });

  it('stays within [0, min(max, base × 2^retry)) for any random value', () => {
    for (let retry = 0; retry < 40; retry++) {
      const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
      for (const random of [0, 0.25, 0.999999999, 1, 1.5, -1]) {
        const delay = backoffDelay(retry, policy, () => random);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(cap);
      }
    }
  });
});

describe('createRetryStrategy', () => {
  function info(error: unknown): RetryErrorInfo {
    return { error: error as RetryErrorInfo['error'], errorType: 'CLIENT_ERROR' };
  }

  function recording(options: Parameters<typeof createRetryStrategy>[0] = {}) {
    const sleeps: number[] = [];
    const strategy = createRetryStrategy({
      random: () => 0.999,
      ...options,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });
    return { strategy, sleeps };
  }

  it('retries throttling up to maxAttempts with growing, capped waits, then rethrows the error', async () => {
    const { strategy, sleeps } = recording({ maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 300 });
    const throttled = awsError('Throttling', 400);
    let token = await strategy.acquireInitialRetryToken('');
    for (let retry = 1; retry <= 4; retry++) {
      token = await strategy.refreshRetryTokenForRetry(token, info(throttled));
      expect(token.getRetryCount()).toBe(retry);
      expect(token.getRetryDelay()).toBe(0);
    }
    await expect(strategy.refreshRetryTokenForRetry(token, info(throttled))).rejects.toBe(throttled);
    expect(sleeps).toEqual([99, 199, 299, 299]);
  });

  it.each([
    ['AccessDenied', 403],
    ['ExpiredToken', 400],
    ['ValidationError', 400],
  ])('never retries %s (HTTP %d)', async (name, status) => {
    const error = awsError(name, status);
    const { strategy, sleeps } = recording();
    const token = await strategy.acquireInitialRetryToken('');
    await expect(strategy.refreshRetryTokenForRetry(token, info(error))).rejects.toBe(error);
    expect(sleeps).toEqual([]);
  });

  it('makes exactly one attempt when maxAttempts is 1', async () => {
    const { strategy, sleeps } = recording({ maxAttempts: 1 });
    const token = await strategy.acquireInitialRetryToken('');
    await expect(strategy.refreshRetryTokenForRetry(token, info(nodeError('ECONNRESET')))).rejects.toThrow(
      'ECONNRESET',
    );
    expect(sleeps).toEqual([]);
  });

  it('honours a Retry-After hint, but never waits longer than maxDelayMs', async () => {
    const { strategy, sleeps } = recording({ random: () => 0, maxDelayMs: 5_000 });
    const token = await strategy.acquireInitialRetryToken('');
    const soon = new Date(Date.now() + 2_000);
    await strategy.refreshRetryTokenForRetry(token, { ...info(awsError('SlowDown', 503)), retryAfterHint: soon });
    const late = new Date(Date.now() + 3_600_000);
    await strategy.refreshRetryTokenForRetry(token, { ...info(awsError('SlowDown', 503)), retryAfterHint: late });
    expect(sleeps[0]).toBeGreaterThan(1_000);
    expect(sleeps[0]).toBeLessThanOrEqual(2_000);
    expect(sleeps[1]).toBe(5_000);
  });

  it('reports each retry and the give-up', async () => {
    const events: string[] = [];
    const { strategy } = recording({
      maxAttempts: 2,
      onRetry: (event) => events.push(`retry ${event.attempt}/${event.maxAttempts} ${event.errorClass}`),
      onGiveUp: (event) => events.push(`give up ${event.attempt}/${event.maxAttempts} ${event.errorClass}`),
    });
    const token = await strategy.refreshRetryTokenForRetry(
      await strategy.acquireInitialRetryToken(''),
      info(awsError('InternalFailure', 500)),
    );
    await expect(strategy.refreshRetryTokenForRetry(token, info(awsError('InternalFailure', 500)))).rejects.toThrow();
    expect(events).toEqual(['retry 1/2 server', 'give up 2/2 server']);
  });

  it('rejects a policy that is not bounded', () => {
    expect(() => createRetryStrategy({ maxAttempts: 0 })).toThrow(/maxAttempts 0 must be a whole number from 1 to 20/);
    expect(() => createRetryStrategy({ maxAttempts: Infinity })).toThrow(/maxAttempts/);
    expect(() => createRetryStrategy({ baseDelayMs: 500, maxDelayMs: 100 })).toThrow(/maxDelayMs 100 must be at least/);
  });
});
