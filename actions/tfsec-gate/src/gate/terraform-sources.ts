import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { findInlineIgnores, type InlineIgnore } from '../policy/inline-ignores.js';
import { matchesAnyGlob } from '../policy/glob.js';

const SKIPPED_DIRS = new Set(['.terraform', '.git', 'node_modules']);

/** Every inline ignore comment in the .tf files under `dir` (minus exclude-paths), paths relative to the workspace. */
export function inlineIgnoresUnder(dir: string, workspace: string, excludePaths: readonly string[]): InlineIgnore[] {
  const ignores: InlineIgnore[] = [];
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      const rel = relative(workspace, path).replace(/\\/g, '/');
      if (matchesAnyGlob(rel, excludePaths) || matchesAnyGlob(relative(dir, path).replace(/\\/g, '/'), excludePaths))
        continue;
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) walk(path);
      } else if (entry.isFile() && entry.name.endsWith('.tf')) {
        ignores.push(...findInlineIgnores(rel, readFileSync(path, 'utf8')));
      }
    }
  };
  walk(dir);
  return ignores;
}
