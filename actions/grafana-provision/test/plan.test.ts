/** The plan from hand-made observed states: matching, adoption, UI edits, secure fields, provenance, prune rules. */
import { describe, expect, it } from '@jest/globals';
import { contentHash, shortHash, type Json } from '../src/canonical-json.js';
import { dashboardBody, dashboardHash } from '../src/dashboard-json.js';
import { folderUidFor } from '../src/folder-paths.js';
import { loadResources, type SourceFile } from '../src/load-resources.js';
import { DATASOURCE_MARKER_KEY, formatRecord, OWNER_TAG } from '../src/marker.js';
import type { ObservedDashboard, ObservedState } from '../src/observed.js';
import { buildPlan, DEFAULT_PLAN_OPTIONS } from '../src/plan.js';
import type { PlanOptions } from '../src/plan-types.js';
import { ruleGroupBody } from '../src/payloads.js';
import { board, resolveSecret, RESOURCES } from './resources.js';

const EMPTY: ObservedState = {
  nestedFolders: true,
  folders: [],
  dashboards: [],
  datasources: [],
  ruleGroups: [],
  contactPoints: [],
};
const plan = (files: SourceFile[], observed: Partial<ObservedState>, options: Partial<PlanOptions> = {}) =>
  buildPlan(
    loadResources(files, { resolveSecret }),
    { ...EMPTY, ...observed },
    { ...DEFAULT_PLAN_OPTIONS, ...options },
  );
const item = (p: ReturnType<typeof plan>, key: string) => p.items.find((i) => i.key === key || i.name === key);

/** What the server holds after we wrote this dashboard (as a read with GET would show it). */
function written(files: SourceFile[], uid: string, folderUid: string, version = 1): ObservedDashboard {
  const desired = loadResources(files, { resolveSecret }).dashboards.find((d) => d.uid === uid)!;
  const body = dashboardBody({
    model: desired.model,
    uid,
    folderUid,
    observedVersion: version - 1 || undefined,
    message: '',
  });
  const model: Json = { ...body.dashboard, id: 1, version };
  return { uid, title: desired.title, folderUid, tags: model.tags as string[], version, model };
}

const ONE_BOARD: SourceFile[] = [{ path: 'dashboards/Team/a.json', text: board('a', 'A') }];
const TEAM = folderUidFor(['Team']);

describe('folders', () => {
  it('flattens paths into one root folder per content folder where the server does not nest, with .folder titles', () => {
    const files: SourceFile[] = [
      ...RESOURCES,
      { path: 'dashboards/Platform/Payments/.folder.yaml', text: 'title: Payments team' },
    ];
    const p = plan(files, { nestedFolders: false });
    const folders = p.items.filter((i) => i.kind === 'folder');
    expect(folders.map((f) => [f.name, 'parentUid' in f ? f.parentUid : undefined])).toEqual([
      ['Platform', undefined],
      ['Platform / Payments team / Prod', undefined],
    ]);
    expect(folders[1]?.notes).toEqual(['flattened: the server has no nested folders']);
  });

  it('adopts an existing folder with the same title under the same parent; contents go into it', () => {
    const p = plan(ONE_BOARD, { folders: [{ uid: 'made-by-hand', title: 'team' }] });
    expect(item(p, 'made-by-hand')).toMatchObject({
      verb: 'update',
      changes: [{ field: 'title', from: '"team"', to: '"Team"' }],
      notes: [expect.stringMatching(/adopted/)],
    });
    expect(item(p, 'a')).toMatchObject({ kind: 'dashboard', folderUid: 'made-by-hand' });
  });

  it('moves a folder under its declared parent where folders nest', () => {
    const files: SourceFile[] = [{ path: 'dashboards/Outer/Inner/a.json', text: board('a', 'A') }];
    const inner = folderUidFor(['Outer', 'Inner']);
    const p = plan(files, { folders: [{ uid: inner, title: 'Inner' }] });
    expect(item(p, inner)).toMatchObject({
      verb: 'update',
      changes: [{ field: 'parent', from: '"General"', to: JSON.stringify(folderUidFor(['Outer'])) }],
    });
  });
});

describe('dashboards', () => {
  describe('from a search hit alone (no model: verify-unchanged false)', () => {
    const hitOf = (d: ObservedDashboard, change: Partial<ObservedDashboard> = {}): ObservedDashboard => {
      const { model: _model, version: _version, ...hit } = d;
      return { ...hit, ...change };
    };
    const folders = [{ uid: TEAM, title: 'Team' }];

    it('is unchanged when the record in the tags has the file hash and the hit shows the same title and tags', () => {
      const hit = hitOf(written(ONE_BOARD, 'a', TEAM));
      expect(item(plan(ONE_BOARD, { folders, dashboards: [hit] }), 'a')?.verb).toBe('unchanged');
    });

    it.each([
      ['a title edited in the UI', (d: ObservedDashboard) => ({ title: `${d.title} (edited)` })],
      ['a tag added in the UI', (d: ObservedDashboard) => ({ tags: [...d.tags, 'added-by-hand'] })],
      ['a move to another folder', () => ({ folderUid: '' })],
    ])('is an update (so its model is read) after %s, although the record still matches', (_what, change) => {
      const d = written(ONE_BOARD, 'a', TEAM);
      expect(item(plan(ONE_BOARD, { folders, dashboards: [hitOf(d, change(d))] }), 'a')?.verb).toBe('update');
    });
  });

  it('is unchanged when the content and folder match what we wrote', () => {
    const p = plan(ONE_BOARD, { folders: [{ uid: TEAM, title: 'Team' }], dashboards: [written(ONE_BOARD, 'a', TEAM)] });
    expect(item(p, 'a')?.verb).toBe('unchanged');
    expect(p.changed).toBe(false);
  });

  it('moves back to its folder when someone moved it (an update without folderUid would have put it in General)', () => {
    const p = plan(ONE_BOARD, {
      folders: [{ uid: TEAM, title: 'Team' }],
      dashboards: [{ ...written(ONE_BOARD, 'a', ''), version: 1 }],
    });
    expect(item(p, 'a')).toMatchObject({
      verb: 'update',
      changes: [{ field: 'folder', from: '"General"', to: '"Team"' }],
    });
  });

  it('takes over an existing dashboard with the same uid that we never wrote, and says so', () => {
    const p = plan(ONE_BOARD, {
      dashboards: [{ uid: 'a', title: 'A', folderUid: '', tags: [], version: 4, model: JSON.parse(board('a', 'A')) }],
    });
    expect(item(p, 'a')).toMatchObject({
      verb: 'update',
      notes: ['not written by grafana-provision before: taken over'],
    });
    expect(item(p, 'a')?.changes).toContainEqual({ field: 'marker', to: 'grafana-provision' });
    expect(item(p, 'a')?.uiEdit).toBeUndefined();
  });

  it('blocks a save Grafana would refuse: another dashboard with the same title in the folder (412 name-exists)', () => {
    const p = plan(ONE_BOARD, {
      folders: [{ uid: TEAM, title: 'Team' }],
      dashboards: [{ uid: 'other', title: 'A', folderUid: TEAM, tags: [] }],
    });
    expect(item(p, 'a')).toMatchObject({
      verb: 'create',
      blocked: expect.stringMatching(/already exists in Team \(uid other\).*name-exists/),
    });
    expect(p.counts.create).toBe(0);
    expect(p.blocked).toBe(1);
  });

  it('blocks dashboards provisioned from files on the server', () => {
    const p = plan(ONE_BOARD, {
      folders: [{ uid: TEAM, title: 'Team' }],
      dashboards: [{ ...written(ONE_BOARD, 'a', TEAM), provisioned: true }],
    });
    expect(item(p, 'a')?.blocked).toMatch(/provisioned from a file/);
  });

  it('notes a version that moved while the content still matches (a UI edit undone) and leaves it unchanged', () => {
    const p = plan(ONE_BOARD, {
      folders: [{ uid: TEAM, title: 'Team' }],
      dashboards: [{ ...written(ONE_BOARD, 'a', TEAM), version: 3 }],
    });
    expect(item(p, 'a')).toMatchObject({ verb: 'unchanged', notes: [expect.stringMatching(/version moved/)] });
  });

  it('detects a UI edit from the content hash alone when the version is not known', () => {
    const seen = written(ONE_BOARD, 'a', TEAM);
    const edited = { ...seen, version: undefined, model: { ...seen.model, title: 'A', refresh: '5s' } };
    const p = plan(ONE_BOARD, { folders: [{ uid: TEAM, title: 'Team' }], dashboards: [edited] });
    expect(item(p, 'a')?.uiEdit?.reason).toMatch(/content hash/);
    expect(item(p, 'a')?.changes).toEqual([{ field: 'refresh', from: '"5s"' }]);
  });

  it('with search data only (tags, no model) trusts the recorded hash', () => {
    const { model: _m, version: _v, ...summary } = written(ONE_BOARD, 'a', TEAM);
    const changed: SourceFile[] = [{ path: 'dashboards/Team/a.json', text: board('a', 'A', { refresh: '1m' }) }];
    expect(item(plan(ONE_BOARD, { folders: [{ uid: TEAM, title: 'Team' }], dashboards: [summary] }), 'a')?.verb).toBe(
      'unchanged',
    );
    const p = plan(changed, { folders: [{ uid: TEAM, title: 'Team' }], dashboards: [summary] });
    expect(item(p, 'a')).toMatchObject({
      verb: 'update',
      changes: [
        {
          field: 'content',
          from: expect.stringMatching(/^[0-9a-f]{12}$/),
          to: expect.stringMatching(/^[0-9a-f]{12}$/),
        },
      ],
    });
  });
});

describe('data sources', () => {
  const DS: SourceFile[] = [RESOURCES.find((f) => f.path.startsWith('datasources/'))!];
  const desired = loadResources(DS, { resolveSecret }).datasources[0]!;
  const observedDs = (overrides: Json = {}, secureFields = ['basicAuthPassword'], version = 1) => ({
    uid: 'prom',
    name: 'Prometheus',
    fields: {
      ...desired.fields,
      jsonData: {
        ...(desired.fields.jsonData as Json),
        [DATASOURCE_MARKER_KEY]: formatRecord({ version, hash: shortHash(desired.hash) }),
      },
      ...overrides,
    },
    version,
    secureFields,
  });

  it('creates with every secure field, listed by name and secret name only', () => {
    const p = plan(DS, {});
    expect(item(p, 'prom')).toMatchObject({
      verb: 'create',
      secureToSend: ['basicAuthPassword'],
      changes: [{ field: 'secureJsonData.basicAuthPassword', to: 'set from ${PROM_PASSWORD}' }],
    });
    expect(JSON.stringify(p.items.map(({ desired: _d, ...rest }) => rest))).not.toContain('prom-secret-1');
  });

  it('keeps secure fields the server has; sends one it lacks; rotates all when asked', () => {
    expect(item(plan(DS, { datasources: [observedDs()] }), 'prom')).toMatchObject({
      verb: 'unchanged',
      secureToSend: [],
      notes: ['secure fields kept on the server: basicAuthPassword'],
    });
    expect(item(plan(DS, { datasources: [observedDs({}, [])] }), 'prom')).toMatchObject({
      verb: 'update',
      secureToSend: ['basicAuthPassword'],
    });
    expect(item(plan(DS, { datasources: [observedDs()] }, { rotateSecrets: true }), 'prom')).toMatchObject({
      verb: 'update',
      secureToSend: ['basicAuthPassword'],
    });
  });

  it('blocks overwriting a UI edit (version moved) unless asked', () => {
    const edited = observedDs({ url: 'http://other' }, ['basicAuthPassword'], 1);
    edited.version = 2;
    const p = plan(DS, { datasources: [edited] });
    expect(item(p, 'prom')).toMatchObject({
      verb: 'update',
      blocked: expect.stringMatching(/version 2 on the server, 1 written/),
    });
    expect(item(plan(DS, { datasources: [edited] }, { overwriteUiEdits: true }), 'prom')?.blocked).toBeUndefined();
  });

  it('adopts a data source with the same name and a different uid; blocks read-only ones', () => {
    const other = { ...observedDs(), uid: 'legacy-uid' };
    expect(item(plan(DS, { datasources: [other] }), 'legacy-uid')?.notes).toContain(
      'adopted the existing data source legacy-uid with this name',
    );
    expect(item(plan(DS, { datasources: [{ ...observedDs({ url: 'x' }), readOnly: true }] }), 'prom')?.blocked).toMatch(
      /read-only/,
    );
  });
});

describe('alert rule groups and contact points', () => {
  const RULES: SourceFile[] = RESOURCES.filter((f) => f.path.startsWith('alert-rules/'));
  const desiredGroup = loadResources(RULES, { resolveSecret }).ruleGroups[0]!;
  const prod = folderUidFor(['Platform', 'Payments', 'Prod']);
  const folders = [
    { uid: folderUidFor(['Platform']), title: 'Platform' },
    { uid: folderUidFor(['Platform', 'Payments']), title: 'Payments', parentUid: folderUidFor(['Platform']) },
    { uid: prod, title: 'Prod', parentUid: folderUidFor(['Platform', 'Payments']) },
  ];
  const observedGroup = (provenance = 'api', extraRules: Json[] = []) => {
    const body = ruleGroupBody(desiredGroup, prod);
    const rules = [...(body.rules as Json[]), ...extraRules].map((r) => ({
      uid: String(r.uid),
      body: { ...r, for: '5m' },
      provenance,
    }));
    return { folderUid: prod, name: 'availability', intervalSeconds: 60, rules };
  };

  it('is unchanged when the group matches what we wrote (for 5m read back equals 300s)', () => {
    expect(item(plan(RULES, { folders, ruleGroups: [observedGroup()] }), `${prod}/availability`)?.verb).toBe(
      'unchanged',
    );
  });

  it('plans a provenance change for X-Disable-Provenance and warns that 9.5/10.x refuse api → none', () => {
    const p = plan(RULES, { folders, ruleGroups: [observedGroup('api')] }, { disableProvenance: true });
    expect(item(p, `${prod}/availability`)).toMatchObject({
      verb: 'update',
      changes: [{ field: 'provenance', from: '"api"', to: '"none"' }],
      notes: [expect.stringMatching(/500/)],
    });
  });

  it('detects a UI edit of an editable group by its content hash', () => {
    const group = observedGroup('');
    group.rules[0]!.body = { ...group.rules[0]!.body, for: '10m' };
    const p = plan(RULES, { folders, ruleGroups: [group] }, { disableProvenance: true });
    expect(item(p, `${prod}/availability`)).toMatchObject({
      verb: 'update',
      blocked: expect.stringMatching(/edited in the UI/),
    });
    expect(item(p, `${prod}/availability`)?.changes).toEqual([
      { field: 'rules.API down.for', from: '"600s"', to: '"300s"' },
    ]);
  });

  it('prunes an owned group, but not one that also holds rules we did not write', () => {
    const stray = { uid: 'by-hand', title: 'By hand', condition: 'A', data: [{ refId: 'A' }], annotations: {} };
    expect(
      item(plan([], { folders, ruleGroups: [observedGroup()] }, { prune: true }), `${prod}/availability`),
    ).toMatchObject({ verb: 'delete' });
    const mixed = plan([], { folders, ruleGroups: [observedGroup('api', [stray])] }, { prune: true });
    expect(item(mixed, `${prod}/availability`)?.blocked).toMatch(/1 rule\(s\) not written/);
    expect(mixed.items.find((i) => i.kind === 'folder' && i.key === prod)?.blocked).toMatch(/alert rule group/);
  });

  it('contact points: secure settings by name, "[REDACTED]" on the server counts as set; api → none is blocked', () => {
    const CP: SourceFile[] = RESOURCES.filter((f) => f.path.startsWith('contact-points/'));
    const uid = loadResources(CP, { resolveSecret }).contactPoints[0]!.uid;
    const seen = {
      uid,
      name: 'On call',
      type: 'slack',
      settings: { url: '[REDACTED]', recipient: '#payments' },
      disableResolveMessage: false,
      provenance: 'api',
    };
    expect(item(plan(CP, { contactPoints: [seen] }), uid)).toMatchObject({ verb: 'unchanged', secureToSend: [] });
    expect(item(plan(CP, {}), uid)?.changes).toEqual([{ field: 'settings.url', to: 'set from ${SLACK_URL}' }]);
    expect(item(plan(CP, { contactPoints: [seen] }, { disableProvenance: true }), uid)?.blocked).toMatch(/provenance/);
  });
});

describe('prune', () => {
  const owned = (uid: string, title: string, folderUid: string): ObservedDashboard => ({
    uid,
    title,
    folderUid,
    tags: [OWNER_TAG, formatRecord({ version: 1, hash: '0123456789ab' })],
    version: 1,
  });

  it('deletes only owned resources, and a folder only when what it holds goes too (children first)', () => {
    const parent = folderUidFor(['Old']);
    const child = folderUidFor(['Old', 'Child']);
    const observed: Partial<ObservedState> = {
      folders: [
        { uid: parent, title: 'Old' },
        { uid: child, title: 'Child', parentUid: parent },
        { uid: 'hand-folder', title: 'Hand' },
      ],
      dashboards: [owned('x', 'X', child), { uid: 'y', title: 'Y', folderUid: 'hand-folder', tags: [] }],
    };
    const p = plan([], observed, { prune: true });
    expect(p.items.map((i) => `${i.verb} ${i.kind} ${i.name}${i.blocked ? ' (blocked)' : ''}`)).toEqual([
      'delete dashboard X',
      'delete folder Child',
      'delete folder Old',
    ]);
    expect(p.counts.delete).toBe(3);
  });

  it('keeps a parent whose child folder holds an unmanaged dashboard', () => {
    const parent = folderUidFor(['Old']);
    const child = folderUidFor(['Old', 'Child']);
    const p = plan(
      [],
      {
        folders: [
          { uid: parent, title: 'Old' },
          { uid: child, title: 'Child', parentUid: parent },
        ],
        dashboards: [{ uid: 'mine-not', title: 'Not mine', folderUid: child, tags: [] }],
      },
      { prune: true },
    );
    expect(p.items.map((i) => [i.name, i.blocked !== undefined])).toEqual([
      ['Child', true],
      ['Old', true],
    ]);
    expect(p.changed).toBe(false);
    expect(p.drift).toBe(true);
  });

  it('lets a folder go when its last dashboard moves to a folder the repository declares', () => {
    const old = folderUidFor(['Old']);
    const p = plan(
      ONE_BOARD,
      { folders: [{ uid: old, title: 'Old' }], dashboards: [written(ONE_BOARD, 'a', old)] },
      { prune: true },
    );
    expect(p.items.map((i) => `${i.verb} ${i.kind} ${i.name}${i.blocked ? ' (blocked)' : ''}`)).toEqual([
      'create folder Team',
      'update dashboard A',
      'delete folder Old',
    ]);
  });

  it('never deletes without prune, and says what it leaves', () => {
    const p = plan([], { dashboards: [owned('x', 'X', '')] });
    expect(p.items).toEqual([]);
    expect(p.warnings).toEqual([
      '1 resource(s) written by grafana-provision are no longer in the repository; enable prune to delete them',
    ]);
  });
});

describe('hashes', () => {
  it('records the same short hash the plan compares', () => {
    const desired = loadResources(ONE_BOARD, { resolveSecret }).dashboards[0]!;
    expect(shortHash(desired.hash)).toBe(shortHash(dashboardHash(JSON.parse(board('a', 'A')))));
    expect(contentHash({ b: 1, a: [1, 2] })).toBe(contentHash({ a: [1, 2], b: 1 }));
  });
});
