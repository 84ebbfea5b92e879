import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { describeWithServices, startSquid, type SquidService } from '@aws-delivery/testing';
import { httpGet } from '../../src/transport/http-get.js';

/** Bytes that are not valid UTF-8: a body must come back as sent, never decoded and encoded again. */
const RAW = Buffer.from([0x7b, 0xff, 0xfe, 0x00, 0x7d]);

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/raw') {
      res.writeHead(200, { 'docker-content-digest': 'sha256:abc', 'x-seen-accept': req.headers.accept ?? '' });
      res.end(RAW);
    } else if (req.url === '/big') {
      res.writeHead(200);
      res.end(Buffer.alloc(64 * 1024));
    } else if (req.url === '/silent') {
      res.writeHead(200);
      res.write('started');
      // never ends
    } else {
      res.writeHead(302, { location: '/raw' });
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('httpGet', () => {
  it('answers with the status, the headers and the body bytes exactly as sent, passing the request headers', async () => {
    const answer = await httpGet(new URL(`${base}/raw`), { headers: { accept: 'application/json' } });
    expect(answer.status).toBe(200);
    expect(answer.headers['docker-content-digest']).toBe('sha256:abc');
    expect(answer.headers['x-seen-accept']).toBe('application/json');
    expect(answer.body.equals(RAW)).toBe(true);
  });

  it('does not follow redirects: the caller decides', async () => {
    const answer = await httpGet(new URL(`${base}/elsewhere`));
    expect(answer.status).toBe(302);
    expect(answer.headers.location).toBe('/raw');
  });

  it('fails a body larger than maxBytes', async () => {
    await expect(httpGet(new URL(`${base}/big`), { maxBytes: 1024 })).rejects.toThrow(
      'the answer is larger than 1024 bytes',
    );
  });

  it('fails an answer that goes silent, naming the host and the limit', async () => {
    await expect(httpGet(new URL(`${base}/silent`), { timeoutMs: 200 })).rejects.toThrow(
      `no response from 127.0.0.1:${new URL(base).port} within 200 ms`,
    );
  });
});

describeWithServices(['squid'], 'httpGet through a proxy', () => {
  let squid: SquidService;
  beforeAll(async () => {
    squid = await startSquid();
  }, 60_000);
  afterAll(async () => {
    await squid?.stop();
  });

  it('goes through the proxy it is given, with its credentials', async () => {
    const answer = await httpGet(new URL(`${base}/raw`), { proxy: squid.urlWithCredentials });
    expect(answer.body.equals(RAW)).toBe(true);
    expect(await squid.waitForAccessLog(`${base}/raw`)).toContain(squid.username);
  });
});
