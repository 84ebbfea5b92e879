/**
 * Health, authentication and roles on every version profile.
 * Health: https://grafana.com/docs/grafana/latest/developers/http_api/other/#health-api
 * Authentication: https://grafana.com/docs/grafana/latest/developers/http_api/authentication/
 * Service-account tokens: https://grafana.com/docs/grafana/latest/developers/http_api/serviceaccount/
 * Feature toggles (nestedFolders): https://grafana.com/docs/grafana/latest/setup-grafana/configure-grafana/feature-toggles/
 */
import { describe, expect, it } from '@jest/globals';
import { startFakeGrafana } from '../../src/fake-grafana/index.js';
import { call, useFakeGrafana, VERSIONS } from './client.js';

const BUILD: Record<string, RegExp> = { '9.5': /^9\.5\./, '10.4': /^10\.4\./, '11.6': /^11\.6\./, '12.x': /^12\./ };

describe.each(VERSIONS)('fake Grafana %s: health and auth', (version) => {
  const { fake, token } = useFakeGrafana({ version, basicAuth: { user: 'admin', password: 'bootstrap-pass' } });

  it('GET /api/health answers the version without credentials (docs: other/#health-api)', async () => {
    const health = await call(fake(), 'GET', '/api/health');
    expect(health.status).toBe(200);
    expect(health.body.database).toBe('ok');
    expect(health.body.version).toMatch(BUILD[version] ?? /never/);
    expect(typeof health.body.commit).toBe('string');
  });

  it('answers buildInfo and featureToggles.nestedFolders in /api/frontend/settings (feature toggles docs)', async () => {
    const settings = await call(fake(), 'GET', '/api/frontend/settings', { token: token() });
    expect(settings.status).toBe(200);
    expect(settings.body.buildInfo.version).toMatch(BUILD[version] ?? /never/);
    if (version === '9.5') expect(settings.body.featureToggles.nestedFolders).toBeUndefined();
    else expect(settings.body.featureToggles.nestedFolders).toBe(version !== '10.4');
  });

  it('refuses requests without credentials or with an unknown token with 401 (docs: authentication)', async () => {
    expect((await call(fake(), 'GET', '/api/search')).status).toBe(401);
    const bad = await call(fake(), 'GET', '/api/search', { token: 'glsa_notatoken_00000000' });
    expect(bad.status).toBe(401);
    expect(bad.body.message).toBe('Invalid API key');
  });

  it('accepts a service-account token and the configured basic-auth admin (docs: authentication)', async () => {
    expect((await call(fake(), 'GET', '/api/search', { token: token() })).status).toBe(200);
    expect(
      (await call(fake(), 'GET', '/api/search', { basic: { user: 'admin', password: 'bootstrap-pass' } })).status,
    ).toBe(200);
    expect((await call(fake(), 'GET', '/api/search', { basic: { user: 'admin', password: 'wrong' } })).status).toBe(
      401,
    );
    const last = fake().requests.at(-2);
    expect(last).toMatchObject({ method: 'GET', path: '/api/search', status: 200, auth: 'basic' });
  });

  it('lets a Viewer token read but not write: 403 (docs: serviceaccount, roles)', async () => {
    const viewer = fake().createServiceAccountToken({ role: 'Viewer' }).key;
    expect((await call(fake(), 'GET', '/api/folders', { token: viewer })).status).toBe(200);
    const write = await call(fake(), 'POST', '/api/folders', { token: viewer, body: { title: 'Nope' } });
    expect(write.status).toBe(403);
    expect(fake().store.folders.size).toBe(0);
  });

  it('answers unknown paths with 404 and injected faults before handling (test control)', async () => {
    expect((await call(fake(), 'GET', '/api/not-a-thing', { token: token() })).status).toBe(404);
    fake().injectFault({ method: 'GET', path: '/api/folders', status: 503, times: 2 });
    expect((await call(fake(), 'GET', '/api/folders', { token: token() })).status).toBe(503);
    expect((await call(fake(), 'GET', '/api/folders', { token: token() })).status).toBe(503);
    expect((await call(fake(), 'GET', '/api/folders', { token: token() })).status).toBe(200);
  });

  it('loseAnswer handles the request, then closes the connection without its answer (test control)', async () => {
    fake().injectFault({ method: 'POST', path: '/api/folders', status: 0, loseAnswer: true });
    await expect(
      call(fake(), 'POST', '/api/folders', { token: token(), body: { title: 'Lost answer' } }),
    ).rejects.toThrow();
    expect([...fake().store.folders.values()].map((f) => f.title)).toContain('Lost answer');
    expect(fake().requests.at(-1)).toMatchObject({ method: 'POST', path: '/api/folders', status: 0 });
    expect((await call(fake(), 'GET', '/api/folders', { token: token() })).status).toBe(200);
  });
});

describe('fake Grafana without basic auth configured', () => {
  it('refuses basic credentials when no bootstrap user was set (docs: authentication)', async () => {
    const fake = await startFakeGrafana({ version: '11.6' });
    try {
      const answer = await call(fake, 'GET', '/api/search', { basic: { user: 'admin', password: 'admin' } });
      expect(answer.status).toBe(401);
    } finally {
      await fake.stop();
    }
  });

  it('stops accepting a token once its secondsToLive have passed (docs: serviceaccount, create token)', async () => {
    let clock = Date.parse('2025-06-01T12:00:00Z');
    const fake = await startFakeGrafana({ version: '10.4', now: () => new Date(clock) });
    try {
      const { key } = fake.createServiceAccountToken({ secondsToLive: 60 });
      expect((await call(fake, 'GET', '/api/folders', { token: key })).status).toBe(200);
      clock += 61_000;
      const expired = await call(fake, 'GET', '/api/folders', { token: key });
      expect(expired.status).toBe(401);
    } finally {
      await fake.stop();
    }
  });
});

describe('fake Grafana over HTTPS', () => {
  it('serves TLS with a certificate from its own test CA, trusted only with that CA (test control)', async () => {
    const { request } = await import('node:https');
    const fake = await startFakeGrafana({ version: '12.x', tls: true });
    const get = (ca?: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request(`${fake.url}/api/health`, { ...(ca ? { ca } : {}) }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
    try {
      expect(fake.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(await get(fake.caPem)).toBe(200);
      await expect(get()).rejects.toThrow(/self-signed|unable to verify|certificate/i);
    } finally {
      await fake.stop();
    }
  });
});

describe('fake Grafana connections', () => {
  // Grafana serves with Go's net/http, which keeps an HTTP/1.1 connection open between requests (RFC 9112 §9.3) and
  // sends no Keep-Alive header (https://pkg.go.dev/net/http#Server: IdleTimeout). Node's agent drops a socket whose
  // server announces `Keep-Alive: timeout=1`, so a fake announcing a short timeout would open one connection per call.
  it('keeps a connection open between requests without announcing a Keep-Alive timeout (Go net/http)', async () => {
    const { Agent, request } = await import('node:http');
    const fake = await startFakeGrafana({ version: '11.6' });
    const agent = new Agent({ keepAlive: true });
    const get = () =>
      new Promise<{ reused: boolean; keepAlive: unknown }>((resolve, reject) => {
        const req = request(`${fake.url}/api/health`, { agent }, (res) => {
          res.resume();
          res.on('end', () =>
            setImmediate(() => resolve({ reused: req.reusedSocket, keepAlive: res.headers['keep-alive'] })),
          );
        });
        req.on('error', reject);
        req.end();
      });
    try {
      const first = await get();
      const second = await get();
      expect(first).toEqual({ reused: false, keepAlive: undefined });
      expect(second).toEqual({ reused: true, keepAlive: undefined });
      expect(fake.connections).toBe(1);
    } finally {
      agent.destroy();
      await fake.stop();
    }
  });
});
