/**
 * The local files a template names, read through a small interface so packaging can be planned against any tree.
 * The node:fs implementation keeps every path inside one root (the workspace): a template cannot make the step
 * upload a file from elsewhere on the runner, through `..` or a symbolic link.
 */
import { readFile, readdir, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';

export interface WalkedFile {
  /** Path below the walked folder, with `/` separators. */
  name: string;
  path: string;
  executable: boolean;
}

export interface LocalFiles {
  /** What a path is; undefined when nothing is there. */
  kind(path: string): Promise<'file' | 'directory' | undefined>;
  read(path: string): Promise<Buffer>;
  /** Every file below a folder, following symbolic links that stay inside the root. */
  walk(directory: string): Promise<WalkedFile[]>;
}

export class PackageError extends Error {
  override readonly name = 'PackageError';
}

export function nodeLocalFiles(root: string): LocalFiles {
  const rootPath = resolve(root);
  let realRoot: Promise<string> | undefined;

  async function inside(path: string): Promise<string> {
    const absolute = resolve(path);
    realRoot ??= realpath(rootPath);
    const base = await realRoot;
    const real = await realpath(absolute);
    const rel = relative(base, real);
    if (rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel))) return real;
    throw new PackageError(
      `${relative(rootPath, absolute) || absolute} is outside ${rootPath}: packaging reads only files inside it.`,
    );
  }

  async function walkInto(directory: string, prefix: string, seen: Set<string>, out: WalkedFile[]): Promise<void> {
    const real = await inside(directory);
    if (seen.has(real)) return; // a link back up the tree
    seen.add(real);
    for (const entry of await readdir(real, { withFileTypes: true })) {
      const path = join(real, entry.name);
      const name = `${prefix}${entry.name}`;
      const info = await stat(await inside(path));
      if (info.isDirectory()) await walkInto(path, `${name}/`, seen, out);
      else if (info.isFile()) out.push({ name, path, executable: (info.mode & 0o111) !== 0 });
    }
    seen.delete(real);
  }

  return {
    async kind(path) {
      let real: string;
      try {
        real = await inside(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
      const info = await stat(real);
      return info.isDirectory() ? 'directory' : info.isFile() ? 'file' : undefined;
    },
    async read(path) {
      return readFile(await inside(path));
    },
    async walk(directory) {
      const out: WalkedFile[] = [];
      await walkInto(directory, '', new Set(), out);
      return out;
    },
  };
}
