import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect as tlsConnect } from 'node:tls';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startFaultProxy, startFaultServer, type FaultServer } from '@aws-delivery/testing';

/** Sends CONNECT for `target` and resolves with the proxy's status and the tunnel's socket (or the error code). */
function connectThrough(
  proxyUrl: string,
  target: string,
  timeoutMs?: number,
): Promise<{ status?: number; socket?: Socket; code?: string }> {
  const proxy = new URL(proxyUrl);
  return new Promise((resolve) => {
    const request = httpRequest({
      host: proxy.hostname,
      port: proxy.port,
      method: 'CONNECT',
      path: target,
      agent: false,
    });
    request.on('connect', (response, socket) => resolve({ status: response.statusCode ?? 0, socket }));
    if (timeoutMs)
      request.setTimeout(timeoutMs, () =>
        request.destroy(Object.assign(new Error('timeout'), { code: 'CLIENT_TIMEOUT' })),
      );
    request.on('error', (error: NodeJS.ErrnoException) => resolve({ code: error.code ?? error.message }));
    request.end();
  });
}

/** A GET over TLS inside an open tunnel; resolves with the status line. */
function getOverTunnel(socket: Socket, ca: string, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const secure = tlsConnect({ socket, ca, servername: 'localhost' }, () => {
      secure.write(`GET /through HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
    });
    let text = '';
    secure.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    secure.on('end', () => resolve(text.split('\r\n')[0] ?? ''));
    secure.on('error', reject);
  });
}

describe('fault proxy', () => {
  let target: FaultServer;
  let ca: string;
  beforeAll(async () => {
    target = await startFaultServer({ tls: true });
    ca = readFileSync(target.caCertPath ?? '', 'utf8');
  });
  afterAll(() => target.stop());

  it('tunnels CONNECT to the target and records it', async () => {
    const proxy = await startFaultProxy();
    try {
      const host = `127.0.0.1:${target.port}`;
      const tunnel = await connectThrough(proxy.url, host);
      expect(tunnel.status).toBe(200);
      expect(await getOverTunnel(tunnel.socket as Socket, ca, host)).toBe('HTTP/1.1 200 OK');
      expect(proxy.requests()).toEqual([expect.objectContaining({ method: 'CONNECT', target: host, fault: 'tunnel' })]);
      expect(target.requests().map((r) => r.path)).toContain('/through');
    } finally {
      await proxy.stop();
    }
  });

  it('forwards absolute-form requests for http:// targets', async () => {
    const plain = await startFaultServer();
    const proxy = await startFaultProxy();
    try {
      const status = await new Promise<number>((resolve, reject) => {
        const request = httpRequest(
          { host: '127.0.0.1', port: proxy.port, path: `${plain.endpoint}/plain?x=1`, agent: false },
          (response) => {
            response.resume();
            resolve(response.statusCode ?? 0);
          },
        );
        request.on('error', reject);
        request.end();
      });
      expect(status).toBe(200);
      expect(plain.requests().map((r) => r.path)).toEqual(['/plain?x=1']);
      expect(proxy.requests()[0]).toMatchObject({ method: 'GET', target: `${plain.endpoint}/plain?x=1` });
    } finally {
      await Promise.all([proxy.stop(), plain.stop()]);
    }
  });

  it('refuses CONNECT with the status it is given', async () => {
    const proxy = await startFaultProxy({ faults: [{ kind: 'refuse', status: 403 }] });
    try {
      const refused = await connectThrough(proxy.url, `127.0.0.1:${target.port}`);
      expect(refused.status).toBe(403);
      refused.socket?.destroy();
      expect((await connectThrough(proxy.url, `127.0.0.1:${target.port}`)).status).toBe(200);
    } finally {
      await proxy.stop();
    }
  });

  it('accepts TCP and never answers CONNECT: a client without a timeout hangs until the proxy goes', async () => {
    const proxy = await startFaultProxy({ then: { kind: 'hang' } });
    let settled = false;
    const hung = connectThrough(proxy.url, `127.0.0.1:${target.port}`).finally(() => {
      settled = true;
    });
    try {
      expect(await connectThrough(proxy.url, `127.0.0.1:${target.port}`, 500)).toEqual({ code: 'CLIENT_TIMEOUT' });
      // Still waiting a second later: nothing on the proxy's side will ever end it.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(settled).toBe(false);
      expect(proxy.connections()).toBe(2);
      expect(proxy.requests()).toEqual([]);
    } finally {
      await proxy.stop();
    }
    expect((await hung).code).toBe('ECONNRESET');
  });
});
