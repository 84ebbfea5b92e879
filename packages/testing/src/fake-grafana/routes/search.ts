/**
 * GET /api/search: folders and dashboards by query, tag, type, uids and folder, paged
 * (https://grafana.com/docs/grafana/latest/developers/http_api/folder_dashboard_search/). A hit has the fields of
 * the documented examples (the same from 9.5 to 12): id, uid, title, url, type, tags, isStarred, the deprecated uri,
 * and folderId/folderUid/folderTitle/folderUrl when it is in a folder. No version and no update time: a client cannot
 * see from search that a dashboard was saved again with the same title and tags.
 */
import { int, ok, type Router } from '../http.js';
import { slugify, type Dashboard, type Folder, type GrafanaStore } from '../store.js';

function many(query: URLSearchParams, name: string): string[] {
  return query
    .getAll(name)
    .flatMap((value) => value.split(','))
    .filter(Boolean);
}

function folderFields(store: GrafanaStore, folderUid: string): Record<string, unknown> {
  const folder = store.folders.get(folderUid);
  if (!folder) return {};
  return {
    folderId: folder.id,
    folderUid: folder.uid,
    folderTitle: folder.title,
    folderUrl: `/dashboards/f/${folder.uid}/${slugify(folder.title)}`,
  };
}

function folderHit(store: GrafanaStore, folder: Folder): Record<string, unknown> {
  return {
    id: folder.id,
    uid: folder.uid,
    title: folder.title,
    uri: `db/${slugify(folder.title)}`,
    url: `/dashboards/f/${folder.uid}/${slugify(folder.title)}`,
    type: 'dash-folder',
    tags: [],
    isStarred: false,
    ...(folder.parentUid ? folderFields(store, folder.parentUid) : {}),
  };
}

function dashboardHit(store: GrafanaStore, dashboard: Dashboard): Record<string, unknown> {
  const title = String(dashboard.json.title ?? '');
  return {
    id: dashboard.id,
    uid: dashboard.uid,
    title,
    uri: `db/${slugify(title)}`,
    url: `/d/${dashboard.uid}/${slugify(title)}`,
    type: 'dash-db',
    tags: Array.isArray(dashboard.json.tags) ? dashboard.json.tags : [],
    isStarred: false,
    ...folderFields(store, dashboard.folderUid),
  };
}

// One collator for every comparison: localeCompare with options builds one per call.
const titles = new Intl.Collator('en', { sensitivity: 'base' });
const byTitle = (a: Record<string, unknown>, b: Record<string, unknown>) =>
  titles.compare(String(a.title), String(b.title));

export function registerSearch(router: Router): void {
  router.add('GET', '/api/search', (req, { store }) => {
    const q = req.query;
    const text = (q.get('query') ?? '').toLowerCase();
    const tags = many(q, 'tag');
    const type = q.get('type');
    const dashboardUids = many(q, 'dashboardUIDs');
    const folderUids = many(q, 'folderUIDs').map((uid) => (uid === 'general' ? '' : uid));
    const limit = Math.min(Math.max(int(q.get('limit'), 1000), 1), 5000);
    const page = Math.max(int(q.get('page'), 1), 1);

    const folders =
      type === 'dash-db' || tags.length > 0 || dashboardUids.length > 0
        ? []
        : [...store.folders.values()]
            .filter((f) => f.title.toLowerCase().includes(text))
            .filter((f) => folderUids.length === 0 || folderUids.includes(f.parentUid ?? ''))
            .map((f) => folderHit(store, f))
            .sort(byTitle);
    const dashboards =
      type === 'dash-folder'
        ? []
        : [...store.dashboards.values()]
            .filter((d) =>
              String(d.json.title ?? '')
                .toLowerCase()
                .includes(text),
            )
            .filter((d) => {
              const own = Array.isArray(d.json.tags) ? d.json.tags.map(String) : [];
              return tags.every((tag) => own.includes(tag));
            })
            .filter((d) => dashboardUids.length === 0 || dashboardUids.includes(d.uid))
            .filter((d) => folderUids.length === 0 || folderUids.includes(d.folderUid))
            .map((d) => dashboardHit(store, d))
            .sort(byTitle);
    const all = [...folders, ...dashboards];
    return ok(all.slice((page - 1) * limit, page * limit));
  });
}
