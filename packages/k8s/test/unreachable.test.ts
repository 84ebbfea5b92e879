// An API server that cannot be reached is reported with its host, how the request went, and what to check.
import { describe, expect, it } from '@jest/globals';
import { describeError } from '@aws-delivery/action-kit';
import { freePort } from '@aws-delivery/testing';
import { KubeClient } from '../src/kube-client.js';
import { KubeNetworkError } from '../src/kube-errors.js';

describe('an unreachable API server', () => {
  it.each([
    [{ env: {} }, 'directly (no proxy is set)'],
    [
      { env: { HTTPS_PROXY: 'http://u:p@proxy.corp:3128' }, noProxy: '127.0.0.1' },
      'directly: NO_PROXY (from no-proxy) matches 127.0.0.1, so the proxy http://***:***@proxy.corp:3128/ is not used',
    ],
  ])('%j: the error names the host and the route', async (network, route) => {
    // A port nothing listens on: the connection is refused at once.
    const port = await freePort();
    const client = new KubeClient(
      { server: `https://127.0.0.1:${port}`, ...network },
      { retry: { maxAttempts: 1 }, requestTimeoutMs: 2000 },
    );
    try {
      const error = await client.request({ method: 'GET', path: '/version' }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(KubeNetworkError);
      const line = describeError(error);
      expect(line).toMatch(new RegExp(`^GET .* on https://127\\.0\\.0\\.1:${port} failed: .*ECONNREFUSED`));
      expect(line).toContain(`Hint: The API server 127.0.0.1:${port} could not be reached ${route}`);
      expect(line).toContain('cluster-endpoint');
      expect(line).not.toContain(':p@');
    } finally {
      client.close();
    }
  });
});
