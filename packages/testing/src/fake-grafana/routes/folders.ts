/**
 * Folders: list (per parent where folders nest), read, create (409 when the uid or the title at that level is
 * taken), update with a version (412 on a stale one), move, and delete, which takes the dashboards, alert rules and
 * subfolders inside with it (https://grafana.com/docs/grafana/latest/developers/http_api/folder/).
 */
import { randomUUID } from 'node:crypto';
import { fail } from '../errors.js';
import { int, ok, requireRole, str, type RouteContext, type Router } from '../http.js';
import { checkUid, generateUid, slugify, type Folder, type Json } from '../store.js';

/** Grafana allows folders four levels deep. */
export const MAX_FOLDER_DEPTH = 4;

export interface CreateFolderCommand {
  uid?: string;
  title: string;
  description?: string;
  parentUid?: string;
  user: string;
}

function checkTitleFree(ctx: RouteContext, title: string, parentUid: string | undefined, except?: string): void {
  const clash = ctx.store
    .childFolders(parentUid)
    .find((f) => f.title.toLowerCase() === title.toLowerCase() && f.uid !== except);
  if (clash) throw fail.conflict('a folder with the same name already exists in the parent folder');
}

export function createFolder(ctx: RouteContext, cmd: CreateFolderCommand): Folder {
  const { store, profile } = ctx;
  const title = cmd.title?.trim();
  if (!title) throw fail.badRequest('folder title cannot be empty');
  const uid = cmd.uid ?? '';
  const problem = checkUid(uid, 'folder');
  if (problem) throw fail.badRequest(problem);
  if (uid && (store.folders.has(uid) || store.dashboards.has(uid))) {
    throw fail.conflict('a folder with the same uid already exists');
  }
  const parentUid = profile.nestedFolders && cmd.parentUid ? cmd.parentUid : undefined;
  if (parentUid) {
    if (!store.folders.has(parentUid)) throw fail.notFound('parent folder not found', { status: 'not-found' });
    if (store.ancestors(parentUid).length + 1 >= MAX_FOLDER_DEPTH) {
      throw fail.badRequest('folder max depth exceeded');
    }
  }
  checkTitleFree(ctx, title, parentUid);
  const now = ctx.now().toISOString();
  const folder: Folder = {
    id: store.nextId('dashboard'),
    uid: uid || generateUid(),
    title,
    ...(cmd.description ? { description: cmd.description } : {}),
    ...(parentUid ? { parentUid } : {}),
    version: 1,
    created: now,
    updated: now,
    createdBy: cmd.user,
    updatedBy: cmd.user,
    resourceVersion: store.nextResourceVersion(),
    generation: 1,
    k8sUid: randomUUID(),
  };
  store.folders.set(folder.uid, folder);
  return folder;
}

export function updateFolder(
  ctx: RouteContext,
  folder: Folder,
  change: { title?: string; description?: string; version?: number; overwrite?: boolean; user: string },
): Folder {
  if (!change.overwrite && change.version !== undefined && change.version !== folder.version) {
    throw fail.precondition('the folder has been changed by someone else', 'version-mismatch');
  }
  const title = change.title?.trim();
  if (change.title !== undefined && !title) throw fail.badRequest('folder title cannot be empty');
  if (title) checkTitleFree(ctx, title, folder.parentUid, folder.uid);
  const changed =
    (title !== undefined && title !== folder.title) ||
    (change.description ?? folder.description) !== folder.description;
  if (title) folder.title = title;
  if (change.description !== undefined) folder.description = change.description;
  folder.version += 1;
  folder.updated = ctx.now().toISOString();
  folder.updatedBy = change.user;
  folder.resourceVersion = ctx.store.nextResourceVersion();
  if (changed) folder.generation += 1;
  return folder;
}

export function moveFolder(ctx: RouteContext, folder: Folder, parentUid: string | undefined): Folder {
  if (parentUid) {
    if (!ctx.store.folders.has(parentUid)) throw fail.notFound('parent folder not found', { status: 'not-found' });
    if (parentUid === folder.uid || ctx.store.ancestors(parentUid).some((a) => a.uid === folder.uid)) {
      throw fail.badRequest('cannot move a folder into itself or one of its subfolders');
    }
  }
  checkTitleFree(ctx, folder.title, parentUid, folder.uid);
  if (parentUid) folder.parentUid = parentUid;
  else delete folder.parentUid;
  folder.version += 1;
  folder.resourceVersion = ctx.store.nextResourceVersion();
  return folder;
}

/** Removes the folder, its subfolders and everything in them; alert rules only when `forceDeleteRules`. */
export function deleteFolder(ctx: RouteContext, folder: Folder, forceDeleteRules: boolean): void {
  const { store } = ctx;
  const tree = store.folderTree(folder.uid);
  const rules = tree.flatMap((f) => store.rulesIn(f.uid));
  if (rules.length > 0 && !forceDeleteRules) {
    throw fail.badRequest('folder cannot be deleted: folder contains alert rules');
  }
  const provisioned = tree.flatMap((f) => store.dashboardsIn(f.uid)).find((d) => d.provisioned);
  if (provisioned) throw fail.badRequest('folder cannot be deleted: folder contains provisioned dashboards');
  for (const f of tree) {
    for (const d of store.dashboardsIn(f.uid)) store.dashboards.delete(d.uid);
    for (const r of store.rulesIn(f.uid)) store.alertRules.delete(r.uid);
    for (const key of [...store.ruleGroupIntervals.keys()]) {
      if (key.startsWith(`${f.uid}/`)) store.ruleGroupIntervals.delete(key);
    }
    store.folders.delete(f.uid);
  }
}

export function folderView(ctx: RouteContext, folder: Folder): Json {
  const nested = ctx.profile.nestedFolders;
  return {
    id: folder.id,
    uid: folder.uid,
    title: folder.title,
    ...(folder.description ? { description: folder.description } : {}),
    url: `/dashboards/f/${folder.uid}/${slugify(folder.title)}`,
    hasAcl: false,
    canSave: true,
    canEdit: true,
    canAdmin: true,
    canDelete: true,
    createdBy: folder.createdBy,
    created: folder.created,
    updatedBy: folder.updatedBy,
    updated: folder.updated,
    version: folder.version,
    ...(nested && folder.parentUid ? { parentUid: folder.parentUid } : {}),
    ...(nested && folder.parentUid
      ? { parents: ctx.store.ancestors(folder.uid).map((p) => ({ uid: p.uid, title: p.title, id: p.id })) }
      : {}),
  };
}

function findFolder(ctx: RouteContext, uid: string): Folder {
  const folder = ctx.store.folders.get(uid);
  if (!folder) throw fail.notFound('folder not found', { status: 'not-found' });
  return folder;
}

export function registerFolders(router: Router): void {
  router.add('GET', '/api/folders', (req, ctx) => {
    const limit = Math.max(int(req.query.get('limit'), 1000), 1);
    const page = Math.max(int(req.query.get('page'), 1), 1);
    const all = ctx.profile.nestedFolders
      ? ctx.store.childFolders(req.query.get('parentUid') || undefined)
      : [...ctx.store.folders.values()];
    const list = all
      .sort((a, b) => a.title.localeCompare(b.title))
      .slice((page - 1) * limit, page * limit)
      .map((f) => ({
        id: f.id,
        uid: f.uid,
        title: f.title,
        ...(ctx.profile.nestedFolders && f.parentUid ? { parentUid: f.parentUid } : {}),
      }));
    return ok(list);
  });

  router.add('GET', '/api/folders/:uid', (req, ctx) => ok(folderView(ctx, findFolder(ctx, req.params.uid ?? ''))));

  router.add('POST', '/api/folders', (req, ctx) => {
    requireRole(req, 'Editor');
    const body = req.json();
    const folder = createFolder(ctx, {
      uid: str(body.uid),
      title: str(body.title) ?? '',
      description: str(body.description),
      parentUid: str(body.parentUid),
      user: req.identity.login,
    });
    return ok(folderView(ctx, folder));
  });

  router.add('PUT', '/api/folders/:uid', (req, ctx) => {
    requireRole(req, 'Editor');
    const folder = findFolder(ctx, req.params.uid ?? '');
    const body = req.json();
    const updated = updateFolder(ctx, folder, {
      title: str(body.title),
      description: str(body.description),
      version: typeof body.version === 'number' ? body.version : undefined,
      overwrite: body.overwrite === true,
      user: req.identity.login,
    });
    return ok(folderView(ctx, updated));
  });

  router.add('POST', '/api/folders/:uid/move', (req, ctx) => {
    requireRole(req, 'Editor');
    if (!ctx.profile.nestedFolders) throw fail.notFound('Not found');
    const folder = findFolder(ctx, req.params.uid ?? '');
    return ok(folderView(ctx, moveFolder(ctx, folder, str(req.json().parentUid) || undefined)));
  });

  router.add('DELETE', '/api/folders/:uid', (req, ctx) => {
    requireRole(req, 'Editor');
    const folder = findFolder(ctx, req.params.uid ?? '');
    deleteFolder(ctx, folder, req.query.get('forceDeleteRules') === 'true');
    return ok({ message: 'Folder deleted', id: folder.id, title: folder.title });
  });
}
