/**
 * What a dry-run apply would change: the live object and the server's dry-run answer, both without the fields the
 * server maintains (managedFields, resourceVersion, uid, timestamps, generation, status), as YAML, compared line by
 * line into a unified diff.
 */
import { stringify } from 'yaml';
import { isRecord, type KubeObject } from './objects.js';

const SERVER_METADATA = ['managedFields', 'resourceVersion', 'uid', 'creationTimestamp', 'generation', 'selfLink'];

/** The object as a person compares it: no server-maintained fields, keys in a stable order. */
export function comparable(object: KubeObject | undefined, ignoreAnnotations: readonly string[] = []): unknown {
  if (!object) return undefined;
  const copy = structuredClone(object) as Record<string, unknown>;
  delete copy.status;
  if (isRecord(copy.metadata)) {
    for (const key of SERVER_METADATA) delete copy.metadata[key];
    if (isRecord(copy.metadata.annotations)) {
      for (const key of ignoreAnnotations) delete copy.metadata.annotations[key];
      if (Object.keys(copy.metadata.annotations).length === 0) delete copy.metadata.annotations;
    }
  }
  return sortKeys(copy);
}

/** JSON with object keys sorted: equal for equal content whatever the key order. */
export function stableJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isRecord(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys(value[key])]),
  );
}

type Skip = (record: Record<string, unknown>, key: string) => boolean;
type Same = (key: string, a: unknown, b: unknown) => boolean;

/** Whether JSON.stringify writes a record's entry holding `value` (it leaves out undefined, functions, symbols). */
function written(value: unknown): boolean {
  return value !== undefined && typeof value !== 'function' && typeof value !== 'symbol';
}

/** A value as JSON.stringify writes it: an unwritten one (in an array) and a non-finite number as null. */
function asWritten(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  return written(value) ? value : null;
}

/** The keys of a record JSON.stringify writes, less those `skip` takes out. */
function keysOf(record: Record<string, unknown>, skip: Skip): string[] {
  return Object.keys(record).filter((key) => written(record[key]) && !skip(record, key));
}

const keepAll: Skip = () => false;

/** Whether two records write the same entries, less those `skip` takes out, whatever their order. */
function sameRecords(a: Record<string, unknown>, b: Record<string, unknown>, skip: Skip, same: Same): boolean {
  const keys = keysOf(a, skip);
  if (keys.length !== keysOf(b, skip).length) return false;
  return keys.every((key) => Object.hasOwn(b, key) && written(b[key]) && !skip(b, key) && same(key, a[key], b[key]));
}

/** Whether two values write the same JSON once object keys are sorted (as stableJson), without writing either. */
function sameJson(a: unknown, b: unknown): boolean {
  const x = asWritten(a);
  const y = asWritten(b);
  if (x === y) return true;
  if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
  if (Array.isArray(x) || Array.isArray(y)) {
    if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!sameJson(x[i], y[i])) return false;
    return true;
  }
  return sameRecords(x as Record<string, unknown>, y as Record<string, unknown>, keepAll, sameEntry);
}

const sameEntry: Same = (_key, a, b) => sameJson(a, b);

/**
 * Whether two objects are equal as a person compares them: what comparable leaves of each writes the same JSON. It
 * walks both instead of copying, sorting and writing them, as it runs for every object an apply leaves in place.
 */
export function sameContent(
  a: KubeObject | undefined,
  b: KubeObject | undefined,
  ignoreAnnotations: readonly string[] = [],
): boolean {
  if (!a || !b) return !a && !b;
  const ignored: Skip = (_annotations, key) => ignoreAnnotations.includes(key);
  // comparable deletes the annotations that hold nothing once the ignored ones are out.
  const metadataSkip: Skip = (metadata, key) =>
    SERVER_METADATA.includes(key) ||
    (key === 'annotations' &&
      isRecord(metadata[key]) &&
      Object.keys(metadata[key]).every((name) => ignoreAnnotations.includes(name)));
  const sameMetadataEntry: Same = (key, x, y) =>
    key === 'annotations' && isRecord(x) && isRecord(y) ? sameRecords(x, y, ignored, sameEntry) : sameJson(x, y);
  const sameTopEntry: Same = (key, x, y) =>
    key === 'metadata' && isRecord(x) && isRecord(y)
      ? sameRecords(x, y, metadataSkip, sameMetadataEntry)
      : sameJson(x, y);
  return sameRecords(
    a as unknown as Record<string, unknown>,
    b as unknown as Record<string, unknown>,
    (_object, key) => key === 'status',
    sameTopEntry,
  );
}

function toLines(value: unknown): string[] {
  if (value === undefined) return [];
  return stringify(value, { lineWidth: 0 }).trimEnd().split('\n');
}

type Op = { kind: ' ' | '-' | '+'; line: string };

/** Longest-common-subsequence line diff. */
function diffLines(before: string[], after: string[]): Op[] {
  const n = before.length;
  const m = after.length;
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = before[i] === after[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (before[i] === after[j]) {
      ops.push({ kind: ' ', line: before[i]! });
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) ops.push({ kind: '-', line: before[i++]! });
    else ops.push({ kind: '+', line: after[j++]! });
  }
  while (i < n) ops.push({ kind: '-', line: before[i++]! });
  while (j < m) ops.push({ kind: '+', line: after[j++]! });
  return ops;
}

/** A unified diff (3 lines of context) between two objects; empty when they compare equal. */
export function diffObjects(
  label: string,
  live: KubeObject | undefined,
  proposed: KubeObject | undefined,
  ignoreAnnotations: readonly string[] = [],
): string {
  const before = toLines(comparable(live, ignoreAnnotations));
  const after = toLines(comparable(proposed, ignoreAnnotations));
  const ops = diffLines(before, after);
  if (!ops.some((op) => op.kind !== ' ')) return '';
  const context = 3;
  const keep = ops.map((op, index) =>
    ops.slice(Math.max(0, index - context), index + context + 1).some((near) => near.kind !== ' '),
  );
  const out = [`--- ${live ? `live ${label}` : '/dev/null'}`, `+++ ${proposed ? `applied ${label}` : '/dev/null'}`];
  let oldLine = 1;
  let newLine = 1;
  let index = 0;
  while (index < ops.length) {
    if (!keep[index]) {
      if (ops[index]!.kind !== '+') oldLine++;
      if (ops[index]!.kind !== '-') newLine++;
      index++;
      continue;
    }
    const start = index;
    while (index < ops.length && keep[index]) index++;
    const hunk = ops.slice(start, index);
    const oldCount = hunk.filter((op) => op.kind !== '+').length;
    const newCount = hunk.filter((op) => op.kind !== '-').length;
    out.push(`@@ -${oldCount ? oldLine : oldLine - 1},${oldCount} +${newCount ? newLine : newLine - 1},${newCount} @@`);
    for (const op of hunk) out.push(`${op.kind}${op.line}`);
    oldLine += oldCount;
    newLine += newCount;
  }
  return out.join('\n');
}
