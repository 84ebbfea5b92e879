/**
 * Folders: matched by uid, else adopted by title under the same parent (so a folder made by hand or by another
 * tool is reused, never duplicated); renamed or moved where they differ. Without nested folders on the server, one
 * root folder per path that holds something, titled `A / B / C`.
 */
import type { DesiredFolder } from './desired.js';
import { compareFolderPaths, FLAT_SEPARATOR, pathKey } from './folder-paths.js';
import type { ObservedFolder } from './observed.js';
import type { FieldChange, FolderItem } from './plan-types.js';
import { shortValue } from './diff.js';

export interface FolderResolution {
  items: FolderItem[];
  /** Folder path key → the uid its contents go to. */
  uidByPath: Map<string, string>;
  /** Uids of observed folders that the repository declares (directly or adopted). */
  claimed: Set<string>;
}

function sameTitle(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

export function planFolders(
  desired: readonly DesiredFolder[],
  observed: readonly ObservedFolder[],
  nested: boolean,
): FolderResolution {
  const byUid = new Map(observed.map((f) => [f.uid, f]));
  const byPath = new Map(desired.map((f) => [pathKey(f.path), f]));
  const uidByPath = new Map<string, string>();
  const claimed = new Set<string>();
  const items: FolderItem[] = [];
  const titleOf = (path: readonly string[]) =>
    path.map((_, i) => byPath.get(pathKey(path.slice(0, i + 1)))?.title ?? path[i] ?? '').join(FLAT_SEPARATOR);

  for (const folder of [...desired].sort((a, b) => compareFolderPaths(a.path, b.path))) {
    if (!nested && !folder.holdsContent) continue;
    const parentUid = nested && folder.path.length > 1 ? uidByPath.get(pathKey(folder.path.slice(0, -1))) : undefined;
    const title = nested ? folder.title : titleOf(folder.path);
    const match =
      byUid.get(folder.uid) ??
      observed.find(
        (f) => !claimed.has(f.uid) && sameTitle(f.title, title) && (f.parentUid ?? '') === (parentUid ?? ''),
      );
    const notes: string[] = [];
    if (!nested && folder.path.length > 1) notes.push('flattened: the server has no nested folders');
    const uid = match?.uid ?? folder.uid;
    uidByPath.set(pathKey(folder.path), uid);
    const base = {
      kind: 'folder' as const,
      key: uid,
      name: title,
      uid,
      title,
      ...(parentUid ? { parentUid } : {}),
      depth: nested ? folder.path.length : 1,
      notes,
      desired: folder,
    };
    if (!match) {
      items.push({ ...base, verb: 'create', changes: [] });
      continue;
    }
    claimed.add(match.uid);
    if (match.uid !== folder.uid) notes.push(`adopted the existing folder ${match.uid} with this title`);
    const changes: FieldChange[] = [];
    if (match.title !== title) changes.push({ field: 'title', from: shortValue(match.title), to: shortValue(title) });
    if (nested && (match.parentUid ?? '') !== (parentUid ?? '')) {
      changes.push({
        field: 'parent',
        from: shortValue(match.parentUid ?? 'General'),
        to: shortValue(parentUid ?? 'General'),
      });
    }
    items.push({ ...base, verb: changes.length > 0 ? 'update' : 'unchanged', changes, observed: match });
  }
  return { items, uidByPath, claimed };
}
