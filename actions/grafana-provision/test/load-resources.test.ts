/** Loading the resources folder layout into desired resources (pure: files in, typed resources out). */
import { describe, expect, it } from '@jest/globals';
import { folderUidFor } from '../src/folder-paths.js';
import { loadResources, ResourceLoadError, type SourceFile } from '../src/load-resources.js';

const SECRETS: Record<string, string> = { PROM_PASSWORD: 's3cret-value', SLACK_URL: 'https://hooks.slack.test/T/B/x' };
const resolveSecret = (name: string) => SECRETS[name];

const board = (uid: string | undefined, title: string) =>
  JSON.stringify({ ...(uid ? { uid } : {}), title, panels: [] });

const LAYOUT: SourceFile[] = [
  { path: 'dashboards/Platform/Payments/Prod/api.json', text: board('pay-api', 'Payments API') },
  { path: 'dashboards/Platform/Payments/Prod/db.json', text: board('pay-db', 'Payments DB') },
  { path: 'dashboards/Platform/overview.json', text: board('platform', 'Platform overview') },
  { path: 'dashboards/home.json', text: board('home', 'Home') },
  { path: 'dashboards/Platform/Payments/.folder.yaml', text: 'uid: payments\ntitle: Payments team\n' },
  {
    path: 'datasources/prometheus.yaml',
    text: 'apiVersion: 1\ndatasources:\n  - name: Prometheus\n    type: prometheus\n    uid: prom\n    url: http://prometheus:9090\n    basicAuth: true\n    basicAuthUser: grafana\n    jsonData: { httpMethod: POST }\n    secureJsonData:\n      basicAuthPassword: ${PROM_PASSWORD}\n',
  },
  {
    path: 'alert-rules/Platform/Payments/Prod/availability.yaml',
    text: 'interval: 1m\nrules:\n  - title: API down\n    condition: B\n    for: 5m\n    data: [{ refId: A }, { refId: B }]\n    labels: { severity: page }\n',
  },
  {
    path: 'contact-points/oncall.yaml',
    text: 'name: On call\ntype: slack\nsettings:\n  url: ${SLACK_URL}\n  recipient: "#payments"\n',
  },
  { path: 'README.md', text: '# not a resource' },
  { path: 'extra/thing.yaml', text: 'a: 1' },
];

describe('loadResources', () => {
  const desired = loadResources(LAYOUT, { resolveSecret });

  it('implies folders from dashboard and alert-rule directories, parents before children, with .folder.yaml overrides', () => {
    expect(desired.folders.map((f) => [f.path.join('/'), f.uid, f.title, f.holdsContent])).toEqual([
      ['Platform', folderUidFor(['Platform']), 'Platform', true],
      ['Platform/Payments', 'payments', 'Payments team', false],
      ['Platform/Payments/Prod', folderUidFor(['Platform', 'Payments', 'Prod']), 'Prod', true],
    ]);
  });

  it('derives folder uids that are stable, at most 40 characters of [a-z0-9-], and marked gp-', () => {
    const uid = folderUidFor(['A very long folder name that goes on', 'and on', 'Ünïcode ✓']);
    expect(uid).toMatch(/^gp-[a-z0-9-]+$/);
    expect(uid.length).toBeLessThanOrEqual(40);
    expect(folderUidFor(['A very long folder name that goes on', 'and on', 'Ünïcode ✓'])).toBe(uid);
    expect(folderUidFor(['Platform', 'Payments'])).not.toBe(folderUidFor(['Platform', 'Payment']));
  });

  it('reads dashboards with their folder path; a dashboard at the top lives in General', () => {
    expect(desired.dashboards.map((d) => [d.uid, d.title, d.folderPath.join('/')])).toEqual([
      ['pay-api', 'Payments API', 'Platform/Payments/Prod'],
      ['pay-db', 'Payments DB', 'Platform/Payments/Prod'],
      ['platform', 'Platform overview', 'Platform'],
      ['home', 'Home', ''],
    ]);
  });

  it('reads Grafana provisioning-shaped data sources, secure values resolved from named secrets and kept apart', () => {
    const [prom] = desired.datasources;
    expect(prom?.uid).toBe('prom');
    expect(prom?.fields).toMatchObject({
      name: 'Prometheus',
      type: 'prometheus',
      access: 'proxy',
      basicAuth: true,
      jsonData: { httpMethod: 'POST' },
    });
    expect(JSON.stringify(prom?.fields)).not.toContain('s3cret-value');
    expect(prom?.secure).toEqual({ basicAuthPassword: { from: 'PROM_PASSWORD', value: 's3cret-value' } });
  });

  it('reads a rule group per file, named by the file, interval in seconds, defaults filled in', () => {
    const [group] = desired.ruleGroups;
    expect(group).toMatchObject({
      name: 'availability',
      intervalSeconds: 60,
      folderPath: ['Platform', 'Payments', 'Prod'],
    });
    expect(group?.rules[0]?.body).toMatchObject({
      title: 'API down',
      for: '300s',
      noDataState: 'NoData',
      execErrState: 'Alerting',
      isPaused: false,
      labels: { severity: 'page' },
    });
    expect(group?.rules[0]?.uid).toMatch(/^gp-/);
  });

  it('splits contact-point settings into plain and secret ones', () => {
    const [cp] = desired.contactPoints;
    expect(cp).toMatchObject({ name: 'On call', type: 'slack', settings: { recipient: '#payments' } });
    expect(cp?.secure.url).toEqual({ from: 'SLACK_URL', value: SECRETS.SLACK_URL });
  });

  it('warns about data files outside the layout and about derived dashboard uids', () => {
    expect(desired.warnings).toEqual([expect.stringContaining('extra/thing.yaml: not under dashboards/')]);
    const derived = loadResources([{ path: 'dashboards/x.json', text: board(undefined, 'No uid') }], { resolveSecret });
    expect(derived.dashboards[0]?.uid).toMatch(/^gp-/);
    expect(derived.warnings[0]).toMatch(/no uid/);
  });

  it('accepts a dashboard in the GET /api/dashboards/uid shape ({ dashboard, meta })', () => {
    const wrapped = JSON.stringify({ meta: { version: 3 }, dashboard: { uid: 'w', title: 'Wrapped', panels: [] } });
    expect(loadResources([{ path: 'dashboards/w.json', text: wrapped }], { resolveSecret }).dashboards[0]?.uid).toBe(
      'w',
    );
  });

  it('lists every problem at once: literal secrets, missing secrets, bad JSON, duplicates, rules outside a folder', () => {
    const broken: SourceFile[] = [
      { path: 'datasources/a.yaml', text: 'name: A\ntype: loki\nsecureJsonData:\n  password: hunter2\n' },
      { path: 'datasources/b.yaml', text: 'name: B\ntype: loki\nsecureJsonData:\n  password: ${NOT_SET}\n' },
      { path: 'dashboards/bad.json', text: '{ not json' },
      { path: 'dashboards/one.json', text: board('same', 'One') },
      { path: 'dashboards/two.json', text: board('same', 'Two') },
      { path: 'alert-rules/top.yaml', text: 'interval: 1m\nrules: []\n' },
      { path: 'alert-rules/F/bad-interval.yaml', text: 'interval: 15s\nrules: []\n' },
      { path: 'dashboards/F/.folder.yaml', text: 'uid: f-one' },
      { path: 'alert-rules/F/.folder.yaml', text: 'uid: f-two' },
    ];
    let error: unknown;
    try {
      loadResources(broken, { resolveSecret });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ResourceLoadError);
    const problems = (error as ResourceLoadError).problems.join('\n');
    expect(problems).toContain('datasources/a.yaml: secureJsonData.password: a secure value must name a secret');
    expect(problems).not.toContain('hunter2');
    expect(problems).toContain('the secret NOT_SET is not set');
    expect(problems).toContain('dashboards/bad.json: not valid JSON');
    expect(problems).toContain('dashboard uid same is also declared by dashboards/one.json');
    expect(problems).toContain('alert-rules/top.yaml: alert rules live in a folder');
    expect(problems).toContain('interval must be a positive multiple of 10s');
    expect(problems).toContain(
      'dashboards/F/.folder.yaml: declares folder F differently from alert-rules/F/.folder.yaml',
    );
  });
});
