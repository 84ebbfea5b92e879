/** Label selectors (query strings and LabelSelector objects) and field selectors, matched as the server does. */
import { ApiError } from './status.js';
import { asObject } from './json.js';
import type { KubeObject, LabelSelector, LabelSelectorRequirement } from './types.js';

type Requirement = LabelSelectorRequirement | { key: string; operator: 'Equals' | 'NotEquals'; values: string[] };

export type LabelMatcher = (labels: Record<string, string> | undefined) => boolean;

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth += 1;
    if (ch === ')') depth -= 1;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  if (current.trim()) parts.push(current);
  return parts.map((p) => p.trim()).filter(Boolean);
}

function parseRequirement(term: string): Requirement {
  const set = /^([^\s!=()]+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(term);
  if (set) {
    const values = (set[3] ?? '').split(',').map((v) => v.trim());
    return { key: set[1] ?? '', operator: set[2] === 'in' ? 'In' : 'NotIn', values };
  }
  const equality = /^([^\s!=]+)\s*(==|=|!=)\s*([^\s,]*)$/.exec(term);
  if (equality) {
    const operator = equality[2] === '!=' ? 'NotEquals' : 'Equals';
    return { key: equality[1] ?? '', operator, values: [equality[3] ?? ''] };
  }
  const exists = /^(!?)([^\s!=()]+)$/.exec(term);
  if (exists) return { key: exists[2] ?? '', operator: exists[1] ? 'DoesNotExist' : 'Exists' };
  throw new ApiError(400, 'BadRequest', `unable to parse requirement: found '${term}', expected a label selector term`);
}

function matches(requirement: Requirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, requirement.key);
  const value = labels[requirement.key];
  const values = requirement.values ?? [];
  switch (requirement.operator) {
    case 'Equals':
    case 'In':
      return has && values.includes(value ?? '');
    case 'NotEquals':
    case 'NotIn':
      return !has || !values.includes(value ?? '');
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
  }
}

function matcherOf(requirements: Requirement[]): LabelMatcher {
  return (labels) => requirements.every((r) => matches(r, labels ?? {}));
}

/** `app=web,tier!=db,env in (a,b),!legacy` → matcher. An empty string matches everything. */
export function parseLabelSelector(text: string | null | undefined): LabelMatcher {
  if (!text) return () => true;
  return matcherOf(splitTopLevel(text).map(parseRequirement));
}

/** A LabelSelector object as workloads carry it. An empty selector matches everything (as for Services). */
export function labelSelectorMatcher(selector: LabelSelector | undefined): LabelMatcher {
  const requirements: Requirement[] = Object.entries(selector?.matchLabels ?? {}).map(([key, value]) => ({
    key,
    operator: 'Equals' as const,
    values: [value],
  }));
  requirements.push(...(selector?.matchExpressions ?? []));
  return matcherOf(requirements);
}

export type FieldMatcher = (object: KubeObject) => boolean;

function fieldValue(object: KubeObject, path: string): string | undefined {
  let current: unknown = object;
  for (const part of path.split('.')) current = asObject(current)[part];
  if (current === undefined || current === null) return undefined;
  return typeof current === 'string' ? current : JSON.stringify(current);
}

const SUPPORTED_FIELDS = ['metadata.name', 'metadata.namespace', 'spec.nodeName', 'status.phase', 'type'];

/** Field selectors: `metadata.name=x`, `metadata.namespace!=y` (the fields real servers support for every type). */
export function parseFieldSelector(text: string | null | undefined, kind: string): FieldMatcher {
  if (!text) return () => true;
  const terms = text
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  const checks = terms.map((term) => {
    const m = /^([^!=]+)(==|=|!=)(.*)$/.exec(term);
    if (!m) throw new ApiError(400, 'BadRequest', `invalid field selector: '${term}'`);
    const field = m[1] ?? '';
    if (!SUPPORTED_FIELDS.includes(field)) {
      throw new ApiError(400, 'BadRequest', `field label not supported: ${field}`, { kind });
    }
    const negate = m[2] === '!=';
    const expected = m[3] ?? '';
    return (object: KubeObject) => ((fieldValue(object, field) ?? '') === expected) !== negate;
  });
  return (object) => checks.every((check) => check(object));
}
