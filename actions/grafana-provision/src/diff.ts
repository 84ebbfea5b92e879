/** A short field-level difference between two JSON values, for plans (paths such as `panels[2].title`). */
import { canonicalJson, isObject } from './canonical-json.js';
import type { FieldChange } from './plan-types.js';

const MAX_VALUE = 40;

/** A value shortened for a plan cell: JSON, cut with an ellipsis past 40 characters. */
export function shortValue(value: unknown): string {
  const text = value === undefined ? '∅' : typeof value === 'string' ? JSON.stringify(value) : canonicalJson(value);
  const single = text.replace(/\s+/g, ' ');
  return single.length > MAX_VALUE ? `${single.slice(0, MAX_VALUE - 1)}…` : single;
}

function walk(from: unknown, to: unknown, path: string, depth: number, out: FieldChange[]): void {
  if (canonicalJson(from) === canonicalJson(to)) return;
  const label = path || '(root)';
  if (depth > 0 && isObject(from) && isObject(to)) {
    for (const key of [...new Set([...Object.keys(from), ...Object.keys(to)])].sort()) {
      walk(from[key], to[key], path ? `${path}.${key}` : key, depth - 1, out);
    }
    return;
  }
  if (depth > 0 && Array.isArray(from) && Array.isArray(to) && from.length === to.length) {
    from.forEach((item, i) => walk(item, to[i], `${path}[${i}]`, depth - 1, out));
    return;
  }
  out.push({
    field: label,
    ...(from !== undefined ? { from: shortValue(from) } : {}),
    ...(to !== undefined ? { to: shortValue(to) } : {}),
  });
}

/** Changed paths from `from` to `to`, at most `limit` of them (a last entry says how many more). */
export function diffFields(
  from: unknown,
  to: unknown,
  options: { depth?: number; limit?: number } = {},
): FieldChange[] {
  const out: FieldChange[] = [];
  walk(from, to, '', options.depth ?? 3, out);
  const limit = options.limit ?? 6;
  if (out.length <= limit) return out;
  return [...out.slice(0, limit), { field: `… ${out.length - limit} more` }];
}
