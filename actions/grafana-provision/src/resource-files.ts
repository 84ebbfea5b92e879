/**
 * The resources folder read from disk into SourceFiles for the loader: every .json, .yaml and .yml below it, with
 * `/`-separated relative paths. The folder (after symlinks) must be inside the workspace, and so must every file.
 */
import { lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { ActionError } from '@aws-delivery/action-kit';
import type { SourceFile } from './load-resources.js';

const MAX_FILE_BYTES = 16 * 1024 * 1024;
const DATA_FILE = /\.(json|ya?ml)$/i;

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && rel !== '..');
}

export function readResourceFiles(workspace: string, dir: string): SourceFile[] {
  const root = realpathSync(resolve(workspace));
  let base: string;
  try {
    base = realpathSync(resolve(root, dir));
  } catch {
    throw new ActionError(
      `The resources folder "${dir}" does not exist in the workspace.`,
      'Check out the repository first (actions/checkout) and set resources-dir to the folder that holds dashboards/, datasources/, alert-rules/ or contact-points/.',
    );
  }
  if (!inside(root, base) || !statSync(base).isDirectory()) {
    throw new ActionError(
      `The resources folder "${dir}" is not a folder inside the workspace.`,
      'Set resources-dir to a folder of the repository.',
    );
  }
  const files: SourceFile[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder).sort()) {
      const path = join(folder, entry);
      const link = lstatSync(path).isSymbolicLink();
      const real = link ? realpathSync(path) : path;
      if (link && !inside(root, real)) continue;
      const stat = statSync(real);
      if (stat.isDirectory()) {
        // Hidden folders (.git) and linked folders (which could loop) are not read.
        if (!entry.startsWith('.') && !link) walk(path);
      } else if (stat.isFile() && DATA_FILE.test(entry)) {
        if (stat.size > MAX_FILE_BYTES)
          throw new ActionError(
            `${relative(base, path)} is larger than ${MAX_FILE_BYTES} bytes.`,
            'Split it, or leave it out of the resources folder.',
          );
        files.push({ path: relative(base, path).split(sep).join('/'), text: readFileSync(real, 'utf8') });
      }
    }
  };
  walk(base);
  return files;
}
