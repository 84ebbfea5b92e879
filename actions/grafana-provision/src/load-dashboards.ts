/** Dashboards and the folders their directories imply (with optional `.folder.yaml` overrides). */
import { isObject } from './canonical-json.js';
import { dashboardHash, dashboardTitle, isDashboardModel } from './dashboard-json.js';
import type { DesiredDashboard, DesiredFolder, DesiredRuleGroup } from './desired.js';
import {
  compareFolderPaths,
  derivedUid,
  folderUidFor,
  pathKey,
  withAncestors,
  type FolderPath,
} from './folder-paths.js';
import { duplicates, parseFile, splitPath, stem, validUid, type Context, type SourceFile } from './load-context.js';

export function loadDashboard(file: SourceFile, ctx: Context): DesiredDashboard | undefined {
  const parsed = parseFile(file, ctx);
  const model = isObject(parsed) && isObject(parsed.dashboard) && isObject(parsed.meta) ? parsed.dashboard : parsed;
  if (!isDashboardModel(model)) {
    ctx.problems.push(`${file.path}: not a dashboard model (an object with a title and panels)`);
    return undefined;
  }
  const title = dashboardTitle(model);
  if (!title) {
    ctx.problems.push(`${file.path}: the dashboard has no title`);
    return undefined;
  }
  const { folder } = splitPath(file.path);
  let uid = model.uid;
  if (uid !== undefined && uid !== null && uid !== '' && !validUid(uid)) {
    ctx.problems.push(`${file.path}: uid "${String(uid)}" is not 1 to 40 of a-z, A-Z, 0-9, - and _`);
    return undefined;
  }
  if (!validUid(uid)) {
    uid = derivedUid('dashboard', stem(file.path));
    ctx.warnings.push(
      `${file.path}: no uid; using ${String(uid)} (derived from the file path: moving the file makes a new dashboard)`,
    );
  }
  return { uid: uid as string, title, folderPath: folder, model, hash: dashboardHash(model), source: file.path };
}

export function loadFolderFile(
  file: SourceFile,
  ctx: Context,
): { path: string[]; uid?: string; title?: string } | undefined {
  const parsed = parseFile(file, ctx);
  if (!isObject(parsed)) {
    ctx.problems.push(`${file.path}: expected { uid, title }`);
    return undefined;
  }
  const path = splitPath(file.path).folder;
  if (path.length === 0) {
    ctx.problems.push(`${file.path}: a .folder file belongs in a folder directory, not at the top`);
    return undefined;
  }
  if (parsed.uid !== undefined && !validUid(parsed.uid)) {
    ctx.problems.push(`${file.path}: uid "${String(parsed.uid)}" is not 1 to 40 of a-z, A-Z, 0-9, - and _`);
    return undefined;
  }
  return {
    path,
    ...(typeof parsed.uid === 'string' ? { uid: parsed.uid } : {}),
    ...(typeof parsed.title === 'string' && parsed.title.trim() ? { title: parsed.title.trim() } : {}),
  };
}

export function collectFolders(
  dashboards: DesiredDashboard[],
  groups: DesiredRuleGroup[],
  declared: { path: string[]; uid?: string; title?: string; source: string }[],
  ctx: Context,
): DesiredFolder[] {
  const byKey = new Map<string, DesiredFolder>();
  const ensure = (path: FolderPath, source: string, holdsContent: boolean) => {
    for (const ancestor of withAncestors(path)) {
      const key = pathKey(ancestor);
      const existing = byKey.get(key);
      const leaf = ancestor.length === path.length;
      if (existing) {
        if (leaf && holdsContent) existing.holdsContent = true;
        continue;
      }
      byKey.set(key, {
        path: ancestor,
        uid: folderUidFor(ancestor),
        title: ancestor[ancestor.length - 1] ?? '',
        holdsContent: leaf && holdsContent,
        source,
      });
    }
  };
  for (const d of dashboards) if (d.folderPath.length > 0) ensure(d.folderPath, d.source, true);
  for (const g of groups) ensure(g.folderPath, g.source, true);
  const declaredAt = new Map<string, { uid?: string; title?: string; source: string }>();
  for (const f of declared) {
    const earlier = declaredAt.get(pathKey(f.path));
    if (earlier && (earlier.uid !== f.uid || earlier.title !== f.title)) {
      ctx.problems.push(`${f.source}: declares folder ${pathKey(f.path)} differently from ${earlier.source}`);
    }
    declaredAt.set(pathKey(f.path), f);
    ensure(f.path, f.source, false);
    const folder = byKey.get(pathKey(f.path));
    if (!folder) continue;
    if (f.uid) folder.uid = f.uid;
    if (f.title) folder.title = f.title;
    folder.source = f.source;
  }
  const folders = [...byKey.values()].sort((a, b) => compareFolderPaths(a.path, b.path));
  duplicates(
    folders,
    (f) => f.uid,
    'folder uid',
    (f) => f.source,
    ctx,
  );
  return folders;
}
