/**
 * What the server holds, read over the API: folders and dashboards from search (/api) or the /apis lists (12+),
 * each data source (the list lacks version and secure fields), alert rule groups and contact points.
 *
 * Dashboards on /api: search hits carry title, folder and tags but no version
 * (https://grafana.com/docs/grafana/latest/developers/http_api/folder_dashboard_search/), and a UI save keeps our
 * marker tags, so only the model (GET /api/dashboards/uid) shows such an edit. `trustMarker` skips that read for
 * hits carrying our write record; the plan then asks for the models of those it would write (readModels).
 */
import type { Json } from '../canonical-json.js';
import { dashboardMarker } from '../marker.js';
import type { ObservedDashboard, ObservedState } from '../observed.js';
import {
  contactPointFromGet,
  dashboardFromGet,
  dashboardFromResource,
  dashboardFromSearchHit,
  datasourceFromGet,
  folderFromResource,
  folderFromSearchHit,
  ruleGroupFromGet,
  ruleGroupsOf,
} from '../observed-from-api.js';
import type { ServerInfo } from '../server-version.js';
import type { GrafanaClient } from './client.js';
import { DASHBOARDS_APIS, FOLDERS_APIS } from './paths.js';
import { mapBounded } from './pool.js';

const PAGE = 5000;

/** Every hit of a search, page by page. */
async function searchAll(client: GrafanaClient, type: 'dash-folder' | 'dash-db'): Promise<Json[]> {
  const hits: Json[] = [];
  for (let page = 1; ; page += 1) {
    const answer = await client.get<Json[]>(`/api/search?type=${type}&limit=${PAGE}&page=${page}`);
    hits.push(...answer);
    if (answer.length < PAGE) return hits;
  }
}

/** Every item of an /apis list, following `metadata.continue`. */
async function listAll(client: GrafanaClient, path: string): Promise<Json[]> {
  const items: Json[] = [];
  let next: string | undefined;
  do {
    const answer = await client.get<{ items?: Json[]; metadata?: { continue?: string } }>(
      `${path}?limit=500${next ? `&continue=${encodeURIComponent(next)}` : ''}`,
    );
    items.push(...(answer.items ?? []));
    next = answer.metadata?.continue || undefined;
  } while (next);
  return items;
}

export interface ObserveOptions {
  concurrency: number;
  /** The dashboard uids the repository declares; without it every dashboard's model is read. */
  wanted?: ReadonlySet<string>;
  /** On /api: a hit carrying our write record stands for its content, without reading the model. */
  trustMarker?: boolean;
}

/** GET /api/dashboards/uid/:uid for each of `uids` found in `dashboards`, in place of its search hit. */
export async function readModels(
  client: GrafanaClient,
  dashboards: readonly ObservedDashboard[],
  uids: ReadonlySet<string>,
  concurrency: number,
): Promise<ObservedDashboard[]> {
  return mapBounded(dashboards, concurrency, async (d) =>
    uids.has(d.uid) && !d.model
      ? dashboardFromGet(await client.get(`/api/dashboards/uid/${encodeURIComponent(d.uid)}`))
      : d,
  );
}

/**
 * On the /api dialect the models of the declared dashboards are read, and those of dashboards carrying our marker
 * (prune candidates), unless `trustMarker` and the hit carries our write record; any other dashboard is known from
 * its search hit alone.
 */
export async function observe(
  client: GrafanaClient,
  server: ServerInfo,
  { concurrency, wanted, trustMarker = false }: ObserveOptions,
): Promise<ObservedState> {
  let folders;
  let dashboards;
  if (server.dialect === 'apis') {
    folders = (await listAll(client, FOLDERS_APIS)).map(folderFromResource);
    dashboards = (await listAll(client, DASHBOARDS_APIS)).map(dashboardFromResource);
  } else {
    folders = (await searchAll(client, 'dash-folder')).map(folderFromSearchHit);
    const hits = (await searchAll(client, 'dash-db')).map(dashboardFromSearchHit);
    const needsModel = (hit: ObservedDashboard) => {
      const marker = dashboardMarker(hit.tags);
      if (trustMarker && marker.owned && marker.record) return false;
      return !wanted || wanted.has(hit.uid) || marker.owned;
    };
    dashboards = await readModels(client, hits, new Set(hits.filter(needsModel).map((h) => h.uid)), concurrency);
  }
  const list = await client.get<Json[]>('/api/datasources');
  const datasources = await mapBounded(list, concurrency, async (d) =>
    datasourceFromGet(await client.get(`/api/datasources/uid/${encodeURIComponent(String(d.uid))}`)),
  );
  const rules = await client.get<Json[]>('/api/v1/provisioning/alert-rules');
  const ruleGroups = await mapBounded(ruleGroupsOf(rules), concurrency, async (g) =>
    ruleGroupFromGet(
      await client.get(
        `/api/v1/provisioning/folder/${encodeURIComponent(g.folderUid)}/rule-groups/${encodeURIComponent(g.name)}`,
      ),
    ),
  );
  const contactPoints = (await client.get<Json[]>('/api/v1/provisioning/contact-points')).map(contactPointFromGet);
  return { nestedFolders: server.nestedFolders, folders, dashboards, datasources, ruleGroups, contactPoints };
}
