/**
 * Which files a `manifests` input names: files, folders (their *.yaml, *.yml and *.json files, not recursive,
 * as `kubectl apply -f DIR`), and globs (`*`, `?`, `**` for any depth, `{a,b}`). Results are in a stable order
 * and each file is read once. A pattern that matches nothing is an error, not a silent no-op.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ManifestError, parseManifests, type ManifestObject } from './manifest-parse.js';

const MANIFEST_FILE = /\.(ya?ml|json)$/i;
const GLOB_CHARS = /[*?{[]/;

function escapeRegExp(text: string): string {
  return text.replace(/[.+^$()|\\]/g, '\\$&');
}

/** A glob as a regular expression over `/`-separated relative paths. */
export function globToRegExp(glob: string): RegExp {
  let out = '';
  let i = 0;
  let braces = 0;
  while (i < glob.length) {
    const c = glob[i] ?? '';
    if (c === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/';
      out += slash ? '(?:[^/]+/)*' : '.*';
      i += slash ? 3 : 2;
      continue;
    }
    if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '{') {
      braces++;
      out += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      out += ')';
    } else if (c === ',' && braces > 0) out += '|';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end < 0) out += '\\[';
      else {
        out += `[${glob
          .slice(i + 1, end)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else out += escapeRegExp(c);
    i++;
  }
  const invalid = (why: string) =>
    new ManifestError(`manifests: the glob ${JSON.stringify(glob)} is not valid: ${why}`);
  if (braces > 0) throw invalid('a { is never closed');
  try {
    return new RegExp(`^${out}$`);
  } catch {
    throw invalid('a [...] class is not a set of characters and ranges (a-z)');
  }
}

function walk(dir: string, found: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, found);
    else if (entry.isFile()) found.push(path);
  }
}

function expandGlob(pattern: string, cwd: string): string[] {
  const absolute = isAbsolute(pattern) ? pattern : join(cwd, pattern);
  const parts = absolute.split('/');
  const firstGlob = parts.findIndex((part) => GLOB_CHARS.test(part));
  const base = parts.slice(0, firstGlob).join('/') || '/';
  const regex = globToRegExp(parts.slice(firstGlob).join('/'));
  let files: string[] = [];
  try {
    walk(base, files);
  } catch {
    return [];
  }
  files = files.filter((file) => regex.test(relative(base, file).split(sep).join('/')));
  return files;
}

/** The manifest files a list of paths, folders and globs names, relative to cwd. */
export function resolveManifestPaths(patterns: readonly string[], cwd = process.cwd()): string[] {
  const seen = new Set<string>();
  const result: string[] = [];
  const add = (file: string) => {
    const absolute = resolve(cwd, file);
    if (!seen.has(absolute)) {
      seen.add(absolute);
      result.push(absolute);
    }
  };
  for (const pattern of patterns) {
    let matched: string[];
    if (GLOB_CHARS.test(pattern)) {
      matched = expandGlob(pattern, cwd);
    } else {
      const absolute = resolve(cwd, pattern);
      let stats;
      try {
        stats = statSync(absolute);
      } catch {
        throw new ManifestError(`manifests: "${pattern}" does not exist (resolved from ${cwd})`);
      }
      matched = stats.isDirectory()
        ? readdirSync(absolute)
            .filter((name) => MANIFEST_FILE.test(name) && !name.startsWith('.'))
            .sort()
            .map((name) => join(absolute, name))
        : [absolute];
    }
    if (matched.length === 0) {
      throw new ManifestError(
        `manifests: "${pattern}" matches no file (a folder is read for *.yaml, *.yml and *.json; use dir/**/*.yaml for sub-folders)`,
      );
    }
    matched.forEach(add);
  }
  return result;
}

/**
 * Every object in the files the patterns name, in file order then document order. `read` reads one file (given
 * its absolute path): the caller's place to keep files inside the workspace and name the input in OS errors.
 */
export function loadManifests(
  patterns: readonly string[],
  cwd = process.cwd(),
  read: (file: string) => string = (file) => readFileSync(file, 'utf8'),
): ManifestObject[] {
  return resolveManifestPaths(patterns, cwd).flatMap((file) => parseManifests(read(file), relative(cwd, file) || file));
}
