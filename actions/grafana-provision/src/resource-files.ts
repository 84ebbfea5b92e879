/**
 * The resources folder read from disk into SourceFiles for the loader: every .json, .yaml and .yml below it, with
 * `/`-separated relative paths. The folder, and every file (after symbolic links), must be inside the workspace:
 * a link a pull request adds cannot send a file from elsewhere on the runner to Grafana.
 */
import { lstatSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { ActionError, ConfigurationError, confinedPath, pathError, readInputFile } from '@aws-delivery/action-kit';
import type { SourceFile } from './load-resources.js';

const INPUT = 'resources-dir';
const MAX_FILE_BYTES = 16 * 1024 * 1024;
const DATA_FILE = /\.(json|ya?ml)$/i;

function folderOf(workspace: string, dir: string): string {
  const base = confinedPath(INPUT, dir, { GITHUB_WORKSPACE: workspace });
  let folder: boolean;
  try {
    folder = statSync(base).isDirectory();
  } catch (error) {
    throw pathError(
      INPUT,
      dir,
      error,
      'Fix: check out the repository first (actions/checkout) and set resources-dir to the folder that holds dashboards/, datasources/, alert-rules/ or contact-points/.',
    );
  }
  if (!folder) {
    throw new ConfigurationError(
      `${INPUT} ${JSON.stringify(dir)} is a file, not a folder. Fix: set resources-dir to a folder of the repository.`,
      INPUT,
    );
  }
  return base;
}

export function readResourceFiles(workspace: string, dir: string): SourceFile[] {
  const base = folderOf(workspace, dir);
  const files: SourceFile[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder).sort()) {
      const path = join(folder, entry);
      const link = lstatSync(path).isSymbolicLink();
      const data = DATA_FILE.test(entry);
      let stat;
      try {
        stat = statSync(path);
      } catch (error) {
        if (!data) continue;
        throw pathError(INPUT, relative(workspace, path), error);
      }
      if (stat.isDirectory()) {
        // Hidden folders (.git) and linked folders (which could loop) are not read.
        if (!entry.startsWith('.') && !link) walk(path);
      } else if (stat.isFile() && data) {
        // Relative to the workspace, so that the refusal quotes the file's name in full.
        confinedPath(INPUT, relative(workspace, path), { GITHUB_WORKSPACE: workspace });
        if (stat.size > MAX_FILE_BYTES)
          throw new ActionError(
            `${relative(base, path)} is larger than ${MAX_FILE_BYTES} bytes.`,
            'Split it, or leave it out of the resources folder.',
          );
        files.push({ path: relative(base, path).split(sep).join('/'), text: readInputFile(INPUT, path) });
      }
    }
  };
  walk(base);
  return files;
}
