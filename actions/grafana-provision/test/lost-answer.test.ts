/**
 * A create keyed by uid whose answer is lost (the fake stores it, then closes the connection) is sent again and
 * refused as taken: 409 for folders and data sources, 412 version-mismatch for /api dashboards, 409 AlreadyExists on
 * /apis, 400 for contact points. When Grafana holds exactly what was sent, the first attempt landed: the step
 * counts it as applied and says so; when Grafana holds something else, the error says what happened, not that the
 * resource "changed after it was read".
 */
import { describe, expect, it } from '@jest/globals';
import type { GrafanaVersion } from '@aws-delivery/testing';
import { loadResources } from '../src/load-resources.js';
import { buildPlan, DEFAULT_PLAN_OPTIONS } from '../src/plan.js';
import { useActionOnFake } from './action-on-fake.js';
import { apply, observe } from './fake-run.js';
import { resolveSecret } from './resources.js';

/** The create paths of each kind on both dialects. */
const CREATES = [
  /^\/api\/folders$|^\/apis\/folder\.grafana\.app\/[^/]+\/namespaces\/default\/folders$/,
  /^\/api\/datasources$/,
  /^\/api\/v1\/provisioning\/contact-points$/,
  /^\/api\/dashboards\/db$|^\/apis\/dashboard\.grafana\.app\/[^/]+\/namespaces\/default\/dashboards$/,
];

describe.each(['9.5', '11.6', '12.x'] as GrafanaVersion[])(
  'lost answers to creates on the fake Grafana %s',
  (version) => {
    const g = useActionOnFake(version);

    it('a create stored before its answer was lost is counted as applied, once, and the next run is unchanged', async () => {
      for (const path of CREATES) g.fake.injectFault({ method: 'POST', path, status: 0, loseAnswer: true });
      const first = await g.step();
      expect(first.io.lines('error')).toEqual([]);
      expect(first.outcome?.ok).toBe(true);
      const lost = g.fake.requests.filter((r) => r.method === 'POST' && r.status === 0);
      expect(lost).toHaveLength(CREATES.length);
      const landed = first.io.lines('info').filter((l) => l.includes('the first attempt was stored'));
      expect(landed).toEqual([
        expect.stringMatching(/^Creating folder "Platform" got no answer and was sent again; the repeat found it/),
        expect.stringMatching(/^Creating datasource "Prometheus" got no answer/),
        expect.stringMatching(/^Creating contact-point "On call" got no answer/),
        expect.stringMatching(/^Creating dashboard "[^"]+" got no answer/),
      ]);
      expect(first.io.recorded.outputs).toMatchObject({ updated: '0', changed: 'true' });
      expect(g.fake.store.datasources.get('prom')?.secureJsonData).toEqual({ basicAuthPassword: 'prom-secret-1' });
      expect([...g.fake.store.folders.values()].filter((f) => f.title === 'Platform')).toHaveLength(1);
      expect(g.fake.store.dashboards.size).toBe(4);

      const writes = g.fake.writeRequests().length;
      const second = await g.step();
      expect(second.io.recorded.outputs).toMatchObject({ created: '0', updated: '0', changed: 'false' });
      expect(g.fake.writeRequests().slice(writes)).toEqual([]);
    }, 60_000);

    it('a retried create that meets something else says so, and leaves it alone', async () => {
      const files = [{ path: 'dashboards/new.json', text: JSON.stringify({ uid: 'new', title: 'New', panels: [] }) }];
      const target = { url: g.fake.url, token: g.token };
      const dialect = version === '12.x' ? 'apis' : 'api';
      const plan = buildPlan(
        loadResources(files, { resolveSecret }),
        await observe(target, { nested: version !== '9.5', dialect }),
        DEFAULT_PLAN_OPTIONS,
      );
      expect(plan.items.map((i) => `${i.verb} ${i.key}`)).toContain('create new');
      // Someone saves a dashboard with that uid after the plan was made; the create's first attempt then fails with a
      // 503 before Grafana handles it, so the repeat is the one refused as taken.
      g.fake.ui.saveDashboard({ uid: 'new', title: 'Made by hand', panels: [] });
      const createPath = CREATES[3] as RegExp;
      g.fake.injectFault({ method: 'POST', path: createPath, status: 503 });
      await expect(apply(target, plan, { dialect })).rejects.toThrow(
        /^Could not create dashboard "New": an earlier attempt failed without a usable answer, and the repeat found it already in Grafana, different from the repository \(Grafana answered (409|412) to POST .* after 2 attempts/,
      );
      expect(g.fake.store.dashboards.get('new')?.json.title).toBe('Made by hand');
    }, 30_000);
  },
);
