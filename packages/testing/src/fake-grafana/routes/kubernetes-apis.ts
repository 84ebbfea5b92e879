/**
 * Grafana 12's Kubernetes-style APIs for dashboards and folders: /apis/dashboard.grafana.app/<v>/namespaces/default/
 * dashboards and /apis/folder.grafana.app/<v>/namespaces/default/folders. POST answers 201 (409 AlreadyExists),
 * PUT checks `metadata.resourceVersion` (409 Conflict), `metadata.generation` moves with the spec only, and the
 * folder is the `grafana.app/folder` annotation: an update without it puts the dashboard at the root
 * (https://grafana.com/docs/grafana/latest/developers/http_api/apis/,
 * https://grafana.com/docs/grafana/latest/developers/http_api/dashboard/, .../folder/).
 */
import { isDeepStrictEqual } from 'node:util';
import { fail, GrafanaError } from '../errors.js';
import { int, ok, requireRole, str, type Answer, type Request, type RouteContext, type Router } from '../http.js';
import type { Dashboard, Folder, Json } from '../store.js';
import { deleteDashboard, saveDashboard } from './dashboards.js';
import { createFolder, deleteFolder, moveFolder, updateFolder } from './folders.js';

export const FOLDER_ANNOTATION = 'grafana.app/folder';
const VERSIONS = ['v0alpha1', 'v1beta1'];
const NAMESPACE = 'default';

interface Kind {
  group: string;
  resource: string;
  kind: string;
}
const DASHBOARDS: Kind = { group: 'dashboard.grafana.app', resource: 'dashboards', kind: 'Dashboard' };
const FOLDERS: Kind = { group: 'folder.grafana.app', resource: 'folders', kind: 'Folder' };

/** A Kubernetes Status body for a failure on these paths. */
export function kubernetesStatus(error: GrafanaError, reason?: string): Json {
  const reasons: Record<number, string> = {
    400: 'BadRequest',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'NotFound',
    409: 'Conflict',
    500: 'InternalError',
  };
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: error.message,
    reason: reason ?? reasons[error.status] ?? 'Unknown',
    code: error.status,
  };
}

class KubernetesError extends GrafanaError {
  constructor(status: number, message: string, reason: string, details: Json) {
    super(status, message);
    this.reason = reason;
    this.details = details;
  }
  reason: string;
  details: Json;
  override body(): Record<string, unknown> {
    return { ...kubernetesStatus(this, this.reason), details: this.details };
  }
}

const notFound = (k: Kind, name: string) =>
  new KubernetesError(404, `${k.resource}.${k.group} "${name}" not found`, 'NotFound', {
    name,
    group: k.group,
    kind: k.resource,
  });
const alreadyExists = (k: Kind, name: string) =>
  new KubernetesError(409, `${k.resource}.${k.group} "${name}" already exists`, 'AlreadyExists', {
    name,
    group: k.group,
    kind: k.resource,
  });
const conflict = (k: Kind, name: string) =>
  new KubernetesError(
    409,
    `Operation cannot be fulfilled on ${k.resource}.${k.group} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    'Conflict',
    { name, group: k.group, kind: k.resource },
  );

function annotations(metadata: Json): Record<string, string> {
  const value = metadata.annotations;
  return value && typeof value === 'object' ? (value as Record<string, string>) : {};
}

function metadataOf(body: Json): Json {
  return body.metadata && typeof body.metadata === 'object' ? (body.metadata as Json) : {};
}

function specOf(body: Json): Json {
  if (!body.spec || typeof body.spec !== 'object') throw fail.badRequest('spec is required');
  return body.spec as Json;
}

function dashboardObject(d: Dashboard, version: string): Json {
  const { id: _id, uid: _uid, version: _version, ...spec } = d.json;
  return {
    kind: 'Dashboard',
    apiVersion: `${DASHBOARDS.group}/${version}`,
    metadata: {
      name: d.uid,
      namespace: NAMESPACE,
      uid: d.k8sUid,
      resourceVersion: String(d.resourceVersion),
      generation: d.version,
      creationTimestamp: d.created,
      annotations: {
        ...(d.folderUid ? { [FOLDER_ANNOTATION]: d.folderUid } : {}),
        'grafana.app/createdBy': `user:${d.createdBy}`,
        'grafana.app/updatedBy': `user:${d.updatedBy}`,
        'grafana.app/updatedTimestamp': d.updated,
      },
    },
    spec,
  };
}

function folderObject(f: Folder, version: string): Json {
  return {
    kind: 'Folder',
    apiVersion: `${FOLDERS.group}/${version}`,
    metadata: {
      name: f.uid,
      namespace: NAMESPACE,
      uid: f.k8sUid,
      resourceVersion: String(f.resourceVersion),
      generation: f.generation,
      creationTimestamp: f.created,
      annotations: {
        ...(f.parentUid ? { [FOLDER_ANNOTATION]: f.parentUid } : {}),
        'grafana.app/createdBy': `user:${f.createdBy}`,
        'grafana.app/updatedBy': `user:${f.updatedBy}`,
      },
    },
    spec: { title: f.title, ...(f.description ? { description: f.description } : {}) },
  };
}

function list(req: Request, items: Json[], kind: string, apiVersion: string, ctx: RouteContext): Answer {
  const limit = int(req.query.get('limit'), 0);
  const start = req.query.get('continue')
    ? Number(Buffer.from(req.query.get('continue') ?? '', 'base64url').toString()) || 0
    : 0;
  const page = limit > 0 ? items.slice(start, start + limit) : items.slice(start);
  const more = limit > 0 && start + limit < items.length;
  return ok({
    kind: `${kind}List`,
    apiVersion,
    metadata: {
      resourceVersion: String(ctx.store.nextResourceVersion()),
      ...(more ? { continue: Buffer.from(String(start + limit)).toString('base64url') } : {}),
    },
    items: page,
  });
}

function checkResourceVersion(k: Kind, name: string, metadata: Json, current: number): void {
  const sent = str(metadata.resourceVersion);
  if (sent && sent !== String(current)) throw conflict(k, name);
}

function checkFolder(ctx: RouteContext, uid: string | undefined): void {
  if (uid && !ctx.store.folders.has(uid)) throw fail.badRequest(`folder not found: ${uid}`);
}

function registerDashboardApis(router: Router, version: string): void {
  const base = `/apis/${DASHBOARDS.group}/${version}/namespaces/:ns/dashboards`;
  router.add('GET', base, (req, ctx) => {
    const items = [...ctx.store.dashboards.values()]
      .sort((a, b) => a.id - b.id)
      .map((d) => dashboardObject(d, version));
    return list(req, items, 'Dashboard', `${DASHBOARDS.group}/${version}`, ctx);
  });
  router.add('GET', `${base}/:name`, (req, ctx) => {
    const d = ctx.store.dashboards.get(req.params.name ?? '');
    if (!d) throw notFound(DASHBOARDS, req.params.name ?? '');
    return ok(dashboardObject(d, version));
  });
  router.add('POST', base, (req, ctx) => {
    requireRole(req, 'Editor');
    const body = req.json();
    const metadata = metadataOf(body);
    const name =
      str(metadata.name) ??
      (str(metadata.generateName) ? `${str(metadata.generateName)}${Math.random().toString(36).slice(2, 8)}` : '');
    if (!name) throw fail.badRequest('metadata.name or metadata.generateName is required');
    if (ctx.store.dashboards.has(name)) throw alreadyExists(DASHBOARDS, name);
    const folderUid = annotations(metadata)[FOLDER_ANNOTATION];
    checkFolder(ctx, folderUid);
    const saved = saveDashboard(ctx, {
      dashboard: { ...specOf(body), uid: name },
      folderUid,
      user: req.identity.login,
      kubernetesStyle: true,
    });
    return ok(dashboardObject(saved, version), 201);
  });
  router.add('PUT', `${base}/:name`, (req, ctx) => {
    requireRole(req, 'Editor');
    const name = req.params.name ?? '';
    const existing = ctx.store.dashboards.get(name);
    if (!existing) throw notFound(DASHBOARDS, name);
    const body = req.json();
    const metadata = metadataOf(body);
    checkResourceVersion(DASHBOARDS, name, metadata, existing.resourceVersion);
    const folderUid = annotations(metadata)[FOLDER_ANNOTATION] ?? '';
    checkFolder(ctx, folderUid);
    const spec = specOf(body);
    const { id: _id, uid: _uid, version: _version, ...currentSpec } = existing.json;
    const { id: _i, uid: _u, version: _v, ...sentSpec } = spec;
    if (isDeepStrictEqual(currentSpec, sentSpec)) {
      if (folderUid !== existing.folderUid) {
        existing.folderUid = folderUid;
        existing.resourceVersion = ctx.store.nextResourceVersion();
      }
      return ok(dashboardObject(existing, version));
    }
    const saved = saveDashboard(ctx, {
      dashboard: { ...sentSpec, uid: name, version: existing.version },
      folderUid,
      user: req.identity.login,
      kubernetesStyle: true,
    });
    return ok(dashboardObject(saved, version));
  });
  router.add('DELETE', `${base}/:name`, (req, ctx) => {
    requireRole(req, 'Editor');
    const d = ctx.store.dashboards.get(req.params.name ?? '');
    if (!d) throw notFound(DASHBOARDS, req.params.name ?? '');
    deleteDashboard(ctx, d);
    return ok({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: { name: d.uid, group: DASHBOARDS.group, kind: 'dashboards', uid: d.k8sUid },
    });
  });
}

function registerFolderApis(router: Router, version: string): void {
  const base = `/apis/${FOLDERS.group}/${version}/namespaces/:ns/folders`;
  router.add('GET', base, (req, ctx) => {
    const items = [...ctx.store.folders.values()].sort((a, b) => a.id - b.id).map((f) => folderObject(f, version));
    return list(req, items, 'Folder', `${FOLDERS.group}/${version}`, ctx);
  });
  router.add('GET', `${base}/:name`, (req, ctx) => {
    const f = ctx.store.folders.get(req.params.name ?? '');
    if (!f) throw notFound(FOLDERS, req.params.name ?? '');
    return ok(folderObject(f, version));
  });
  router.add('POST', base, (req, ctx) => {
    requireRole(req, 'Editor');
    const body = req.json();
    const metadata = metadataOf(body);
    const name = str(metadata.name) ?? '';
    if (!name) throw fail.badRequest('metadata.name is required');
    if (ctx.store.folders.has(name)) throw alreadyExists(FOLDERS, name);
    const spec = specOf(body);
    const folder = createFolder(ctx, {
      uid: name,
      title: str(spec.title) ?? '',
      description: str(spec.description),
      parentUid: annotations(metadata)[FOLDER_ANNOTATION],
      user: req.identity.login,
    });
    return ok(folderObject(folder, version), 201);
  });
  router.add('PUT', `${base}/:name`, (req, ctx) => {
    requireRole(req, 'Editor');
    const name = req.params.name ?? '';
    const existing = ctx.store.folders.get(name);
    if (!existing) throw notFound(FOLDERS, name);
    const body = req.json();
    const metadata = metadataOf(body);
    checkResourceVersion(FOLDERS, name, metadata, existing.resourceVersion);
    const spec = specOf(body);
    const parentUid = annotations(metadata)[FOLDER_ANNOTATION] || undefined;
    if ((parentUid ?? '') !== (existing.parentUid ?? '')) moveFolder(ctx, existing, parentUid);
    const title = str(spec.title);
    if (
      (title !== undefined && title !== existing.title) ||
      (str(spec.description) ?? existing.description) !== existing.description
    ) {
      updateFolder(ctx, existing, {
        title,
        description: str(spec.description),
        overwrite: true,
        user: req.identity.login,
      });
    }
    return ok(folderObject(existing, version));
  });
  router.add('DELETE', `${base}/:name`, (req, ctx) => {
    requireRole(req, 'Editor');
    const f = ctx.store.folders.get(req.params.name ?? '');
    if (!f) throw notFound(FOLDERS, req.params.name ?? '');
    deleteFolder(ctx, f, false);
    return ok({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: { name: f.uid, group: FOLDERS.group, kind: 'folders', uid: f.k8sUid },
    });
  });
}

export function registerKubernetesApis(router: Router): void {
  for (const version of VERSIONS) {
    registerDashboardApis(router, version);
    registerFolderApis(router, version);
  }
}

export function isKubernetesPath(path: string): boolean {
  return path.startsWith('/apis/');
}

export function checkNamespace(req: Request): void {
  if (req.params.ns !== undefined && req.params.ns !== NAMESPACE)
    throw notFound({ group: 'core', resource: 'namespaces', kind: 'Namespace' }, req.params.ns);
}
