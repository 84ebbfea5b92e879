import { posix } from 'node:path';

export interface PathContext {
  /** The absolute path of the checkout (GITHUB_WORKSPACE). */
  workspace: string;
  /** The absolute path the scanner scanned; relative paths in its output are relative to it. */
  scanRoot: string;
}

/** Where a container action sees the workspace; scanners run by such actions print paths under it. */
const CONTAINER_WORKSPACE = '/github/workspace';

function toPosix(path: string): string {
  return path.replace(/\\/g, '/');
}

function inside(root: string, path: string): string | undefined {
  const rel = posix.relative(root, path);
  return rel === '' || rel.startsWith('../') || rel === '..' || posix.isAbsolute(rel) ? undefined : rel;
}

/**
 * A path from scanner output as a path relative to the workspace with forward slashes, as annotations, SARIF and
 * baselines need it. Absolute paths outside the workspace stay absolute (they cannot be annotated).
 */
export function toWorkspacePath(raw: string, context: PathContext): string {
  const workspace = posix.normalize(toPosix(context.workspace));
  const path = toPosix(raw.trim());
  if (posix.isAbsolute(path) || /^[a-z]:\//i.test(path)) {
    const normal = posix.normalize(path);
    return (
      inside(workspace, normal) ??
      (workspace !== CONTAINER_WORKSPACE ? inside(CONTAINER_WORKSPACE, normal) : undefined) ??
      normal
    );
  }
  const scanRoot = posix.normalize(toPosix(context.scanRoot));
  const joined = posix.join(scanRoot, path);
  return inside(workspace, joined) ?? joined;
}
