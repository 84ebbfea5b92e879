/**
 * What the server holds, read over the API: folders and dashboards from search (/api) or the /apis lists (12+),
 * each dashboard's model (a UI edit keeps the tags, so the marker alone cannot show it), each data source (the list
 * lacks version and secure fields), alert rule groups and contact points.
 */
import type { Json } from '../canonical-json.js';
import { dashboardMarker } from '../marker.js';
import type { ObservedState } from '../observed.js';
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

/**
 * `wanted`: the dashboard uids the repository declares. On the /api dialect their models are read, and those of
 * dashboards carrying our marker (prune candidates); any other dashboard is known from its search hit alone.
 */
export async function observe(
  client: GrafanaClient,
  server: ServerInfo,
  concurrency: number,
  wanted?: ReadonlySet<string>,
): Promise<ObservedState> {
  let folders;
  let dashboards;
  if (server.dialect === 'apis') {
    folders = (await listAll(client, FOLDERS_APIS)).map(folderFromResource);
    dashboards = (await listAll(client, DASHBOARDS_APIS)).map(dashboardFromResource);
  } else {
    folders = (await searchAll(client, 'dash-folder')).map(folderFromSearchHit);
    const hits = await searchAll(client, 'dash-db');
    const needsModel = (hit: Json) =>
      !wanted || wanted.has(String(hit.uid)) || dashboardMarker(dashboardFromSearchHit(hit).tags).owned;
    dashboards = await mapBounded(hits, concurrency, async (hit) =>
      needsModel(hit)
        ? dashboardFromGet(await client.get(`/api/dashboards/uid/${encodeURIComponent(String(hit.uid))}`))
        : dashboardFromSearchHit(hit),
    );
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
