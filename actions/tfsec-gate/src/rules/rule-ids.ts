import { KNOWN_RULES } from './known-rules.js';

/**
 * One id per check, whichever generation a scanner or a person wrote: the AVD number without prefix (AWS-0088)
 * when it is known, else the id itself in lower case. `AVD-AWS-0088` -> `AWS-0088` is syntactic and always works;
 * legacy codes and long ids map through KNOWN_RULES; an unknown long id stays itself (and still matches a finding
 * that carries it, through the finding's aliases).
 */
const BY_KEY = new Map<string, string>();
for (const rule of KNOWN_RULES) {
  for (const alias of [rule.id, rule.longId, rule.legacyId, ...(rule.otherIds ?? [])]) {
    if (alias) BY_KEY.set(alias.toLowerCase(), rule.id);
  }
}

const AVD = /^(?:avd-)?([a-z]{2,5})-(\d{4})$/i;

const CACHE_LIMIT = 10_000;
const canonicalCache = new Map<string, string>();
const aliasCache = new Map<string, { ruleId: string; aliases: string[] }>();

function remember<V>(cache: Map<string, V>, key: string, value: V): V {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
  return value;
}

export function canonicalRuleId(id: string): string {
  const cached = canonicalCache.get(id);
  if (cached !== undefined) return cached;
  const trimmed = id.trim();
  const avd = AVD.exec(trimmed);
  const canonical = avd
    ? `${avd[1]!.toUpperCase()}-${avd[2]}`
    : (BY_KEY.get(trimmed.toLowerCase()) ?? trimmed.toLowerCase());
  return remember(canonicalCache, id, canonical);
}

/**
 * Every id known for the checks behind `ids` (the ids themselves included), without the canonical one. The result
 * is cached and shared between findings of the same check: treat it as read-only.
 */
export function ruleAliases(ids: readonly string[]): { ruleId: string; aliases: string[] } {
  const key = ids.join('\u0000');
  const cached = aliasCache.get(key);
  if (cached) return cached;
  const computed = computeAliases(ids);
  return remember(aliasCache, key, computed);
}

function computeAliases(ids: readonly string[]): { ruleId: string; aliases: string[] } {
  const canonicals = ids.filter(Boolean).map(canonicalRuleId);
  // An AVD-style id wins: it is the one every newer scanner prints.
  const ruleId = canonicals.find((id) => AVD.test(id)) ?? canonicals[0] ?? '';
  const known = KNOWN_RULES.find((rule) => rule.id === ruleId);
  const all = new Set<string>();
  for (const id of ids) if (id) all.add(id.trim());
  if (known) {
    all.add(`AVD-${known.id}`);
    all.add(known.longId);
    if (known.legacyId) all.add(known.legacyId);
  } else if (AVD.test(ruleId)) {
    all.add(`AVD-${ruleId}`);
  }
  for (const id of canonicals) all.add(id);
  all.delete(ruleId);
  return { ruleId, aliases: [...all].sort() };
}

/** Whether a rule reference (from an exception, an ignore comment or a baseline) names the finding's check. */
export function ruleMatches(finding: { ruleId: string; ruleAliases: readonly string[] }, reference: string): boolean {
  const wanted = canonicalRuleId(reference);
  return wanted === finding.ruleId || ruleKeys(finding).has(wanted);
}

const keyCache = new WeakMap<object, Set<string>>();

/** The canonical ids a finding answers to, cached: many references against many findings stay cheap. */
export function ruleKeys(finding: { ruleId: string; ruleAliases: readonly string[] }): Set<string> {
  // Findings of one check share their alias array (see ruleAliases), so this is one Set per check.
  const cached = keyCache.get(finding.ruleAliases);
  if (cached?.has(finding.ruleId)) return cached;
  const keys = new Set([finding.ruleId, ...finding.ruleAliases.map(canonicalRuleId)]);
  keyCache.set(finding.ruleAliases, keys);
  return keys;
}
