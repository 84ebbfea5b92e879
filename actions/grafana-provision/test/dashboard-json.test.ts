/**
 * Dashboard normalisation and content hash: real exported dashboards (see fixtures/exported-dashboards/README.md)
 * hash the same after a save and read back through the fake Grafana on every version profile, and after the
 * fields an export or a UI save adds; a real content change changes the hash.
 * Round-trip semantics: https://grafana.com/docs/grafana/latest/developers/http_api/dashboard/ (the saved model is
 * answered with id, uid and version set).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { isObject, type Json } from '../src/canonical-json.js';
import { dashboardBody, dashboardHash, normaliseDashboard } from '../src/dashboard-json.js';
import { OWNER_TAG, parseRecord } from '../src/marker.js';
// The fake is imported from its folder until @aws-delivery/testing exports it (packages/testing/src/index.ts).
import { startFakeGrafana, type FakeGrafana, type GrafanaVersion } from '@aws-delivery/testing';

const FIXTURES = ['node-exporter-full', 'apache-full', 'k8s-views-global', 'payments-library-panels'];

function fixture(name: string): Json {
  const parsed = JSON.parse(
    readFileSync(new URL(`./fixtures/exported-dashboards/${name}.json`, import.meta.url), 'utf8'),
  ) as Json;
  return isObject(parsed.dashboard) ? parsed.dashboard : parsed;
}

function shuffledKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shuffledKeys);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .reverse()
      .map((k) => [k, shuffledKeys(value[k])]),
  );
}

describe('normaliseDashboard / dashboardHash', () => {
  it('drops the fields Grafana sets on save (id, version, iteration), the uid and our marker tags', () => {
    const model = {
      id: 7,
      uid: 'x',
      version: 3,
      iteration: 123,
      title: 'T',
      tags: ['a', OWNER_TAG, 'gp:4:0123456789ab'],
      panels: [],
    };
    expect(normaliseDashboard(model)).toEqual({ title: 'T', tags: ['a'], panels: [] });
  });

  it('takes no tags and an empty tag list as the same content (our marker gives an untagged dashboard a list)', () => {
    expect(dashboardHash({ title: 'T', tags: [] })).toBe(dashboardHash({ title: 'T' }));
    const sent = dashboardBody({ model: { title: 'T' }, uid: 'u', folderUid: '', message: '' }).dashboard;
    expect(dashboardHash({ ...sent, id: 1, version: 1 })).toBe(dashboardHash({ title: 'T' }));
  });

  it('ignores key order at every depth but not array order', () => {
    const model = fixture('payments-library-panels');
    expect(dashboardHash(shuffledKeys(model) as Json)).toBe(dashboardHash(model));
    const panels = [...(model.panels as unknown[])].reverse();
    expect(dashboardHash({ ...model, panels })).not.toBe(dashboardHash(model));
  });

  it.each(FIXTURES)('%s: a real content change (a panel title) changes the hash', (name) => {
    const model = fixture(name);
    const edited = structuredClone(model);
    const panels = (edited.panels ?? edited.rows) as Json[];
    panels[panels.length - 1] = { ...panels[panels.length - 1], title: 'changed in the UI' };
    expect(dashboardHash(edited)).not.toBe(dashboardHash(model));
  });

  it.each(FIXTURES)('%s: the same export with another id, version and iteration hashes equal (a re-export)', (name) => {
    const model = fixture(name);
    expect(dashboardHash({ ...model, id: 999, version: 55, iteration: 1 })).toBe(dashboardHash(model));
  });
});

describe('dashboardBody', () => {
  it('sends the uid, the version it replaces, the folder and a marker recording the version this save makes', () => {
    const body = dashboardBody({
      model: { title: 'T', tags: ['x'], id: 5, version: 9 },
      uid: 'u',
      folderUid: 'f',
      observedVersion: 4,
      message: 'm',
    });
    expect(body).toMatchObject({ folderUid: 'f', message: 'm', overwrite: false });
    expect(body.dashboard).toMatchObject({ uid: 'u', version: 4, title: 'T' });
    expect(body.dashboard.id).toBeUndefined();
    const tags = body.dashboard.tags as string[];
    expect(tags.slice(0, 2)).toEqual(['x', OWNER_TAG]);
    expect(parseRecord(tags[2])).toEqual({ version: 5, hash: dashboardHash({ title: 'T', tags: ['x'] }).slice(0, 12) });
  });

  it('creates with id null and records version 1, and always names the folder (General is "")', () => {
    const body = dashboardBody({ model: { title: 'T' }, uid: 'u', folderUid: '', message: 'm' });
    expect(body.dashboard.id).toBeNull();
    expect(body.folderUid).toBe('');
    expect(parseRecord((body.dashboard.tags as string[])[1])?.version).toBe(1);
  });
});

describe.each(['9.5', '10.4', '11.6', '12.x'] as GrafanaVersion[])(
  'round trip through the fake Grafana %s',
  (version) => {
    let fake: FakeGrafana;
    let token = '';
    beforeAll(async () => {
      fake = await startFakeGrafana({ version });
      token = fake.createServiceAccountToken().key;
      fake.ui.createFolder({ uid: 'exports', title: 'Exports' });
    });
    afterAll(async () => fake.stop());

    const send = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${fake.url}${path}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as Json };
    };

    it.each(FIXTURES)(
      '%s: read back after a save, it hashes equal to the file; the marker records the version Grafana gave it',
      async (name) => {
        const model = fixture(name);
        const uid = `rt-${name}`.slice(0, 40);
        const saved = await send(
          'POST',
          '/api/dashboards/db',
          dashboardBody({ model, uid, folderUid: 'exports', message: 'round trip' }),
        );
        expect(saved.status).toBe(200);
        const read = await send('GET', `/api/dashboards/uid/${uid}`);
        const back = read.body.dashboard as Json;
        expect(dashboardHash(back)).toBe(dashboardHash(model));
        const record = (back.tags as string[]).map(parseRecord).find(Boolean);
        expect(record?.version).toBe((read.body.meta as Json).version);
        expect(record?.hash).toBe(dashboardHash(model).slice(0, 12));

        const again = await send(
          'POST',
          '/api/dashboards/db',
          dashboardBody({ model: back, uid, folderUid: 'exports', observedVersion: 1, message: 'again' }),
        );
        expect(again.body.version).toBe(2);
        const second = (await send('GET', `/api/dashboards/uid/${uid}`)).body.dashboard as Json;
        expect(dashboardHash(second)).toBe(dashboardHash(model));
        if (version === '12.x') {
          const k8s = await send('GET', `/apis/dashboard.grafana.app/v1beta1/namespaces/default/dashboards/${uid}`);
          expect(dashboardHash(k8s.body.spec as Json)).toBe(dashboardHash(model));
        }
      },
    );
  },
);
