/**
 * Path inputs: resolved against the workspace and kept inside the workspace or RUNNER_TEMP, and the OS errors of
 * reading or writing them reported with the input's name. One place, so every action confines its paths alike.
 */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ConfigurationError } from './errors.js';
import { quote } from './quote.js';

type Env = Readonly<Record<string, string | undefined>>;

/** Why a path could not be used, in words, from the OS error's code. */
const PATH_FAILURES: Readonly<Record<string, string>> = {
  ENOENT: 'does not exist',
  EACCES: 'cannot be used (permission denied)',
  EPERM: 'cannot be used (permission denied)',
  EISDIR: 'is a directory, not a file',
  ENOTDIR: 'cannot be used: a folder on its path is a file',
  ENAMETOOLONG: 'is too long for a path (ENAMETOOLONG)',
  ELOOP: 'is a loop of symbolic links',
  EEXIST: 'cannot be created: a file is in the way',
  EROFS: 'is on a read-only file system',
  ENOSPC: 'cannot be written: the disk is full',
};

/**
 * A ConfigurationError for an OS error on a path an input named: `<input> "<path>" <reason>. <fix>`, the path
 * quoted on one line and shortened. Any other error is returned as it is.
 */
export function pathError(input: string, path: string, error: unknown, fix = ''): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code !== 'string') return error;
  const reason = PATH_FAILURES[code] ?? `cannot be used (${code})`;
  return new ConfigurationError(`${input} ${quote(path)} ${reason}.${fix ? ` ${fix}` : ''}`, input);
}

/** Reads a file an input named; an OS error becomes a ConfigurationError naming the input. */
export function readInputFile(input: string, path: string, fix = ''): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw pathError(input, path, error, fix);
  }
}

/** The path with every symbolic link of its longest existing part resolved (the rest does not exist yet). */
function realPath(path: string): string {
  let existing = path;
  while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
  try {
    return join(realpathSync(existing), relative(existing, path));
  } catch {
    return path;
  }
}

function isInside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

export interface ConfinedPathOptions {
  /** The boolean input that lets this path lie anywhere, and whether it is set. */
  outsideAllowedBy?: { input: string; allowed: boolean };
}

/**
 * A path input made absolute (relative paths are in GITHUB_WORKSPACE, else the working directory) and refused with
 * a ConfigurationError naming the input when it, or what its symbolic links lead to, lies outside the workspace and
 * RUNNER_TEMP, unless `outsideAllowedBy` allows it. A line break or NUL in it is refused in any case.
 */
export function confinedPath(input: string, value: string, env: Env, options: ConfinedPathOptions = {}): string {
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  if (/[\u0000-\u001f]/.test(value)) {
    throw new ConfigurationError(
      `${input} ${quote(value)} holds a line break or control character: give one path.`,
      input,
    );
  }
  const workspace = resolve(env.GITHUB_WORKSPACE || process.cwd());
  const path = resolve(workspace, value);
  if (options.outsideAllowedBy?.allowed) return path;
  const roots = [workspace, ...(env.RUNNER_TEMP ? [resolve(env.RUNNER_TEMP)] : [])];
  const real = realPath(path);
  const inside = (candidate: string) =>
    roots.some((root) => isInside(candidate, root) || isInside(candidate, realPath(root)));
  const lexicallyInside = inside(path);
  if (lexicallyInside && inside(real)) return path;
  // Where the path lies, said only when it is not what was given (a relative path, `..`, a symbolic link).
  const lies = lexicallyInside ? real : path;
  const where =
    lies === value ? ' is' : ` resolves${lexicallyInside ? ' through a symbolic link' : ''} to ${quote(lies)},`;
  const allow = options.outsideAllowedBy
    ? `, or set ${options.outsideAllowedBy.input}: true if a path outside them is meant`
    : '';
  const temp = env.RUNNER_TEMP ? ` and RUNNER_TEMP (${resolve(env.RUNNER_TEMP)})` : '';
  throw new ConfigurationError(
    `${input} ${quote(value)}${where} outside the workspace (${workspace})${temp}. ` +
      `Fix: give a path inside the workspace${temp ? ' or RUNNER_TEMP' : ''}${allow}.`,
    input,
  );
}
