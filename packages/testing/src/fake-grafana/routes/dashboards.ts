/**
 * Dashboards by uid: save (create/update with version, overwrite, folder and message), read with meta, delete, and
 * the version history (https://grafana.com/docs/grafana/latest/developers/http_api/dashboard/ and
 * https://grafana.com/docs/grafana/latest/developers/http_api/dashboard_versions/).
 */
import { randomUUID } from 'node:crypto';
import { fail } from '../errors.js';
import { int, ok, requireRole, str, type RouteContext, type Router } from '../http.js';
import { checkUid, generateUid, slugify, type Dashboard, type Json } from '../store.js';

export interface SaveDashboardCommand {
  dashboard: Json;
  /** Undefined or '' saves to the root (General) folder: an update without it moves the dashboard there. */
  folderUid?: string;
  folderId?: number;
  overwrite?: boolean;
  message?: string;
  user: string;
  /** Saving as the file provisioner: allowed on provisioned dashboards, marks the dashboard provisioned. */
  asProvisioner?: boolean;
  /** The /apis path checks neither the title within the folder nor the legacy version. */
  kubernetesStyle?: boolean;
}

function resolveFolder(ctx: RouteContext, cmd: SaveDashboardCommand): string {
  if (cmd.folderUid) {
    if (!ctx.store.folders.has(cmd.folderUid)) throw fail.badRequest('Folder not found');
    return cmd.folderUid;
  }
  if (cmd.folderId && cmd.folderId > 0) {
    const folder = [...ctx.store.folders.values()].find((f) => f.id === cmd.folderId);
    if (!folder) throw fail.badRequest('Folder not found');
    return folder.uid;
  }
  return '';
}

/** Grafana's save rules, in its order: id, then uid, then the title within the folder; then the version check. */
export function saveDashboard(ctx: RouteContext, cmd: SaveDashboardCommand): Dashboard {
  const { store } = ctx;
  const model = cmd.dashboard;
  const title = str(model.title)?.trim();
  if (!title) throw fail.badRequest('Dashboard title cannot be empty');
  const uid = str(model.uid) ?? '';
  const uidProblem = checkUid(uid, 'dashboard');
  if (uidProblem) throw fail.badRequest(uidProblem);
  const id = typeof model.id === 'number' && model.id > 0 ? model.id : 0;
  const folderUid = resolveFolder(ctx, cmd);

  const byId = id ? [...store.dashboards.values()].find((d) => d.id === id) : undefined;
  if (id && !byId) throw fail.notFound('Dashboard not found', { status: 'not-found' });
  const byUid = uid ? store.dashboards.get(uid) : undefined;
  if (byId && byUid && byId.id !== byUid.id) throw fail.badRequest('A dashboard with the same uid already exists');
  let existing = byId ?? byUid;

  const sameTitle = [...store.dashboards.values()].find(
    (d) => d.folderUid === folderUid && String(d.json.title) === title && d.id !== existing?.id,
  );
  if (sameTitle && !cmd.kubernetesStyle) {
    if (!cmd.overwrite) {
      throw fail.precondition('A dashboard with the same name in the folder already exists', 'name-exists');
    }
    existing = sameTitle;
  }
  if (existing) {
    const sentVersion = typeof model.version === 'number' ? model.version : 0;
    if (existing.provisioned && !cmd.asProvisioner) throw fail.badRequest('Cannot save provisioned dashboard');
    if (sentVersion !== existing.version && !cmd.overwrite && !cmd.kubernetesStyle) {
      throw fail.precondition('The dashboard has been changed by someone else', 'version-mismatch');
    }
  }

  const now = ctx.now().toISOString();
  const version = existing ? existing.version + 1 : 1;
  const saved: Dashboard = existing ?? {
    id: store.nextId('dashboard'),
    uid: uid || generateUid(),
    folderUid,
    json: {},
    version: 0,
    created: now,
    updated: now,
    createdBy: cmd.user,
    updatedBy: cmd.user,
    provisioned: !!cmd.asProvisioner,
    provisionedExternalId: cmd.asProvisioner ? `${slugify(title)}.json` : '',
    versions: [],
    resourceVersion: 0,
    k8sUid: randomUUID(),
  };
  saved.json = { ...model, id: saved.id, uid: saved.uid, version };
  saved.version = version;
  saved.folderUid = folderUid;
  saved.updated = now;
  saved.updatedBy = cmd.user;
  saved.resourceVersion = store.nextResourceVersion();
  saved.versions.push({
    id: store.nextId('dashboardVersion'),
    version,
    parentVersion: version - 1,
    restoredFrom: 0,
    created: now,
    createdBy: cmd.user,
    message: cmd.message ?? '',
    data: saved.json,
  });
  store.dashboards.set(saved.uid, saved);
  return saved;
}

export function dashboardUrl(dashboard: Dashboard): string {
  return `/d/${dashboard.uid}/${slugify(String(dashboard.json.title ?? ''))}`;
}

export function dashboardMeta(ctx: RouteContext, dashboard: Dashboard): Json {
  const folder = ctx.store.folders.get(dashboard.folderUid);
  return {
    type: 'db',
    canSave: !dashboard.provisioned,
    canEdit: true,
    canAdmin: true,
    canStar: true,
    canDelete: !dashboard.provisioned,
    slug: slugify(String(dashboard.json.title ?? '')),
    url: dashboardUrl(dashboard),
    expires: '0001-01-01T00:00:00Z',
    created: dashboard.created,
    updated: dashboard.updated,
    updatedBy: dashboard.updatedBy,
    createdBy: dashboard.createdBy,
    version: dashboard.version,
    hasAcl: false,
    isFolder: false,
    folderId: folder?.id ?? 0,
    folderUid: folder?.uid ?? '',
    folderTitle: folder?.title ?? 'General',
    folderUrl: folder ? `/dashboards/f/${folder.uid}/${slugify(folder.title)}` : '',
    provisioned: dashboard.provisioned,
    provisionedExternalId: dashboard.provisionedExternalId,
  };
}

export function deleteDashboard(ctx: RouteContext, dashboard: Dashboard): void {
  ctx.store.dashboards.delete(dashboard.uid);
}

function findDashboard(ctx: RouteContext, uid: string): Dashboard {
  const dashboard = ctx.store.dashboards.get(uid);
  if (!dashboard) throw fail.notFound('Dashboard not found', { status: 'not-found' });
  return dashboard;
}

function versionEntry(dashboard: Dashboard, v: Dashboard['versions'][number], withData: boolean): Json {
  const { data, ...rest } = v;
  return { ...rest, dashboardId: dashboard.id, uid: dashboard.uid, ...(withData ? { data } : {}) };
}

export function registerDashboards(router: Router): void {
  router.add('POST', '/api/dashboards/db', (req, ctx) => {
    requireRole(req, 'Editor');
    const body = req.json();
    const dashboard = body.dashboard;
    if (!dashboard || typeof dashboard !== 'object' || Array.isArray(dashboard)) {
      throw fail.badRequest('bad request data');
    }
    const saved = saveDashboard(ctx, {
      dashboard: dashboard as Json,
      folderUid: str(body.folderUid),
      folderId: typeof body.folderId === 'number' ? body.folderId : undefined,
      overwrite: body.overwrite === true,
      message: str(body.message),
      user: req.identity.login,
    });
    return ok({
      id: saved.id,
      uid: saved.uid,
      url: dashboardUrl(saved),
      status: 'success',
      version: saved.version,
      slug: slugify(String(saved.json.title)),
      ...(ctx.profile.saveAnswersFolderUid ? { folderUid: saved.folderUid } : {}),
    });
  });

  router.add('GET', '/api/dashboards/uid/:uid', (req, ctx) => {
    const dashboard = findDashboard(ctx, req.params.uid ?? '');
    return ok({ dashboard: dashboard.json, meta: dashboardMeta(ctx, dashboard) });
  });

  router.add('DELETE', '/api/dashboards/uid/:uid', (req, ctx) => {
    requireRole(req, 'Editor');
    const dashboard = findDashboard(ctx, req.params.uid ?? '');
    if (dashboard.provisioned) throw fail.badRequest('provisioned dashboard cannot be deleted');
    deleteDashboard(ctx, dashboard);
    const title = String(dashboard.json.title);
    return ok({ title, message: `Dashboard ${title} deleted`, id: dashboard.id });
  });

  router.add('GET', '/api/dashboards/uid/:uid/versions', (req, ctx) => {
    const dashboard = findDashboard(ctx, req.params.uid ?? '');
    const limit = int(req.query.get('limit'), 1000) || 1000;
    const start = int(req.query.get('start'), 0);
    const versions = [...dashboard.versions]
      .reverse()
      .slice(start, start + limit)
      .map((v) => versionEntry(dashboard, v, false));
    return ok(ctx.profile.versionsEnvelope ? { continueToken: '', versions } : versions);
  });

  router.add('GET', '/api/dashboards/uid/:uid/versions/:version', (req, ctx) => {
    const dashboard = findDashboard(ctx, req.params.uid ?? '');
    const wanted = Number(req.params.version);
    const found = dashboard.versions.find((v) => v.version === wanted);
    if (!found) throw fail.notFound('Dashboard version not found');
    return ok(versionEntry(dashboard, found, true));
  });

  router.add('POST', '/api/dashboards/uid/:uid/restore', (req, ctx) => {
    requireRole(req, 'Editor');
    const dashboard = findDashboard(ctx, req.params.uid ?? '');
    const wanted = req.json().version;
    const found = dashboard.versions.find((v) => v.version === wanted);
    if (!found) throw fail.notFound('Dashboard version not found');
    const restored = saveDashboard(ctx, {
      dashboard: { ...found.data, version: dashboard.version },
      folderUid: dashboard.folderUid,
      message: `Restored from version ${found.version}`,
      user: req.identity.login,
    });
    const last = restored.versions.at(-1);
    if (last) last.restoredFrom = found.version;
    return ok({
      id: restored.id,
      uid: restored.uid,
      status: 'success',
      version: restored.version,
      url: dashboardUrl(restored),
    });
  });
}
