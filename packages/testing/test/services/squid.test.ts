import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { createServer as createHttpServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { createTestCa, describeWithServices, startSquid, type SquidService } from '@aws-delivery/testing';
import { leftovers } from './process-leaks.js';

interface ProxyResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

/** The proxy credentials as a client would take them from the proxy URL. */
function credentialsFrom(proxyUrl: string): string {
  const url = new URL(proxyUrl);
  return basic(decodeURIComponent(url.username), decodeURIComponent(url.password));
}

/** GET an absolute http:// URL through the proxy (the way HTTP_PROXY clients send plain HTTP). */
function getViaProxy(squid: SquidService, target: string, proxyAuthorization?: string): Promise<ProxyResponse> {
  return new Promise((resolve, reject) => {
    const headers = proxyAuthorization ? { 'proxy-authorization': proxyAuthorization } : undefined;
    const req = request({ host: '127.0.0.1', port: squid.port, path: target, headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** CONNECT through the proxy, then TLS to the target trusting `ca`, then one HTTPS GET inside the tunnel. */
function getViaTunnel(squid: SquidService, authority: string, ca: string, proxyAuthorization?: string) {
  return new Promise<{ connectStatus: number; body?: string }>((resolve, reject) => {
    const headers = proxyAuthorization ? { 'proxy-authorization': proxyAuthorization } : undefined;
    const req = request({
      host: '127.0.0.1',
      port: squid.port,
      method: 'CONNECT',
      path: authority,
      headers,
      agent: false,
    });
    req.on('connect', (res, socket) => {
      if (res.statusCode !== 200) {
        socket.destroy();
        resolve({ connectStatus: res.statusCode ?? 0 });
        return;
      }
      const tls = connect({ socket, ca, servername: 'localhost' }, () => {
        tls.write(`GET /through-tunnel HTTP/1.1\r\nHost: ${authority}\r\nConnection: close\r\n\r\n`);
      });
      let raw = '';
      tls.setEncoding('utf8');
      tls.on('data', (chunk: string) => (raw += chunk));
      tls.on('end', () => resolve({ connectStatus: 200, body: raw.split('\r\n\r\n').slice(1).join('\r\n\r\n') }));
      tls.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : -1);
    }),
  );
}

describeWithServices(['squid', 'openssl'], 'startSquid', () => {
  let squid: SquidService;
  let origin: Server;
  let originPort: number;
  let tlsOrigin: Server;
  let tlsOriginPort: number;
  let caPem: string;
  let caDir: string;
  const originRequests: string[] = [];

  beforeAll(async () => {
    origin = createHttpServer((req, res) => {
      originRequests.push(req.url ?? '');
      res.end(`plain origin saw ${req.url}`);
    });
    originPort = await listen(origin);
    caDir = mkdtempSync(join(tmpdir(), 'squid-test-ca-'));
    const ca = createTestCa(caDir);
    const leaf = ca.issue(['localhost', '127.0.0.1']);
    caPem = readFileSync(ca.caCertPath, 'utf8');
    tlsOrigin = createHttpsServer({ cert: readFileSync(leaf.certPath), key: readFileSync(leaf.keyPath) }, (req, res) =>
      res.end(`tls origin saw ${req.url}`),
    );
    tlsOriginPort = await listen(tlsOrigin);
    squid = await startSquid({ username: 'ci-user', password: 'p@ss:w/rd %1' });
  });

  afterAll(async () => {
    await squid?.stop();
    origin?.close();
    tlsOrigin?.close();
    rmSync(caDir, { recursive: true, force: true });
  });

  it('listens on loopback and puts the percent-encoded credentials into urlWithCredentials', () => {
    expect(squid.url).toBe(`http://127.0.0.1:${squid.port}`);
    expect(squid.urlWithCredentials).toBe(`http://ci-user:p%40ss%3Aw%2Frd%20%251@127.0.0.1:${squid.port}`);
    expect(squid.username).toBe('ci-user');
    expect(squid.password).toBe('p@ss:w/rd %1');
  });

  it('answers 407 without credentials and does not forward the request', async () => {
    const response = await getViaProxy(squid, `http://127.0.0.1:${originPort}/no-credentials`);
    expect(response.status).toBe(407);
    expect(response.headers['proxy-authenticate']).toBe('Basic realm="aws-delivery test proxy"');
    expect(originRequests).not.toContain('/no-credentials');
  });

  it('answers 407 to a wrong password', async () => {
    const response = await getViaProxy(squid, `http://127.0.0.1:${originPort}/wrong`, basic('ci-user', 'nope'));
    expect(response.status).toBe(407);
    expect(originRequests).not.toContain('/wrong');
  });

  it('forwards plain HTTP to a loopback server with the right credentials and logs it', async () => {
    const target = `http://127.0.0.1:${originPort}/with-credentials`;
    const response = await getViaProxy(squid, target, credentialsFrom(squid.urlWithCredentials));
    expect(response.status).toBe(200);
    expect(response.body).toBe('plain origin saw /with-credentials');
    const log = await squid.waitForAccessLog(target);
    expect(log).toMatch(new RegExp(`TCP_MISS/200 \\d+ GET ${target} ci-user `));
  });

  it('tunnels TLS with CONNECT to any loopback port with the right credentials', async () => {
    const authority = `127.0.0.1:${tlsOriginPort}`;
    const response = await getViaTunnel(squid, authority, caPem, credentialsFrom(squid.urlWithCredentials));
    expect(response).toEqual({ connectStatus: 200, body: 'tls origin saw /through-tunnel' });
    expect(await squid.waitForAccessLog(`CONNECT ${authority}`)).toMatch(
      new RegExp(`TCP_TUNNEL/200 \\d+ CONNECT ${authority} ci-user `),
    );
  });

  it('tunnels to localhost by name (as clients of https://localhost:PORT endpoints do)', async () => {
    const authority = `localhost:${tlsOriginPort}`;
    const response = await getViaTunnel(squid, authority, caPem, credentialsFrom(squid.urlWithCredentials));
    expect(response).toEqual({ connectStatus: 200, body: 'tls origin saw /through-tunnel' });
    expect(await squid.waitForAccessLog(`CONNECT ${authority}`)).toMatch(
      /TCP_TUNNEL\/200 \d+ CONNECT localhost:\d+ ci-user /,
    );
  });

  it('refuses CONNECT without credentials with 407', async () => {
    const response = await getViaTunnel(squid, `127.0.0.1:${tlsOriginPort}`, caPem);
    expect(response).toEqual({ connectStatus: 407 });
  });

  it('keeps its own readiness probe out of accessLog()', async () => {
    await squid.waitForAccessLog('/wrong');
    expect(squid.accessLog()).not.toContain('aws-delivery-readiness-probe');
    expect(squid.accessLog().split('\n')[0]).toContain('/no-credentials');
  });

  it('stop() ends Squid and its auth helpers and removes its folder', async () => {
    await squid.stop();
    expect(squid.stoppedPids().length).toBeGreaterThan(1); // squid and at least one basic_ncsa_auth
    expect(leftovers(squid)).toEqual({ pids: [], dirExists: false });
  });
});
