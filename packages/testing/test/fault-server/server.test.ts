import { readFileSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { burst, GARBAGE_BODY, startFaultServer, type FaultServer } from '@aws-delivery/testing';

/** What a plain Node client saw: the answer (status, announced length, bytes read) or the error's code. */
interface Seen {
  status?: number;
  announced?: number;
  received?: number;
  body?: string;
  /** Where it failed: before the status line (`request`), or while the body arrived (`body`). */
  failedIn?: 'request' | 'body';
  code?: string;
}

function get(url: string, options: { path?: string; timeoutMs?: number; ca?: string } = {}): Promise<Seen> {
  const target = new URL(options.path ?? '/', url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    // Once the answer has begun, Node reports a broken connection on the request, not on the response.
    let answered: (() => Seen) | undefined;
    const request = send(target, { agent: false, ...(options.ca ? { ca: options.ca } : {}) }, (response) => {
      const chunks: Buffer[] = [];
      const seen = (answered = (): Seen => {
        const body = Buffer.concat(chunks);
        return {
          status: response.statusCode ?? 0,
          announced: Number(response.headers['content-length']),
          received: body.length,
          body: body.toString('utf8'),
        };
      });
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve(seen()));
      response.on('error', (error: NodeJS.ErrnoException) =>
        resolve({ ...seen(), failedIn: 'body', code: error.code ?? error.message }),
      );
    });
    if (options.timeoutMs)
      request.setTimeout(options.timeoutMs, () =>
        request.destroy(Object.assign(new Error('timeout'), { code: 'CLIENT_TIMEOUT' })),
      );
    request.on('error', (error: NodeJS.ErrnoException) => {
      const code = error.code ?? error.message;
      resolve(answered ? { ...answered(), failedIn: 'body', code } : { failedIn: 'request', code });
    });
    request.end();
  });
}

/** A small real upstream: answers every request with a JSON body naming its method and path. */
function startUpstream(): Promise<{ url: string; server: Server; seen: IncomingHttpHeaders[] }> {
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer((request, response) => {
    seen.push(request.headers);
    const body = JSON.stringify({ method: request.method, path: request.url, padding: 'x'.repeat(4000) });
    response.writeHead(200, { 'content-type': 'application/json', 'x-upstream': 'yes' }).end(body);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, seen }),
    ),
  );
}

describe('fault server in front of an upstream', () => {
  let upstream: Awaited<ReturnType<typeof startUpstream>>;
  let faults: FaultServer;
  beforeAll(async () => {
    upstream = await startUpstream();
    faults = await startFaultServer({ upstream: upstream.url });
  });
  afterEach(() => faults.reset());
  afterAll(async () => {
    await faults.stop();
    await new Promise((resolve) => upstream.server.close(resolve));
  });

  it('passes requests through unchanged, Host header included, and records them', async () => {
    const seen = await get(faults.endpoint, { path: '/a?b=1' });
    expect(seen.status).toBe(200);
    expect(JSON.parse(seen.body ?? '')).toMatchObject({ method: 'GET', path: '/a?b=1' });
    expect(upstream.seen.at(-1)?.host).toBe(`127.0.0.1:${faults.port}`);
    expect(faults.requests()).toEqual([
      expect.objectContaining({ method: 'GET', path: '/a?b=1', fault: 'pass', time: expect.any(Number) }),
    ]);
  });

  it('answers a 503 burst of 2, then passes through', async () => {
    faults.setFaults({ faults: burst(503, 2) });
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await get(faults.endpoint)).status);
    expect(statuses).toEqual([503, 503, 200]);
    expect(faults.requests().map((r) => r.fault)).toEqual(['status', 'status', 'pass']);
  });

  it('applies faults only to the requests the script matches', async () => {
    faults.setFaults({ faults: burst(429, 1), match: (request) => request.path.startsWith('/api') });
    expect((await get(faults.endpoint, { path: '/health' })).status).toBe(200);
    expect((await get(faults.endpoint, { path: '/api/x' })).status).toBe(429);
    expect((await get(faults.endpoint, { path: '/api/x' })).status).toBe(200);
  });

  it('matches on the request body, as a Query API names its action there', async () => {
    faults.setFaults({ faults: burst(503, 1), match: (request) => request.body.includes('Action=CreateChangeSet') });
    const post = (body: string) =>
      new Promise<number>((resolve, reject) => {
        const request = httpRequest(faults.endpoint, { method: 'POST', agent: false }, (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        });
        request.on('error', reject);
        request.end(body);
      });
    expect(await post('Action=DescribeStacks')).toBe(200);
    expect(await post('Action=CreateChangeSet&StackName=a')).toBe(503);
    expect(faults.requests().map((r) => [r.body, r.fault])).toEqual([
      ['Action=DescribeStacks', 'pass'],
      ['Action=CreateChangeSet&StackName=a', 'status'],
    ]);
  });

  it('a persistent fault (then) applies to every request', async () => {
    faults.setFaults({ then: { kind: 'status', status: 503 } });
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await get(faults.endpoint)).status);
    expect(statuses).toEqual([503, 503, 503]);
  });

  it('adds latency before passing the answer on', async () => {
    faults.setFaults({ faults: [{ kind: 'latency', ms: 300 }] });
    const started = Date.now();
    const seen = await get(faults.endpoint);
    // A lower bound only: the answer cannot come before the added wait, however loaded the machine is.
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(seen.status).toBe(200);
    expect(faults.requests()[0]?.fault).toBe('latency');
  });

  it('a reset before the headers is ECONNRESET to a Node client, with no status', async () => {
    faults.setFaults({ faults: [{ kind: 'reset-before-headers' }] });
    expect(await get(faults.endpoint)).toEqual({ failedIn: 'request', code: 'ECONNRESET' });
  });

  it('a reset mid-body gives the status and part of the body, then ECONNRESET', async () => {
    faults.setFaults({ faults: [{ kind: 'reset-mid-body' }] });
    const seen = await get(faults.endpoint);
    expect(seen).toMatchObject({ status: 200, failedIn: 'body', code: 'ECONNRESET' });
    expect(seen.received).toBeLessThan(seen.announced ?? 0);
  });

  it('a truncated body announces the whole length, sends half and closes cleanly', async () => {
    faults.setFaults({ faults: [{ kind: 'truncate' }] });
    const seen = await get(faults.endpoint);
    expect(seen.status).toBe(200);
    expect(seen.failedIn).toBe('body');
    expect(seen.received).toBe(Math.floor((seen.announced ?? 0) / 2));
  });

  it('a garbage body is neither JSON nor XML and carries workflow-command lines', async () => {
    faults.setFaults({ faults: [{ kind: 'garbage' }] });
    const seen = await get(faults.endpoint);
    expect(seen.status).toBe(200);
    expect(seen.body).toBe(GARBAGE_BODY);
    expect(() => JSON.parse(seen.body ?? '')).toThrow();
    expect(seen.body).not.toMatch(/^<\?xml/);
    expect(seen.body).toMatch(/^::error/m);
  });

  it('accepts and never answers: a client with a timeout gives up, the request is recorded', async () => {
    faults.setFaults({ faults: [{ kind: 'hang' }] });
    expect(await get(faults.endpoint, { timeoutMs: 500 })).toEqual({ failedIn: 'request', code: 'CLIENT_TIMEOUT' });
    expect(faults.requests().map((r) => r.fault)).toEqual(['hang']);
  });
});

describe('fault server alone', () => {
  it('answers passed requests with its own answer, and a hung request ends when the server stops', async () => {
    const faults = await startFaultServer({
      answer: () => ({ status: 201, headers: { 'content-type': 'text/plain' }, body: Buffer.from('made') }),
      faults: { faults: [{ kind: 'pass' }, { kind: 'hang' }] },
    });
    try {
      expect(await get(faults.endpoint)).toMatchObject({ status: 201, body: 'made' });
      let settled = false;
      // No client timeout: only the server's stop can end this one.
      const hung = get(faults.endpoint).finally(() => {
        settled = true;
      });
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(settled).toBe(false);
      await faults.stop();
      expect((await hung).failedIn).toBe('request');
    } finally {
      await faults.stop().catch(() => undefined);
    }
  });

  it('serves HTTPS with a certificate from its own CA, resets included', async () => {
    const faults = await startFaultServer({
      tls: true,
      faults: { faults: [...burst(503, 1), { kind: 'reset-before-headers' }, { kind: 'reset-mid-body' }] },
    });
    try {
      const ca = readFileSync(faults.caCertPath ?? '', 'utf8');
      expect(faults.endpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect((await get(faults.endpoint, { ca })).status).toBe(503);
      expect(await get(faults.endpoint, { ca })).toEqual({ failedIn: 'request', code: 'ECONNRESET' });
      expect(await get(faults.endpoint, { ca })).toMatchObject({ status: 200, failedIn: 'body', code: 'ECONNRESET' });
      expect((await get(faults.endpoint, { ca })).status).toBe(200);
      // Without the CA, the certificate is refused.
      expect((await get(faults.endpoint)).code).toMatch(/CERT|VERIFY/);
    } finally {
      await faults.stop();
    }
  });
});
