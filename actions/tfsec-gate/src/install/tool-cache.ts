import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A scanner cached per version and architecture in the layout @actions/tool-cache uses
 * (`<root>/<tool>/<version>/<arch>/` and a `<arch>.complete` marker), so runners that keep RUNNER_TOOL_CACHE
 * reuse it. Beside the executable, the SHA-256 of the verified download it came from.
 */
export interface CachedTool {
  executable: string;
  assetSha256: string;
}

function paths(root: string, tool: string, version: string, arch: string) {
  const dir = join(root, tool, version, arch);
  return { dir, marker: `${dir}.complete`, digest: join(dir, '.asset-sha256') };
}

export function findCachedTool(
  root: string,
  tool: string,
  version: string,
  arch: string,
  executable: string,
): CachedTool | undefined {
  const p = paths(root, tool, version, arch);
  const file = join(p.dir, executable);
  if (!existsSync(p.marker) || !existsSync(file) || !existsSync(p.digest)) return undefined;
  return { executable: file, assetSha256: readFileSync(p.digest, 'utf8').trim() };
}

export function cacheTool(
  root: string,
  tool: string,
  version: string,
  arch: string,
  executable: string,
  content: Buffer,
  assetSha256: string,
): CachedTool {
  const p = paths(root, tool, version, arch);
  rmSync(p.marker, { force: true });
  mkdirSync(p.dir, { recursive: true });
  const file = join(p.dir, executable);
  writeFileSync(file, content);
  chmodSync(file, 0o755);
  writeFileSync(p.digest, `${assetSha256}\n`);
  writeFileSync(p.marker, '');
  return { executable: file, assetSha256 };
}
