// createHttpClient against a local server: any answer comes back as it is, 429 / 5xx / dropped connections are
// retried with backoff (Retry-After honoured, capped), 4xx and 501 are never retried, and the attempts are bounded.
// A request marked not idempotent is sent again only after a 429 or a connection that was never made.
import { afterEach, describe, expect, it } from '@jest/globals';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpClient, neverSent } from '../../src/transport/http-client.js';

type Answer = (response: ServerResponse) => void;

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

/** Answers the n-th request with answers[n] (the last one again after that); counts requests. */
async function scripted(answers: Answer[]): Promise<{ url: URL; count: () => number }> {
  let n = 0;
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const answer = answers[Math.min(n, answers.length - 1)]!;
      n += 1;
      answer(res);
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: new URL(`http://127.0.0.1:${port}/api/health`), count: () => n };
}

const status =
  (code: number, headers: Record<string, string> = {}): Answer =>
  (res) =>
    res.writeHead(code, { 'content-type': 'application/json', ...headers }).end(`{"status":${code}}`);
const drop: Answer = (res) => res.socket?.destroy();

function client(waits: number[], maxAttempts = 4) {
  const log: string[] = [];
  return {
    log,
    http: createHttpClient({
      label: 'Grafana',
      env: {},
      log: (line) => log.push(line),
      retry: {
        maxAttempts,
        baseDelayMs: 100,
        maxDelayMs: 5_000,
        random: () => 0.5,
        sleep: async (ms) => void waits.push(ms),
      },
    }),
  };
}

describe('createHttpClient', () => {
  it.each([
    ['429 then 200', 200, 2, [status(429), status(200)]],
    ['503, 502 then 200', 200, 3, [status(503), status(502), status(200)]],
    ['a dropped connection then 200', 200, 2, [drop, status(200)]],
    ['404', 404, 1, [status(404)]],
    ['412', 412, 1, [status(412)]],
    ['501 (not implemented: never retried)', 501, 1, [status(501)]],
    ['500 every time', 500, 4, [status(500)]],
  ] as [string, number, number, Answer[]][])(
    '%s: final status %s after %s attempt(s)',
    async (_what, final, attempts, answers) => {
      const server = await scripted(answers);
      const waits: number[] = [];
      const { http, log } = client(waits);
      const answer = await http.send({ method: 'GET', url: server.url, headers: {} });
      http.destroy();
      expect(answer.statusCode).toBe(final);
      expect(server.count()).toBe(attempts);
      expect(answer.attempts).toBe(attempts);
      expect(answer.totalRetryDelay).toBe(waits.reduce((sum, ms) => sum + ms, 0));
      expect(waits).toHaveLength(attempts - 1);
      expect(log.filter((l) => l.includes('retrying in'))).toHaveLength(attempts - 1);
      expect(log[0]).toMatch(/^Grafana client: .*up to 4 attempts \(429, 5xx and network errors only\)/);
    },
  );

  it('waits as Retry-After says, never longer than the cap', async () => {
    const server = await scripted([
      status(429, { 'retry-after': '2' }),
      status(429, { 'retry-after': '60' }),
      status(200),
    ]);
    const waits: number[] = [];
    const { http } = client(waits);
    expect((await http.send({ method: 'GET', url: server.url, headers: {} })).statusCode).toBe(200);
    http.destroy();
    expect(waits).toEqual([2000, 5000]);
  });

  it('throws the transport error when the last attempt gets no answer', async () => {
    const server = await scripted([drop]);
    const waits: number[] = [];
    const { http } = client(waits, 2);
    const failure = await http.send({ method: 'GET', url: server.url, headers: {} }).catch((error: unknown) => error);
    http.destroy();
    expect(failure).toBeInstanceOf(Error);
    // The attempts ride on the error, for a message that says what the retries did.
    expect(failure).toMatchObject({ $metadata: { attempts: 2, totalRetryDelay: waits[0] } });
    expect(server.count()).toBe(2);
  });

  describe('a request that is not idempotent (idempotent: false)', () => {
    it.each([
      ['503', 1, [status(503), status(200)]],
      ['500 every time', 1, [status(500)]],
      ['429 then 201 (refused before it was processed)', 2, [status(429), status(201)]],
    ] as [string, number, Answer[]][])('%s: %s attempt(s)', async (_what, attempts, answers) => {
      const server = await scripted(answers);
      const waits: number[] = [];
      const { http, log } = client(waits);
      await http.send({ method: 'POST', url: server.url, headers: {} }, { idempotent: false });
      http.destroy();
      expect(server.count()).toBe(attempts);
      expect(waits).toHaveLength(attempts - 1);
      if (attempts === 1) expect(log.at(-1)).toMatch(/answered 5\d\d: not retried, since it may have been processed/);
    });

    it('is not sent again when the answer is lost after the server handled it', async () => {
      const server = await scripted([drop, status(201)]);
      const { http, log } = client([]);
      const failure = await http
        .send({ method: 'POST', url: server.url, headers: {} }, { idempotent: false })
        .catch((error: unknown) => error);
      http.destroy();
      expect(failure).toBeInstanceOf(Error);
      expect(neverSent(failure)).toBe(false);
      expect(server.count()).toBe(1);
      expect(log.at(-1)).toMatch(/not retried, since it may have been processed/);
    });

    it('is sent again when the connection was refused: nothing reached a server', async () => {
      const closed = await scripted([status(200)]);
      const url = closed.url;
      await new Promise((resolve) => server!.close(resolve));
      server = undefined;
      const waits: number[] = [];
      const { http, log } = client(waits, 3);
      const failure = await http
        .send({ method: 'POST', url, headers: {} }, { idempotent: false })
        .catch((error: unknown) => error);
      http.destroy();
      expect(neverSent(failure)).toBe(true);
      expect(waits).toHaveLength(2);
      expect(log.filter((l) => /failed \(.*refused.*\).*retrying in/.test(l))).toHaveLength(2);
    });
  });
});
