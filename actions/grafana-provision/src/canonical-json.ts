/** JSON with a stable key order, and content hashes over it: the same data always gives the same text and hash. */
import { createHash } from 'node:crypto';

export type Json = Record<string, unknown>;

/** Objects with keys sorted (recursively); arrays keep their order; undefined members are left out, as JSON does. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : sortKeys(item)));
  if (value && typeof value === 'object') {
    const sorted: Json = {};
    for (const key of Object.keys(value).sort()) {
      const member = (value as Json)[key];
      if (member !== undefined) sorted[key] = sortKeys(member);
    }
    return sorted;
  }
  return value;
}

/** SHA-256 of the canonical JSON, hex. */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/** The short form recorded in markers and shown in plans. */
export function shortHash(hash: string): string {
  return hash.slice(0, 12);
}

export function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
