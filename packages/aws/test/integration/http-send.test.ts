import { afterEach, describe, expect, it } from '@jest/globals';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { describeError } from '@aws-delivery/action-kit';
import { startSilentServer } from '@aws-delivery/testing';
import { AwsTransportError } from '../../src/transport/transport-errors.js';
import { classifyError } from '../../src/transport/retry.js';
import { resolveProxySettings, type Environment } from '../../src/transport/proxy.js';
import { ResponseTooLargeError, sendOnce } from '../../src/transport/http-send.js';
import { TransportRoutes } from '../../src/transport/routes.js';

const PROXY_PASSWORD = 'S3cret:proxy@pass';

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A local server: records requests and the connections they came on, answers with `answer`. */
async function startServer(answer: (response: ServerResponse, request: Received) => void) {
  const received: Received[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const request = {
        method: incoming.method ?? '',
        url: incoming.url ?? '',
        headers: incoming.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      received.push(request);
      answer(response, request);
    });
  });
  server.on('connection', (socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    received,
    connections: () => sockets.size,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function failureOf(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected the request to fail');
}

describe('sendOnce (node:http on TransportRoutes)', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  function routes(
    env: Environment = {},
    limits: { requestTimeoutMs?: number; connectTimeoutMs?: number } = {},
    lines: string[] = [],
  ): TransportRoutes {
    const made = new TransportRoutes({
      proxy: resolveProxySettings({ env }),
      requestTimeoutMs: limits.requestTimeoutMs ?? 5_000,
      connectTimeoutMs: limits.connectTimeoutMs ?? 5_000,
      log: (line) => lines.push(line),
    });
    cleanups.push(() => made.destroy());
    return made;
  }

  async function server(answer: Parameters<typeof startServer>[0]) {
    const started = await startServer(answer);
    cleanups.push(started.close);
    return started;
  }

  async function silentServer() {
    const started = await startSilentServer();
    cleanups.push(started.close);
    return started;
  }

  it('sends method, path, query, headers and body as given and returns the whole answer', async () => {
    const local = await server((response) => {
      response.writeHead(201, 'Made', { 'x-amzn-requestid': 'req-1' });
      response.end('<Done/>');
    });
    const lines: string[] = [];
    const answer = await sendOnce(
      {
        method: 'POST',
        url: new URL(`${local.url}/base/?a=1&b=x%20y`),
        headers: { host: `127.0.0.1:${local.port}`, 'content-type': 'text/plain', 'x-amz-date': '20250101T000000Z' },
        body: 'hello',
      },
      routes({}, {}, lines),
      { maxResponseBytes: 1024 },
    );
    expect(answer).toMatchObject({ statusCode: 201, statusText: 'Made' });
    expect(answer.headers['x-amzn-requestid']).toBe('req-1');
    expect(answer.body.toString('utf8')).toBe('<Done/>');
    expect(local.received).toEqual([
      {
        method: 'POST',
        url: '/base/?a=1&b=x%20y',
        headers: expect.objectContaining({
          host: `127.0.0.1:${local.port}`,
          'content-type': 'text/plain',
          'x-amz-date': '20250101T000000Z',
        }),
        body: 'hello',
      },
    ]);
    expect(lines).toEqual([`AWS requests to 127.0.0.1:${local.port} go direct.`]);
  });

  it('keeps the connection alive for the next request on the same route', async () => {
    const local = await server((response) => response.end('ok'));
    const shared = routes();
    for (let i = 0; i < 3; i++) {
      const answer = await sendOnce({ method: 'GET', url: new URL(local.url), headers: {} }, shared, {
        maxResponseBytes: 10,
      });
      expect(answer.body.toString()).toBe('ok');
    }
    expect(local.connections()).toBe(1);
  });

  it('fails a request that is never answered within the request timeout, naming the endpoint', async () => {
    const silent = await silentServer();
    const started = Date.now();
    const error = await failureOf(
      sendOnce(
        { method: 'GET', url: new URL(`http://127.0.0.1:${silent.port}/`), headers: {} },
        routes({}, { requestTimeoutMs: 500 }),
        {
          maxResponseBytes: 10,
        },
      ),
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error).toBeInstanceOf(AwsTransportError);
    expect(error).toMatchObject({
      failure: 'request-timeout',
      code: 'ETIMEDOUT',
      endpoint: `127.0.0.1:${silent.port}`,
    });
    expect(error.message).toBe(`No answer from 127.0.0.1:${silent.port} within the 500 ms request timeout.`);
    expect(classifyError(error)).toBe('network');
  });

  it('fails within the connect timeout when the proxy never answers CONNECT, naming proxy and endpoint', async () => {
    const silent = await silentServer();
    const proxy = `http://ci:${encodeURIComponent(PROXY_PASSWORD)}@127.0.0.1:${silent.port}`;
    const started = Date.now();
    const error = await failureOf(
      sendOnce(
        { method: 'POST', url: new URL('https://sts.us-east-1.amazonaws.com/'), headers: {}, body: 'x' },
        routes({ HTTPS_PROXY: proxy }, { connectTimeoutMs: 500, requestTimeoutMs: 20_000 }),
        { maxResponseBytes: 10 },
      ),
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error).toMatchObject({ failure: 'connect-timeout', code: 'ETIMEDOUT' });
    expect(error.message).toBe(
      `Could not connect to proxy http://***:***@127.0.0.1:${silent.port}/ (for sts.us-east-1.amazonaws.com:443) ` +
        'within the 500 ms connect timeout.',
    );
    expect(describeError(error)).not.toContain(encodeURIComponent(PROXY_PASSWORD));
    expect(silent.connections()).toBe(1);
  });

  it('explains a refused connection and an unknown host', async () => {
    const closed = await startSilentServer();
    await closed.close();
    const refused = await failureOf(
      sendOnce({ method: 'GET', url: new URL(`http://127.0.0.1:${closed.port}/`), headers: {} }, routes(), {
        maxResponseBytes: 10,
      }),
    );
    expect(refused).toMatchObject({ failure: 'refused', code: 'ECONNREFUSED' });
    expect(refused.message).toBe(
      `The connection to 127.0.0.1:${closed.port} was refused (ECONNREFUSED): nothing listens there.`,
    );
    const unknown = await failureOf(
      sendOnce({ method: 'GET', url: new URL('http://sts.example.invalid/'), headers: {} }, routes(), {
        maxResponseBytes: 10,
      }),
    );
    expect(unknown).toMatchObject({ failure: 'dns' });
    expect(unknown.message).toMatch(
      /^The host name of sts\.example\.invalid:80 could not be resolved \((ENOTFOUND|EAI_AGAIN)\)\.$/,
    );
  }, 30_000);

  it('explains a connection closed before the answer as a reset, not a timeout', async () => {
    const local = await server((response) => response.socket?.destroy());
    const error = await failureOf(
      sendOnce({ method: 'GET', url: new URL(local.url), headers: {} }, routes(), { maxResponseBytes: 10 }),
    );
    expect(error).toMatchObject({ failure: 'reset', code: 'ECONNRESET' });
    expect(error.message).toBe(
      `The connection to 127.0.0.1:${local.port} was closed before the server answered (ECONNRESET).`,
    );
    expect(classifyError(error)).toBe('network');
  });

  it('fails an answer whose body stops arriving for longer than the request timeout', async () => {
    const local = await server((response) => {
      response.writeHead(200, { 'content-length': '100' });
      response.write('partial');
    });
    const started = Date.now();
    const error = await failureOf(
      sendOnce({ method: 'GET', url: new URL(local.url), headers: {} }, routes({}, { requestTimeoutMs: 500 }), {
        maxResponseBytes: 1000,
      }),
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error.message).toBe(
      `The answer from 127.0.0.1:${local.port} broke off: nothing arrived for 500 ms (the request timeout)`,
    );
    expect(error.code).toBe('ETIMEDOUT');
    expect(classifyError(error)).toBe('network');
  });

  it('fails an answer that breaks off halfway as a network error', async () => {
    const local = await server((response) => {
      response.writeHead(200, { 'content-length': '100' });
      response.write('partial', () => response.socket?.destroy());
    });
    const error = await failureOf(
      sendOnce({ method: 'GET', url: new URL(local.url), headers: {} }, routes(), { maxResponseBytes: 1000 }),
    );
    expect(error.message).toMatch(new RegExp(`^The answer from 127\\.0\\.0\\.1:${local.port} broke off: `));
    expect(error.code).toBe('ECONNRESET');
    expect(classifyError(error)).toBe('network');
  });

  it('stops reading an answer larger than the cap, and never retries it', async () => {
    const local = await server((response) => response.end('x'.repeat(64 * 1024)));
    const error = await failureOf(
      sendOnce({ method: 'GET', url: new URL(local.url), headers: {} }, routes(), { maxResponseBytes: 1024 }),
    );
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error.message).toBe(`The answer from 127.0.0.1:${local.port} is larger than 1024 bytes.`);
    expect(classifyError(error)).toBe('fatal');
    // A cap of exactly the size lets it through.
    const exact = await sendOnce({ method: 'GET', url: new URL(local.url), headers: {} }, routes(), {
      maxResponseBytes: 64 * 1024,
    });
    expect(exact.body).toHaveLength(64 * 1024);
  });
});
