// A proxy that accepts the connection and never answers CONNECT: a request still waiting for its socket must fail
// at its deadline (Node emits no error when such a request is destroyed), and a watch must end when it is aborted.
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { startFaultProxy, type FaultProxy } from '@aws-delivery/testing';
import { KubeClient } from '../../src/kube-client.js';
import { KubeNetworkError } from '../../src/kube-errors.js';

let proxy: FaultProxy;
beforeAll(async () => {
  proxy = await startFaultProxy({ then: { kind: 'hang' } });
});
afterAll(() => proxy.stop());

// Nothing listens on port 9, and nothing need: the proxy is asked for a tunnel and never answers.
const client = () =>
  new KubeClient(
    { server: 'https://localhost:9', proxy: proxy.url, noProxy: '' },
    { requestTimeoutMs: 500, retry: { maxAttempts: 2, baseDelayMs: 10 } },
  );

it('fails a request at its deadline, after its attempts, naming the proxy', async () => {
  const kube = client();
  const before = proxy.connections();
  const error = await kube.get('/version').catch((e: unknown) => e);
  kube.close();
  expect(error).toBeInstanceOf(KubeNetworkError);
  expect((error as Error).message).toBe(
    'GET /version on https://localhost:9 failed after 2 attempts: no complete answer within 500 ms (ETIMEDOUT)',
  );
  expect((error as KubeNetworkError).hint).toContain(`through the proxy ${proxy.url}/`);
  expect(proxy.connections() - before).toBe(2);
});

it('ends a watch that is aborted while the proxy has not answered', async () => {
  const kube = new KubeClient(
    { server: 'https://localhost:9', proxy: proxy.url, noProxy: '' },
    // A deadline far beyond the abort: only the abort can end this watch.
    { requestTimeoutMs: 600_000 },
  );
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 300);
  const events: unknown[] = [];
  for await (const event of kube.watch('/api/v1/namespaces/shop/pods', {}, controller.signal)) events.push(event);
  kube.close();
  expect(events).toEqual([]);
  expect(controller.signal.aborted).toBe(true);
});
