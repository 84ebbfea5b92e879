/**
 * The plan against the fake Grafana on every version profile, applied with the core's payloads (test glue in
 * fake-run.ts): a second run is all "unchanged" with zero writes; UI edits are detected and not overwritten unless
 * asked; prune deletes only what we own and keeps folders holding unmanaged content; folders come before their
 * contents in any order of files; servers without nested folders get flattened names.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadResources, type SourceFile } from '../src/load-resources.js';
import { buildPlan, DEFAULT_PLAN_OPTIONS } from '../src/plan.js';
import type { PlanOptions } from '../src/plan-types.js';
// The fake is imported from its folder until @aws-delivery/testing exports it (packages/testing/src/index.ts).
import { startFakeGrafana, type FakeGrafana, type GrafanaVersion } from '@aws-delivery/testing';
import { apply, observe, type Target } from './fake-run.js';
import { board, replace, resolveSecret, RESOURCES, without } from './resources.js';

const verbs = (plan: ReturnType<typeof buildPlan>) =>
  plan.items.map((i) => `${i.verb} ${i.kind} ${i.name}${i.blocked ? ' (blocked)' : ''}`);

describe.each(['9.5', '10.4', '11.6', '12.x'] as GrafanaVersion[])(
  'plan and apply against the fake Grafana %s',
  (version) => {
    let fake: FakeGrafana;
    let target: Target;
    const nested = version === '11.6' || version === '12.x';
    const planFor = async (files: SourceFile[], options: Partial<PlanOptions> = {}) =>
      buildPlan(loadResources(files, { resolveSecret }), await observe(target, { nested }), {
        ...DEFAULT_PLAN_OPTIONS,
        ...options,
      });

    beforeAll(async () => {
      fake = await startFakeGrafana({ version });
      target = { url: fake.url, token: fake.createServiceAccountToken().key };
    });
    afterAll(async () => fake.stop());

    it('first run: creates folders (parents first), then the data source, contact point, dashboards and rule group', async () => {
      const plan = await planFor(RESOURCES);
      const folderTitles = plan.items.filter((i) => i.kind === 'folder').map((i) => i.name);
      if (nested) expect(folderTitles).toEqual(['Platform', 'Payments', 'Prod']);
      else expect(folderTitles).toEqual(['Platform', 'Platform / Payments / Prod']);
      expect(plan.items.map((i) => i.kind)).toEqual([
        ...folderTitles.map(() => 'folder'),
        'datasource',
        'contact-point',
        'dashboard',
        'dashboard',
        'dashboard',
        'dashboard',
        'alert-rule-group',
      ]);
      expect(plan.counts).toEqual({ create: folderTitles.length + 7, update: 0, unchanged: 0, delete: 0 });
      expect(plan.changed).toBe(true);
      await apply(target, plan);
      const prod = [...fake.store.folders.values()].find(
        (f) => f.title === (nested ? 'Prod' : 'Platform / Payments / Prod'),
      );
      expect(fake.store.dashboards.get('pay-api')?.folderUid).toBe(prod?.uid);
      if (nested) expect(fake.store.ancestors(prod?.uid ?? '').map((f) => f.title)).toEqual(['Platform', 'Payments']);
      expect(fake.store.datasources.get('prom')?.secureJsonData).toEqual({ basicAuthPassword: 'prom-secret-1' });
    });

    it('second run: everything unchanged and no write request at all', async () => {
      const writesBefore = fake.writeRequests().length;
      const plan = await planFor(RESOURCES);
      expect(
        plan.items
          .filter((i) => i.verb !== 'unchanged')
          .map((i) => `${i.verb} ${i.kind} ${i.name}: ${JSON.stringify(i.changes)}`),
      ).toEqual([]);
      expect(plan.changed).toBe(false);
      expect(plan.drift).toBe(false);
      await apply(target, plan);
      expect(fake.writeRequests().length).toBe(writesBefore);
    });

    it('the same result from search data alone (no per-dashboard reads): the marker tag stands for the content', async () => {
      const observed = await observe(target, { nested, readModels: false });
      const plan = buildPlan(loadResources(RESOURCES, { resolveSecret }), observed, DEFAULT_PLAN_OPTIONS);
      expect(plan.changed).toBe(false);
    });

    it('a dashboard edited in the UI is detected and blocked, then overwritten only when asked', async () => {
      fake.ui.editDashboard('pay-api', (model) => ((model.panels as { title: string }[])[0]!.title = 'Edited by hand'));
      const plan = await planFor(RESOURCES);
      const item = plan.items.find((i) => i.key === 'pay-api');
      expect(item?.verb).toBe('update');
      expect(item?.uiEdit?.reason).toMatch(/version 2 on the server, 1 written by grafana-provision/);
      expect(item?.blocked).toMatch(/edited in the UI/);
      expect(item?.changes).toEqual([{ field: 'panels[0].title', from: '"Edited by hand"', to: '"Requests"' }]);
      expect(plan.changed).toBe(false);
      expect(plan.drift).toBe(true);
      const forced = await planFor(RESOURCES, { overwriteUiEdits: true });
      expect(forced.items.find((i) => i.key === 'pay-api')?.blocked).toBeUndefined();
      await apply(target, forced);
      expect((await planFor(RESOURCES)).changed).toBe(false);
    });

    it('a data source edited in the UI is detected by its version; unsent secure fields stay; rotate re-sends them', async () => {
      fake.ui.editDatasource('prom', { url: 'http://elsewhere:9090' });
      const plan = await planFor(RESOURCES);
      const item = plan.items.find((i) => i.kind === 'datasource');
      expect(item?.uiEdit).toBeDefined();
      expect(item?.changes).toEqual([
        { field: 'url', from: '"http://elsewhere:9090"', to: '"http://prometheus:9090"' },
      ]);
      await apply(target, await planFor(RESOURCES, { overwriteUiEdits: true }));
      expect(fake.store.datasources.get('prom')?.url).toBe('http://prometheus:9090');
      expect(fake.store.datasources.get('prom')?.secureJsonData.basicAuthPassword).toBe('prom-secret-1');
      const rotate = await planFor(RESOURCES, { rotateSecrets: true });
      const rotated = rotate.items.find((i) => i.kind === 'datasource');
      expect(rotated?.changes).toEqual([
        { field: 'secureJsonData.basicAuthPassword', to: 'rotate from ${PROM_PASSWORD}' },
      ]);
      expect(JSON.stringify(rotate.items)).not.toContain('prom-secret-1'.replace('-1', '-x'));
    });

    // https://grafana.com/docs/grafana/latest/developers/http_api/data_source/#update-an-existing-data-source: a
    // version older than the stored one is refused with 409.
    it('a data source edited after the plan read it is a 409 at apply, reported as such, the edit kept', async () => {
      const plan = await planFor(RESOURCES, { rotateSecrets: true });
      expect(plan.items.find((i) => i.kind === 'datasource')?.verb).toBe('update');
      fake.ui.editDatasource('prom', { url: 'http://edited-meanwhile:9090' });
      await expect(apply(target, plan)).rejects.toThrow(
        /^Could not update datasource "Prometheus": it was changed on the server after it was read \(Grafana answered 409 to PUT \/api\/datasources\/uid\/prom/,
      );
      expect(fake.store.datasources.get('prom')?.url).toBe('http://edited-meanwhile:9090');
      await apply(target, await planFor(RESOURCES, { overwriteUiEdits: true }));
      expect(fake.store.datasources.get('prom')?.url).toBe('http://prometheus:9090');
    });

    it('a changed file is an update with a field-level diff, sent with the folder and the version it replaces', async () => {
      const files = replace(
        RESOURCES,
        'dashboards/Platform/Payments/Prod/db.json',
        board('pay-db', 'Payments DB', { refresh: '1m' }),
      );
      const plan = await planFor(files);
      expect(plan.items.filter((i) => i.verb === 'update').map((i) => [i.name, i.changes])).toEqual([
        ['Payments DB', [{ field: 'refresh', to: '"1m"' }]],
      ]);
      const before = fake.store.dashboards.get('pay-db')?.version ?? 0;
      await apply(target, plan, { message: 'commit abc123 https://ci.example/run/1' });
      const saved = fake.store.dashboards.get('pay-db');
      expect(saved?.version).toBe(before + 1);
      expect(saved?.versions.at(-1)?.message).toBe('commit abc123 https://ci.example/run/1');
      expect(fake.store.folders.get(saved?.folderUid ?? '')?.title).toBe(
        nested ? 'Prod' : 'Platform / Payments / Prod',
      );
      expect((await planFor(files)).changed).toBe(false);
    });

    it('prune: deletes an owned dashboard no longer in the repository; keeps a folder holding an unmanaged dashboard', async () => {
      const prodUid = fake.store.dashboards.get('pay-api')?.folderUid ?? '';
      fake.ui.saveDashboard({ uid: 'hand-made', title: 'Hand made' }, { folderUid: prodUid });
      const files = without(
        RESOURCES,
        'dashboards/Platform/Payments/Prod/api.json',
        'dashboards/Platform/Payments/Prod/db.json',
        'alert-rules/Platform/Payments/Prod/availability.yaml',
      );
      const noPrune = await planFor(files);
      expect(noPrune.counts.delete).toBe(0);
      expect(noPrune.warnings.join('\n')).toMatch(/enable prune/);
      const plan = await planFor(files, { prune: true });
      const deletions = plan.items.filter((i) => i.verb === 'delete');
      const names = deletions.map((i) => `${i.kind} ${i.name}${i.blocked ? ' (blocked)' : ''}`);
      expect(names.slice(0, 3)).toEqual([
        'alert-rule-group availability',
        'dashboard Payments API',
        'dashboard Payments DB',
      ]);
      expect(names).toContain(`folder ${nested ? 'Prod' : 'Platform / Payments / Prod'} (blocked)`);
      expect(deletions.find((i) => i.kind === 'folder')?.blocked).toMatch(/"Hand made"/);
      expect(plan.items.some((i) => i.key === 'hand-made')).toBe(false);
      await apply(target, plan);
      expect(fake.store.dashboards.has('pay-api')).toBe(false);
      expect(fake.store.dashboards.has('hand-made')).toBe(true);
      expect(fake.store.folders.has(prodUid)).toBe(true);
      expect(fake.store.alertRules.has('pay-api-down')).toBe(false);
    });

    it('prune: deletes our folder once nothing unmanaged is left in it (parents after children)', async () => {
      fake.ui.deleteDashboard('hand-made');
      const files = without(
        RESOURCES,
        'dashboards/Platform/Payments/Prod/api.json',
        'dashboards/Platform/Payments/Prod/db.json',
        'alert-rules/Platform/Payments/Prod/availability.yaml',
      );
      const plan = await planFor(files, { prune: true });
      const folders = plan.items.filter((i) => i.kind === 'folder' && i.verb === 'delete');
      expect(folders.map((f) => [f.name, f.blocked])).toEqual(
        nested
          ? [
              ['Prod', undefined],
              ['Payments', undefined],
            ]
          : [['Platform / Payments / Prod', undefined]],
      );
      await apply(target, plan);
      expect(await planFor(files, { prune: true })).toMatchObject({ changed: false });
      expect(fake.store.folders.size).toBe(1);
    });
  },
);

describe('folders are created before their contents in every order of files (11.6, nested)', () => {
  let fake: FakeGrafana;
  beforeAll(async () => {
    fake = await startFakeGrafana({ version: '11.6' });
  });
  afterAll(async () => fake.stop());

  it.each([0, 1, 2, 3, 4, 5])('permutation %i of the resources folder', async (seed) => {
    const files = [...RESOURCES];
    for (let i = files.length - 1; i > 0; i -= 1) {
      const j = (seed * 7 + i * 3) % (i + 1);
      [files[i], files[j]] = [files[j]!, files[i]!];
    }
    const target = { url: fake.url, token: fake.createServiceAccountToken().key };
    const plan = buildPlan(
      loadResources(files, { resolveSecret }),
      await observe(target, { nested: true }),
      DEFAULT_PLAN_OPTIONS,
    );
    const seen = new Set<string>();
    for (const item of plan.items) {
      if (item.kind === 'folder') {
        if (item.parentUid) expect(seen.has(item.parentUid)).toBe(true);
        seen.add(item.uid);
      } else if ('folderUid' in item && item.folderUid) expect(seen.has(item.folderUid)).toBe(true);
    }
    expect(verbs(plan).filter((v) => v.startsWith('create folder'))).toEqual([
      'create folder Platform',
      'create folder Payments',
      'create folder Prod',
    ]);
  });
});

describe('12.x through the /apis dashboard.grafana.app and folder.grafana.app path', () => {
  let fake: FakeGrafana;
  let target: Target;
  const planFor = async (files: SourceFile[], options: Partial<PlanOptions> = {}) =>
    buildPlan(loadResources(files, { resolveSecret }), await observe(target, { nested: true, dialect: 'apis' }), {
      ...DEFAULT_PLAN_OPTIONS,
      ...options,
    });

  beforeAll(async () => {
    fake = await startFakeGrafana({ version: '12.x' });
    target = { url: fake.url, token: fake.createServiceAccountToken().key };
  });
  afterAll(async () => fake.stop());

  it('creates folders and dashboards as resources, with the folder annotation, then a second run is unchanged with no writes', async () => {
    await apply(target, await planFor(RESOURCES), { dialect: 'apis' });
    const prod = [...fake.store.folders.values()].find((f) => f.title === 'Prod');
    expect(fake.store.dashboards.get('pay-api')?.folderUid).toBe(prod?.uid);
    const before = fake.writeRequests().length;
    const second = await planFor(RESOURCES);
    expect(second.changed).toBe(false);
    await apply(target, second, { dialect: 'apis' });
    expect(fake.writeRequests().length).toBe(before);
    const dashboardReads = fake.requests.filter((r) => r.method === 'GET' && r.path.includes('dashboard')).length;
    expect(dashboardReads).toBeLessThanOrEqual(2);
  });

  it('sees a UI edit from the list alone (metadata.generation) and overwrites it when asked, keeping the folder', async () => {
    fake.ui.editDashboard('pay-db', (model) => (model.refresh = '5s'));
    const plan = await planFor(RESOURCES);
    expect(plan.items.find((i) => i.key === 'pay-db')).toMatchObject({
      verb: 'update',
      uiEdit: expect.objectContaining({ observedVersion: 2, recordedVersion: 1 }),
    });
    await apply(target, await planFor(RESOURCES, { overwriteUiEdits: true }), { dialect: 'apis' });
    const saved = fake.store.dashboards.get('pay-db');
    expect(saved?.json.refresh).toBeUndefined();
    expect(fake.store.folders.get(saved?.folderUid ?? '')?.title).toBe('Prod');
    expect((await planFor(RESOURCES)).changed).toBe(false);
  });

  // https://grafana.com/docs/grafana/latest/developers/http_api/apis/: an update sends the resourceVersion it read.
  it('an update is one PUT carrying the resourceVersion from the list, with no read of its own', async () => {
    const changed = RESOURCES.map((f) =>
      f.path.endsWith('home.json') ? { ...f, text: f.text.replace('"Home"', '"Home v2"') } : f,
    );
    const plan = await planFor(changed);
    expect(plan.items.filter((i) => i.verb !== 'unchanged').map((i) => i.key)).toEqual(['home']);
    const listed = fake.store.dashboards.get('home')?.resourceVersion;
    const before = fake.requests.length;
    await apply(target, plan, { dialect: 'apis' });
    const during = fake.requests.slice(before);
    expect(during.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'PUT /apis/dashboard.grafana.app/v1beta1/namespaces/default/dashboards/home 200',
    ]);
    expect(fake.store.dashboards.get('home')?.json.title).toBe('Home v2');
    expect(fake.store.dashboards.get('home')?.resourceVersion).not.toBe(listed);
  });

  it('an edit made after the list was read is a 409 reported as such, not overwritten', async () => {
    const changed = RESOURCES.map((f) =>
      f.path.endsWith('home.json') ? { ...f, text: f.text.replace('"Home"', '"Home v3"') } : f,
    );
    const plan = await planFor(changed);
    fake.ui.editDashboard('home', (model) => (model.refresh = '1m'));
    await expect(apply(target, plan, { dialect: 'apis' })).rejects.toThrow(
      /Could not update dashboard "Home v3": it was changed on the server after it was read \(Grafana answered 409/,
    );
    expect(fake.store.dashboards.get('home')?.json.refresh).toBe('1m');
  });
});
