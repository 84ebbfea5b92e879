/**
 * The plan tests' way to the fake Grafana: the action's own reader and writer (src/grafana/observe.ts, apply.ts) on
 * the action's own HTTP client, with the dialect and nesting given by the test instead of read from /api/health.
 * `readModels: false` reads dashboards from search alone, to show the marker tag stands for the content.
 */
import { createHttpClient } from '@aws-delivery/aws';
import type { Json } from '../src/canonical-json.js';
import { applyPlan } from '../src/grafana/apply.js';
import { authorization, createGrafanaClient, type GrafanaClient } from '../src/grafana/client.js';
import { observe as observeServer } from '../src/grafana/observe.js';
import { dashboardFromSearchHit } from '../src/observed-from-api.js';
import type { ObservedState } from '../src/observed.js';
import type { Plan } from '../src/plan-types.js';
import type { Dialect, ServerInfo } from '../src/server-version.js';

export interface Target {
  url: string;
  token: string;
}

export type { Dialect };

/** Runs `work` with a client of its own, closing its connections after. */
async function withClient<T>(target: Target, work: (client: GrafanaClient) => Promise<T>): Promise<T> {
  const http = createHttpClient({ label: 'Grafana', env: {}, log: () => undefined });
  try {
    return await work(createGrafanaClient(target.url, authorization({ token: target.token }), http));
  } finally {
    http.destroy();
  }
}

export async function observe(
  target: Target,
  options: { nested: boolean; readModels?: boolean; dialect?: Dialect },
): Promise<ObservedState> {
  const dialect = options.dialect ?? 'api';
  const server: ServerInfo = { version: 'test', major: 0, minor: 0, nestedFolders: options.nested, dialect };
  return withClient(target, async (client) => {
    const observed = await observeServer(client, server, { concurrency: 4 });
    if (options.readModels !== false) return observed;
    const hits = await client.get<Json[]>('/api/search?type=dash-db&limit=5000');
    return { ...observed, dashboards: hits.map(dashboardFromSearchHit) };
  });
}

export async function apply(
  target: Target,
  plan: Plan,
  options: { message?: string; disableProvenance?: boolean; dialect?: Dialect } = {},
): Promise<void> {
  await withClient(target, (client) =>
    applyPlan(client, plan, {
      dialect: options.dialect ?? 'api',
      message: options.message ?? 'grafana-provision',
      disableProvenance: options.disableProvenance ?? false,
      concurrency: 4,
    }),
  );
}
