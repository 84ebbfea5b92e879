// action-timeout-seconds ends the bundle's process while a request is still waiting on a proxy that accepted the
// connection and never answers, and says what it was waiting for: the endpoint and the proxy.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { simulateStep, startSilentServer, type SilentServer } from '@aws-delivery/testing';

describe('the assume-role bundle behind a proxy that never answers, with a request timeout longer than the step', () => {
  let proxy: SilentServer;
  beforeAll(async () => {
    proxy = await startSilentServer();
  });
  afterAll(() => proxy.close());

  it('ends at action-timeout-seconds with one error naming the endpoint and the proxy', async () => {
    const started = Date.now();
    const result = await simulateStep({
      action: 'assume-role',
      post: false,
      inputs: {
        'aws-region': 'eu-west-1',
        'aws-access-key-id': 'AKIAIOSFODNN7EXAMPLE',
        'aws-secret-access-key': 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
        'role-to-assume': 'arn:aws:iam::111111111111:role/deploy',
        // Nothing listens there, and nothing need: the proxy takes the request and never answers it.
        'sts-endpoint': 'http://127.0.0.1:9',
        'http-proxy': proxy.url,
        'request-timeout-seconds': '300',
        'action-timeout-seconds': '30',
      },
      env: { NO_PROXY: '', no_proxy: '' },
      // Generous: only that the process ends on its own, long before the request timeout.
      timeoutMs: 120_000,
    });
    expect(result.timedOut).toBe(false);
    expect(result.exitCode).toBe(1);
    expect(Date.now() - started).toBeLessThan(120_000);
    expect(proxy.connections()).toBeGreaterThanOrEqual(1);
    const errors = result.annotations.filter((a) => a.level === 'error').map((a) => a.message);
    expect(errors).toEqual([
      `assume-role: timed out after 30 s while waiting for an answer from 127.0.0.1:9 through proxy ${proxy.url}/ ` +
        "(from http-proxy). Raise the action's timeout input if the work legitimately takes longer.",
    ]);
  }, 180_000);
});
