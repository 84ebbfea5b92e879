/**
 * Dashboards on every profile: https://grafana.com/docs/grafana/latest/developers/http_api/dashboard/
 * (create/update, 412 version-mismatch and name-exists, folder by folderUid, get by uid with meta, delete),
 * https://grafana.com/docs/grafana/latest/developers/http_api/dashboard_versions/ (history) and
 * https://grafana.com/docs/grafana/latest/developers/http_api/folder_dashboard_search/ (search).
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { useFakeGrafana, VERSIONS } from './client.js';

describe.each(VERSIONS)('fake Grafana %s: dashboards', (version) => {
  const { fake, api } = useFakeGrafana({ version });
  beforeAll(async () => {
    expect((await api('POST', '/api/folders', { uid: 'ops', title: 'Ops' })).status).toBe(200);
  });

  it('creates a dashboard at version 1 and answers id, uid, url, status and version (docs: dashboard, create/update)', async () => {
    const saved = await api('POST', '/api/dashboards/db', {
      dashboard: { id: null, uid: 'svc-a', title: 'Service A', tags: ['svc'], panels: [] },
      folderUid: 'ops',
      message: 'first',
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      uid: 'svc-a',
      status: 'success',
      version: 1,
      url: '/d/svc-a/service-a',
      slug: 'service-a',
    });
    expect(typeof saved.body.id).toBe('number');
    if (version === '9.5' || version === '10.4') expect(saved.body.folderUid).toBeUndefined();
    else expect(saved.body.folderUid).toBe('ops');
  });

  it('reads it back by uid with id, uid and version set and meta naming the folder (docs: dashboard, get by uid)', async () => {
    const got = await api('GET', '/api/dashboards/uid/svc-a');
    expect(got.status).toBe(200);
    expect(got.body.dashboard).toMatchObject({ uid: 'svc-a', title: 'Service A', version: 1, tags: ['svc'] });
    expect(typeof got.body.dashboard.id).toBe('number');
    expect(got.body.meta).toMatchObject({
      version: 1,
      folderUid: 'ops',
      folderTitle: 'Ops',
      provisioned: false,
      url: '/d/svc-a/service-a',
      isFolder: false,
    });
  });

  it('updates with the current version (version + 1) and refuses a stale one with 412 version-mismatch (docs: dashboard, 412)', async () => {
    const update = await api('POST', '/api/dashboards/db', {
      dashboard: { uid: 'svc-a', title: 'Service A', version: 1, tags: ['svc'], panels: [{ id: 1 }] },
      folderUid: 'ops',
    });
    expect(update.body.version).toBe(2);
    const stale = await api('POST', '/api/dashboards/db', {
      dashboard: { uid: 'svc-a', title: 'Service A', version: 1 },
      folderUid: 'ops',
    });
    expect(stale.status).toBe(412);
    expect(stale.body).toEqual({
      message: 'The dashboard has been changed by someone else',
      status: 'version-mismatch',
    });
    const forced = await api('POST', '/api/dashboards/db', {
      dashboard: { uid: 'svc-a', title: 'Service A', version: 1, tags: ['svc'], panels: [{ id: 1 }] },
      folderUid: 'ops',
      overwrite: true,
    });
    expect(forced.status).toBe(200);
    expect(forced.body.version).toBe(3);
  });

  it('refuses a second dashboard with the same title in the folder: 412 name-exists (docs: dashboard, 412)', async () => {
    const clash = await api('POST', '/api/dashboards/db', {
      dashboard: { uid: 'svc-a-copy', title: 'Service A' },
      folderUid: 'ops',
    });
    expect(clash.status).toBe(412);
    expect(clash.body.status).toBe('name-exists');
    const elsewhere = await api('POST', '/api/dashboards/db', { dashboard: { uid: 'svc-a-root', title: 'Service A' } });
    expect(elsewhere.status).toBe(200);
  });

  it('answers 400 when the id names one dashboard and the uid another (docs: dashboard, 400 errors)', async () => {
    const a = (await api('GET', '/api/dashboards/uid/svc-a')).body.dashboard;
    const clash = await api('POST', '/api/dashboards/db', {
      dashboard: { id: a.id, uid: 'svc-a-root', title: 'Other', version: 1 },
      overwrite: true,
    });
    expect(clash.status).toBe(400);
    expect(clash.body.message).toBe('A dashboard with the same uid already exists');
  });

  it('moves the dashboard to General when an update leaves folderUid out (docs: dashboard, folderUid)', async () => {
    const current = (await api('GET', '/api/dashboards/uid/svc-a')).body.dashboard;
    const saved = await api('POST', '/api/dashboards/db', { dashboard: { ...current, title: 'Service A moved' } });
    expect(saved.status).toBe(200);
    const meta = (await api('GET', '/api/dashboards/uid/svc-a')).body.meta;
    expect(meta).toMatchObject({ folderUid: '', folderId: 0, folderTitle: 'General' });
  });

  it('refuses a folderUid that does not exist with 400 (docs: dashboard, 400 errors)', async () => {
    const saved = await api('POST', '/api/dashboards/db', {
      dashboard: { uid: 'lost', title: 'Lost' },
      folderUid: 'no-such-folder',
    });
    expect(saved.status).toBe(400);
  });

  it('lists the version history newest first, with the messages sent (docs: dashboard_versions)', async () => {
    const history = await api('GET', '/api/dashboards/uid/svc-a/versions');
    expect(history.status).toBe(200);
    const versions = version === '12.x' ? history.body.versions : history.body;
    if (version === '12.x') expect(history.body.continueToken).toBe('');
    else expect(Array.isArray(history.body)).toBe(true);
    expect(versions.map((v: { version: number }) => v.version)).toEqual([4, 3, 2, 1]);
    expect(versions.at(-1)).toMatchObject({ message: 'first', parentVersion: 0, uid: 'svc-a' });
    const one = await api('GET', '/api/dashboards/uid/svc-a/versions/1');
    expect(one.body.data).toMatchObject({ title: 'Service A', version: 1 });
  });

  it('finds dashboards and folders with /api/search by query, tag, type and folder (docs: folder_dashboard_search)', async () => {
    const all = await api('GET', '/api/search');
    expect(all.body.map((h: { type: string }) => h.type)).toContain('dash-folder');
    const tagged = await api('GET', '/api/search?tag=svc&type=dash-db');
    expect(tagged.body.map((h: { uid: string }) => h.uid)).toEqual(['svc-a']);
    const inOps = await api('GET', '/api/search?type=dash-db&folderUIDs=ops');
    expect(inOps.body).toEqual([]);
    const byQuery = await api('GET', '/api/search?query=moved');
    expect(byQuery.body[0]).toMatchObject({ uid: 'svc-a', type: 'dash-db', url: '/d/svc-a/service-a-moved' });
    expect(byQuery.body[0].folderUid).toBeUndefined();
    const paged = await api('GET', '/api/search?type=dash-db&limit=1&page=2');
    expect(paged.body).toHaveLength(1);
  });

  // https://grafana.com/docs/grafana/latest/developers/http_api/folder_dashboard_search/: the example responses.
  it('answers search hits with the documented fields only: no version, so a re-save keeps the hit as it was (docs: folder_dashboard_search)', async () => {
    await api('POST', '/api/dashboards/db', {
      dashboard: { id: null, uid: 'hit-shape', title: 'Hit shape', tags: ['shape'], panels: [] },
      folderUid: 'ops',
    });
    const [hit] = (await api('GET', '/api/search?dashboardUIDs=hit-shape')).body;
    expect(Object.keys(hit).sort()).toEqual([
      'folderId',
      'folderTitle',
      'folderUid',
      'folderUrl',
      'id',
      'isStarred',
      'tags',
      'title',
      'type',
      'uid',
      'uri',
      'url',
    ]);
    expect(hit).toMatchObject({
      uid: 'hit-shape',
      type: 'dash-db',
      tags: ['shape'],
      folderUid: 'ops',
      folderTitle: 'Ops',
    });
    const [folder] = (await api('GET', '/api/search?type=dash-folder&query=Ops')).body;
    expect(Object.keys(folder).sort()).toEqual(['id', 'isStarred', 'tags', 'title', 'type', 'uid', 'uri', 'url']);
    fake().ui.editDashboard('hit-shape', (model) => (model.refresh = '5s'));
    expect((await api('GET', '/api/search?dashboardUIDs=hit-shape')).body).toEqual([hit]);
    await api('DELETE', '/api/dashboards/uid/hit-shape');
  });

  it('refuses to save or delete a dashboard provisioned from a file (docs: dashboard, provisioned meta)', async () => {
    fake().ui.provisionDashboardFromFile({ uid: 'from-file', title: 'From file' }, 'ops');
    expect((await api('GET', '/api/dashboards/uid/from-file')).body.meta.provisioned).toBe(true);
    const save = await api('POST', '/api/dashboards/db', {
      dashboard: { uid: 'from-file', title: 'From file', version: 1 },
      folderUid: 'ops',
    });
    expect(save.status).toBe(400);
    expect((await api('DELETE', '/api/dashboards/uid/from-file')).status).toBe(400);
  });

  it('deletes by uid and then answers 404 (docs: dashboard, delete by uid)', async () => {
    const deleted = await api('DELETE', '/api/dashboards/uid/svc-a-root');
    expect(deleted.status).toBe(200);
    expect(deleted.body.message).toBe('Dashboard Service A deleted');
    expect((await api('GET', '/api/dashboards/uid/svc-a-root')).status).toBe(404);
  });

  it('counts a UI edit as a new version by the admin user (test helper)', async () => {
    const before = fake().store.dashboards.get('svc-a')?.version ?? 0;
    fake().ui.editDashboard('svc-a', (model) => (model.description = 'edited in the UI'));
    const got = await api('GET', '/api/dashboards/uid/svc-a');
    expect(got.body.meta.version).toBe(before + 1);
    expect(got.body.meta.updatedBy).toBe('admin');
    expect(got.body.dashboard.description).toBe('edited in the UI');
  });
});
