/**
 * Folders by path. A directory `Platform/Payments/Prod` under dashboards/ or alert-rules/ is the folder path
 * ['Platform', 'Payments', 'Prod']. Its uid is derived from the path (stable across runs, at most 40 characters,
 * prefixed `gp-` so prune can tell our folders from others) unless a `.folder.yaml` gives one. Where the server has
 * nested folders each segment is a folder under its parent; where it has not, one root folder per path that holds
 * something, titled with the whole path (`Platform / Payments / Prod`).
 */
import { createHash } from 'node:crypto';
import { OWNED_UID_PREFIX } from './marker.js';

export type FolderPath = readonly string[];

export const FLAT_SEPARATOR = ' / ';

export function pathKey(path: FolderPath): string {
  return path.join('/');
}

export function slug(text: string): string {
  return text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** `gp-<slug of the path, ≤ 27>-<8 hex of its SHA-256>`: ≤ 40 characters of [a-z0-9-]. */
export function derivedUid(kind: string, key: string): string {
  const digest = createHash('sha256').update(`${kind}\0${key}`).digest('hex').slice(0, 8);
  const readable = slug(key).slice(0, 27).replace(/-+$/, '');
  return `${OWNED_UID_PREFIX}${readable ? `${readable}-` : ''}${digest}`;
}

export function folderUidFor(path: FolderPath): string {
  return derivedUid('folder', pathKey(path));
}

export function flatTitle(path: FolderPath): string {
  return path.join(FLAT_SEPARATOR);
}

/** The path and each of its ancestors, shortest first: ['A'], ['A','B'], ['A','B','C']. */
export function withAncestors(path: FolderPath): string[][] {
  return path.map((_, i) => path.slice(0, i + 1));
}

/** Parents before children; siblings by name. */
export function compareFolderPaths(a: FolderPath, b: FolderPath): number {
  return a.length - b.length || pathKey(a).localeCompare(pathKey(b));
}
