/** Alert rule groups (one per file, in a folder directory) and contact points. */
import { contentHash, isObject, type Json } from './canonical-json.js';
import type { DesiredContactPoint, DesiredRule, DesiredRuleGroup, DesiredSecret } from './desired.js';
import { derivedUid, pathKey } from './folder-paths.js';
import {
  listOf,
  parseFile,
  secret,
  SECRET_REFERENCE,
  splitPath,
  stem,
  validUid,
  type Context,
  type SourceFile,
} from './load-context.js';
import { RULE_MARKER_ANNOTATION } from './marker.js';
import { normaliseRule, parseDurationSeconds } from './rule-json.js';

export function loadRuleGroup(file: SourceFile, ctx: Context): DesiredRuleGroup | undefined {
  const parsed = parseFile(file, ctx);
  if (parsed === undefined) return undefined;
  const { folder, base } = splitPath(file.path);
  if (!isObject(parsed) || !Array.isArray(parsed.rules)) {
    ctx.problems.push(`${file.path}: expected { name?, interval, rules: [...] }`);
    return undefined;
  }
  if (folder.length === 0) {
    ctx.problems.push(`${file.path}: alert rules live in a folder: put the file under alert-rules/<folder>/`);
    return undefined;
  }
  const name = typeof parsed.name === 'string' && parsed.name.trim() ? parsed.name.trim() : stem(base);
  const interval =
    typeof parsed.interval === 'number' ? parsed.interval : parseDurationSeconds(String(parsed.interval ?? '1m'));
  if (interval === undefined || interval <= 0 || interval % 10 !== 0) {
    ctx.problems.push(`${file.path}: interval must be a positive multiple of 10s (e.g. 1m)`);
    return undefined;
  }
  const rules: DesiredRule[] = [];
  const seen = new Set<string>();
  parsed.rules.forEach((rule, index) => {
    const where = `${file.path} (rules[${index}])`;
    if (
      !isObject(rule) ||
      typeof rule.title !== 'string' ||
      !rule.title.trim() ||
      typeof rule.condition !== 'string' ||
      !Array.isArray(rule.data) ||
      rule.data.length === 0
    ) {
      ctx.problems.push(`${where}: a rule needs a title, a condition and data`);
      return;
    }
    if (rule.uid !== undefined && !validUid(rule.uid)) {
      ctx.problems.push(`${where}: uid "${String(rule.uid)}" is not 1 to 40 of a-z, A-Z, 0-9, - and _`);
      return;
    }
    if (isObject(rule.annotations) && RULE_MARKER_ANNOTATION in rule.annotations) {
      ctx.problems.push(
        `${where}: the annotation ${RULE_MARKER_ANNOTATION} is reserved for grafana-provision's marker`,
      );
    }
    const uid =
      typeof rule.uid === 'string' ? rule.uid : derivedUid('rule', `${pathKey(folder)}/${name}/${rule.title.trim()}`);
    if (seen.has(uid)) ctx.problems.push(`${where}: a second rule with uid ${uid} (or the same title) in the group`);
    seen.add(uid);
    const body = normaliseRule({ ...rule, uid });
    if (!body) ctx.problems.push(`${where}: "for" must be a duration such as 5m`);
    else rules.push({ uid, body });
  });
  return {
    folderPath: folder,
    name,
    intervalSeconds: interval,
    rules,
    hash: ruleGroupHash(
      interval,
      rules.map((r) => r.body),
    ),
    source: file.path,
  };
}

export function ruleGroupHash(intervalSeconds: number, rules: readonly Json[]): string {
  const sorted = [...rules].sort((a, b) => String(a.uid).localeCompare(String(b.uid)));
  return contentHash({ interval: intervalSeconds, rules: sorted });
}

export function loadContactPoints(file: SourceFile, ctx: Context): DesiredContactPoint[] {
  const parsed = parseFile(file, ctx);
  if (parsed === undefined) return [];
  return listOf(parsed, 'contactPoints').flatMap((entry, index) => {
    const where = `${file.path}${isObject(parsed) && Array.isArray(parsed.contactPoints) ? ` (contactPoints[${index}])` : ''}`;
    if (!isObject(entry) || typeof entry.name !== 'string' || !entry.name.trim() || typeof entry.type !== 'string') {
      ctx.problems.push(`${where}: a contact point needs a name and a type`);
      return [];
    }
    if (entry.uid !== undefined && !validUid(entry.uid)) {
      ctx.problems.push(`${where}: uid "${String(entry.uid)}" is not 1 to 40 of a-z, A-Z, 0-9, - and _`);
      return [];
    }
    const settings: Json = {};
    const secure: Record<string, DesiredSecret> = {};
    for (const [key, value] of Object.entries(isObject(entry.settings) ? entry.settings : {})) {
      if (typeof value === 'string' && SECRET_REFERENCE.test(value.trim())) {
        const resolved = secret(value, `${where}: settings.${key}`, ctx);
        if (resolved) secure[key] = resolved;
      } else settings[key] = value;
    }
    const name = entry.name.trim();
    const body = { name, type: entry.type, settings, disableResolveMessage: entry.disableResolveMessage === true };
    return [
      {
        uid: typeof entry.uid === 'string' ? entry.uid : derivedUid('contact-point', `${name}/${entry.type}`),
        ...body,
        secure,
        hash: contentHash(body),
        source: where,
      },
    ];
  });
}
