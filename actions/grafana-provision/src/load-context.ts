/** What every loader shares: the source files, the problems and warnings collected, secrets, uids. */
import { parse as parseYaml } from 'yaml';
import { isObject } from './canonical-json.js';
import type { DesiredSecret } from './desired.js';

export interface SourceFile {
  /** Relative to the resources folder, `/`-separated. */
  path: string;
  text: string;
}

export interface LoadOptions {
  /** The value of a named secret, or undefined when there is none. */
  resolveSecret: (name: string) => string | undefined;
}

export class ResourceLoadError extends Error {
  constructor(readonly problems: string[]) {
    super(`The resources folder has ${problems.length} problem(s):\n- ${problems.join('\n- ')}`);
  }
}

export const SECRET_REFERENCE = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$|^\$([A-Za-z_][A-Za-z0-9_]*)$/;
const UID_PATTERN = /^[a-zA-Z0-9\-_]{1,40}$/;

export interface Context {
  options: LoadOptions;
  problems: string[];
  warnings: string[];
}

export function parseFile(file: SourceFile, ctx: Context): unknown {
  try {
    return file.path.endsWith('.json') ? JSON.parse(file.text) : parseYaml(file.text);
  } catch (error) {
    ctx.problems.push(
      `${file.path}: not valid ${file.path.endsWith('.json') ? 'JSON' : 'YAML'} (${(error as Error).message.split('\n')[0]})`,
    );
    return undefined;
  }
}

export function secret(value: unknown, where: string, ctx: Context): DesiredSecret | undefined {
  const found = typeof value === 'string' ? SECRET_REFERENCE.exec(value.trim()) : null;
  if (!found) {
    ctx.problems.push(
      `${where}: a secure value must name a secret as \${NAME}; literal secrets are not read from the repository`,
    );
    return undefined;
  }
  const name = found[1] ?? found[2] ?? '';
  const resolved = ctx.options.resolveSecret(name);
  if (resolved === undefined) {
    ctx.problems.push(`${where}: the secret ${name} is not set`);
    return undefined;
  }
  return { from: name, value: resolved };
}

/** `dashboards/A/B/x.json` → folder ['A', 'B'] (below the kind's directory) and base name `x.json`. */
export function splitPath(path: string): { folder: string[]; base: string } {
  const parts = path.split('/').filter(Boolean).slice(1);
  const base = parts.pop() ?? '';
  return { folder: parts, base };
}

export function stem(base: string): string {
  return base.replace(/\.(json|ya?ml)$/i, '');
}

export function validUid(uid: unknown): uid is string {
  return typeof uid === 'string' && UID_PATTERN.test(uid);
}

export function listOf(parsed: unknown, key: string): unknown[] {
  if (isObject(parsed) && Array.isArray(parsed[key])) return parsed[key] as unknown[];
  return [parsed];
}

export function duplicates<T>(
  items: readonly T[],
  key: (item: T) => string,
  what: string,
  source: (item: T) => string,
  ctx: Context,
): void {
  const seen = new Map<string, string>();
  for (const item of items) {
    const k = key(item);
    const earlier = seen.get(k);
    if (earlier !== undefined) ctx.problems.push(`${source(item)}: ${what} ${k} is also declared by ${earlier}`);
    else seen.set(k, source(item));
  }
}
