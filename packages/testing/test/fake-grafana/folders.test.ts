/**
 * Folders: https://grafana.com/docs/grafana/latest/developers/http_api/folder/ — create (409 when taken), get,
 * update with version (412), nested folders with parentUid where the version has them (generally available from
 * 11.0, a feature toggle before: grafana/grafana#84631; "parentUid … if nested folders are enabled" in the 10.x
 * folder docs https://grafana.com/docs/grafana/v10.2/developers/http_api/folder/), delete cascading to contents.
 */
import { describe, expect, it } from '@jest/globals';
import { useFakeGrafana, VERSIONS } from './client.js';

const NESTED: Record<string, boolean> = { '9.5': false, '10.4': false, '11.6': true, '12.x': true };

describe.each(VERSIONS)('fake Grafana %s: folders', (version) => {
  const { fake, api } = useFakeGrafana({ version });
  const nested = NESTED[version] ?? false;

  it('creates a folder with the uid asked for, version 1 (docs: folder, create)', async () => {
    const created = await api('POST', '/api/folders', { uid: 'platform', title: 'Platform' });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      uid: 'platform',
      title: 'Platform',
      version: 1,
      url: '/dashboards/f/platform/platform',
    });
    expect((await api('GET', '/api/folders/platform')).body.title).toBe('Platform');
  });

  it('answers 409 for a taken uid or a taken title at the same level (docs: folder, create status codes)', async () => {
    expect((await api('POST', '/api/folders', { uid: 'platform', title: 'Another' })).status).toBe(409);
    expect((await api('POST', '/api/folders', { uid: 'platform-2', title: 'Platform' })).status).toBe(409);
  });

  it(`${nested ? 'nests' : 'ignores parentUid and keeps'} a child folder ${nested ? 'under its parent' : 'at the root'} (docs: folder, parentUid)`, async () => {
    const child = await api('POST', '/api/folders', { uid: 'payments', title: 'Payments', parentUid: 'platform' });
    expect(child.status).toBe(200);
    if (nested) {
      expect(child.body.parentUid).toBe('platform');
      expect(child.body.parents).toEqual([expect.objectContaining({ uid: 'platform', title: 'Platform' })]);
      const roots = await api('GET', '/api/folders');
      expect(roots.body.map((f: { uid: string }) => f.uid)).toEqual(['platform']);
      const children = await api('GET', '/api/folders?parentUid=platform');
      expect(children.body.map((f: { uid: string }) => f.uid)).toEqual(['payments']);
    } else {
      expect(child.body.parentUid).toBeUndefined();
      const all = await api('GET', '/api/folders');
      expect(all.body.map((f: { uid: string }) => f.uid).sort()).toEqual(['payments', 'platform']);
    }
  });

  it('updates the title with the current version and answers 412 for a stale one (docs: folder, update)', async () => {
    const renamed = await api('PUT', '/api/folders/platform', { title: 'Platform team', version: 1 });
    expect(renamed.status).toBe(200);
    expect(renamed.body.version).toBe(2);
    const stale = await api('PUT', '/api/folders/platform', { title: 'Old', version: 1 });
    expect(stale.status).toBe(412);
    expect(stale.body.status).toBe('version-mismatch');
    const forced = await api('PUT', '/api/folders/platform', { title: 'Platform', version: 1, overwrite: true });
    expect(forced.status).toBe(200);
  });

  it('refuses to delete a folder holding alert rules unless forceDeleteRules, then deletes its dashboards and rules (docs: folder, delete)', async () => {
    await api('POST', '/api/folders', { uid: 'doomed', title: 'Doomed' });
    await api('POST', '/api/dashboards/db', { dashboard: { uid: 'in-doomed', title: 'Inside' }, folderUid: 'doomed' });
    const group = await api('PUT', '/api/v1/provisioning/folder/doomed/rule-groups/g1', {
      interval: 60,
      rules: [{ uid: 'rule-in-doomed', title: 'R', condition: 'A', data: [{ refId: 'A' }], for: '5m' }],
    });
    expect(group.status).toBe(200);
    const refused = await api('DELETE', '/api/folders/doomed');
    expect(refused.status).toBe(400);
    expect(fake().store.dashboards.has('in-doomed')).toBe(true);
    const deleted = await api('DELETE', '/api/folders/doomed?forceDeleteRules=true');
    expect(deleted.status).toBe(200);
    expect(deleted.body.message).toBe('Folder deleted');
    expect((await api('GET', '/api/dashboards/uid/in-doomed')).status).toBe(404);
    expect((await api('GET', '/api/v1/provisioning/alert-rules/rule-in-doomed')).status).toBe(404);
  });

  it('deletes subfolders with their parent where folders nest (docs: folder, delete)', async () => {
    await api('POST', '/api/dashboards/db', {
      dashboard: { uid: 'in-payments', title: 'Payments board' },
      folderUid: 'payments',
    });
    expect((await api('DELETE', '/api/folders/platform')).status).toBe(200);
    expect(fake().store.folders.has('payments')).toBe(!nested);
    expect(fake().store.dashboards.has('in-payments')).toBe(!nested);
  });
});

describe('fake Grafana 10.4 with the nestedFolders feature toggle on', () => {
  const { api } = useFakeGrafana({ version: '10.4', featureToggles: { nestedFolders: true } });
  it('nests folders as 11.x does (docs: folder, parentUid; feature toggles for 10.4)', async () => {
    await api('POST', '/api/folders', { uid: 'a', title: 'A' });
    const child = await api('POST', '/api/folders', { uid: 'b', title: 'B', parentUid: 'a' });
    expect(child.body.parentUid).toBe('a');
  });
});

describe('fake Grafana 11.6: nested folder limits', () => {
  const { api } = useFakeGrafana({ version: '11.6' });
  it('refuses a parent that does not exist (404) and a fifth level (400) (docs: folder, create)', async () => {
    expect((await api('POST', '/api/folders', { title: 'Orphan', parentUid: 'missing' })).status).toBe(404);
    let parent: string | undefined;
    for (const level of [1, 2, 3, 4]) {
      const made = await api('POST', '/api/folders', {
        uid: `l${level}`,
        title: `Level ${level}`,
        ...(parent ? { parentUid: parent } : {}),
      });
      expect(made.status).toBe(200);
      parent = made.body.uid;
    }
    expect((await api('POST', '/api/folders', { uid: 'l5', title: 'Level 5', parentUid: 'l4' })).status).toBe(400);
  });
});
