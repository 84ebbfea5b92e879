/**
 * Data sources: https://grafana.com/docs/grafana/latest/developers/http_api/data_source/ — create (409 for a taken
 * name), get by uid/name/id, update by uid (409 on a stale version: "Datasource has already been updated by someone
 * else"), secureJsonData write-only and answered as secureJsonFields, unsent secure fields kept on update, delete.
 */
import { describe, expect, it } from '@jest/globals';
import { useFakeGrafana, VERSIONS } from './client.js';

const PROMETHEUS = {
  uid: 'prom',
  name: 'Prometheus',
  type: 'prometheus',
  access: 'proxy',
  url: 'http://prometheus:9090',
  basicAuth: true,
  basicAuthUser: 'grafana',
  jsonData: { httpMethod: 'POST', httpHeaderName1: 'X-Scope-OrgID' },
  secureJsonData: { basicAuthPassword: 'pw-1', httpHeaderValue1: 'tenant-a' },
};

describe.each(VERSIONS)('fake Grafana %s: data sources', (version) => {
  const { fake, api } = useFakeGrafana({ version });

  it('creates a data source and never answers secure values, only secureJsonFields (docs: data_source, create)', async () => {
    const created = await api('POST', '/api/datasources', PROMETHEUS);
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ message: 'Datasource added', name: 'Prometheus' });
    expect(created.body.datasource.secureJsonFields).toEqual({ basicAuthPassword: true, httpHeaderValue1: true });
    expect(JSON.stringify(created.body)).not.toContain('pw-1');
    const byUid = await api('GET', '/api/datasources/uid/prom');
    expect(byUid.body).toMatchObject({ uid: 'prom', name: 'Prometheus', version: 1, jsonData: PROMETHEUS.jsonData });
    expect(byUid.body.secureJsonData).toBeUndefined();
    expect((await api('GET', '/api/datasources/name/Prometheus')).body.uid).toBe('prom');
    expect((await api('GET', `/api/datasources/${byUid.body.id}`)).body.uid).toBe('prom');
    const list = await api('GET', '/api/datasources');
    expect(list.body[0].secureJsonFields).toBeUndefined();
  });

  it('answers 409 for a second data source with the same name (docs: data_source, create)', async () => {
    const clash = await api('POST', '/api/datasources', { ...PROMETHEUS, uid: 'prom-2' });
    expect(clash.status).toBe(409);
  });

  it('keeps unsent secure fields and replaces sent ones on update (docs: data_source, update)', async () => {
    const { secureJsonData: _s, ...plain } = PROMETHEUS;
    const updated = await api('PUT', '/api/datasources/uid/prom', {
      ...plain,
      url: 'http://prometheus:9091',
      version: 1,
      secureJsonData: { httpHeaderValue1: 'tenant-b' },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.message).toBe('Datasource updated');
    expect(updated.body.datasource).toMatchObject({ url: 'http://prometheus:9091', version: 2 });
    expect(updated.body.datasource.secureJsonFields).toEqual({ basicAuthPassword: true, httpHeaderValue1: true });
    expect(fake().store.datasources.get('prom')?.secureJsonData).toEqual({
      basicAuthPassword: 'pw-1',
      httpHeaderValue1: 'tenant-b',
    });
  });

  it('answers 409 when the version sent is older than the stored one (docs: data_source, update)', async () => {
    fake().ui.editDatasource('prom', { jsonData: { httpMethod: 'GET' } });
    expect(fake().store.datasources.get('prom')?.version).toBe(3);
    const { secureJsonData: _s, ...plain } = PROMETHEUS;
    const stale = await api('PUT', '/api/datasources/uid/prom', { ...plain, version: 2 });
    expect(stale.status).toBe(409);
    expect(stale.body.message).toMatch(/already been updated by someone else/);
    const current = await api('PUT', '/api/datasources/uid/prom', { ...plain, version: 3 });
    expect(current.status).toBe(200);
    expect(current.body.datasource.version).toBe(4);
  });

  it('deletes by uid, then 404 (docs: data_source, delete by uid)', async () => {
    expect((await api('DELETE', '/api/datasources/uid/prom')).body.message).toBe('Data source deleted');
    expect((await api('GET', '/api/datasources/uid/prom')).status).toBe(404);
  });

  it('requires an Admin: an Editor token gets 403 (docs: data_source, permissions)', async () => {
    const editor = fake().createServiceAccountToken({ role: 'Editor' }).key;
    const answer = await fetch(`${fake().url}/api/datasources`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${editor}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'x', type: 'loki' }),
    });
    expect(answer.status).toBe(403);
  });
});
