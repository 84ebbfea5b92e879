/**
 * Service accounts and tokens: https://grafana.com/docs/grafana/latest/developers/http_api/serviceaccount/ —
 * create (201), tokens with secondsToLive whose key is shown once, token list without keys, token delete.
 */
import { describe, expect, it } from '@jest/globals';
import { call, useFakeGrafana, VERSIONS } from './client.js';

const BOOTSTRAP = { user: 'admin', password: 'first-login' };

describe.each(VERSIONS)('fake Grafana %s: service accounts', (version) => {
  const { fake } = useFakeGrafana({ version, basicAuth: BOOTSTRAP });

  it('bootstraps with basic auth: service account (201), token shown once, usable as Bearer, then deleted (docs: serviceaccount)', async () => {
    const sa = await call(fake(), 'POST', '/api/serviceaccounts', {
      basic: BOOTSTRAP,
      body: { name: 'ci-deployer', role: 'Editor' },
    });
    expect(sa.status).toBe(201);
    expect(sa.body).toMatchObject({
      name: 'ci-deployer',
      login: 'sa-ci-deployer',
      role: 'Editor',
      isDisabled: false,
      orgId: 1,
    });
    const created = await call(fake(), 'POST', `/api/serviceaccounts/${sa.body.id}/tokens`, {
      basic: BOOTSTRAP,
      body: { name: 'run-42', secondsToLive: 3600 },
    });
    expect(created.status).toBe(200);
    expect(created.body.key).toMatch(/^glsa_[A-Za-z0-9_-]{32}_[0-9a-f]{8}$/);
    const listed = await call(fake(), 'GET', `/api/serviceaccounts/${sa.body.id}/tokens`, { basic: BOOTSTRAP });
    expect(listed.body).toEqual([expect.objectContaining({ id: created.body.id, name: 'run-42', hasExpired: false })]);
    expect(JSON.stringify(listed.body)).not.toContain(created.body.key);
    expect(listed.body[0].secondsUntilExpiration).toBeGreaterThan(3500);
    expect(JSON.stringify([...fake().store.tokens.values()])).not.toContain(created.body.key);

    const asToken = await call(fake(), 'POST', '/api/folders', {
      token: created.body.key,
      body: { title: 'Made by token' },
    });
    expect(asToken.status).toBe(200);
    expect(fake().requests.at(-1)).toMatchObject({ auth: 'token', status: 200 });

    const deleted = await call(fake(), 'DELETE', `/api/serviceaccounts/${sa.body.id}/tokens/${created.body.id}`, {
      basic: BOOTSTRAP,
    });
    expect(deleted.body.message).toBe('Service account token deleted');
    expect((await call(fake(), 'GET', '/api/folders', { token: created.body.key })).status).toBe(401);
  });

  it('refuses a second token with the same name (409) and service-account management by an Editor (403) (docs: serviceaccount)', async () => {
    const sa = await call(fake(), 'POST', '/api/serviceaccounts', {
      basic: BOOTSTRAP,
      body: { name: 'dupe', role: 'Editor' },
    });
    const first = await call(fake(), 'POST', `/api/serviceaccounts/${sa.body.id}/tokens`, {
      basic: BOOTSTRAP,
      body: { name: 't' },
    });
    expect(first.status).toBe(200);
    expect(
      (
        await call(fake(), 'POST', `/api/serviceaccounts/${sa.body.id}/tokens`, {
          basic: BOOTSTRAP,
          body: { name: 't' },
        })
      ).status,
    ).toBe(409);
    const editorToken = first.body.key;
    expect(
      (
        await call(fake(), 'POST', '/api/serviceaccounts', {
          token: editorToken,
          body: { name: 'escalate', role: 'Admin' },
        })
      ).status,
    ).toBe(403);
  });

  it('finds service accounts with /api/serviceaccounts/search (docs: serviceaccount, search)', async () => {
    const found = await call(fake(), 'GET', '/api/serviceaccounts/search?query=ci-dep', { basic: BOOTSTRAP });
    expect(found.body.totalCount).toBe(1);
    expect(found.body.serviceAccounts[0].name).toBe('ci-deployer');
  });
});
