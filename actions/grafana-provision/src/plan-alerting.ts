/**
 * Alert rule groups (PUT replaces the whole group, so a group is one resource) and contact points. Rule groups carry
 * our marker as an annotation on each rule: the hash we wrote; content that no longer hashes to it was edited in the
 * UI (possible only where rules were written with X-Disable-Provenance). Contact points are compared without their
 * secure settings, which Grafana answers as "[REDACTED]".
 */
import { contentHash, shortHash, type Json } from './canonical-json.js';
import type { DesiredContactPoint, DesiredRuleGroup } from './desired.js';
import { diffFields, shortValue } from './diff.js';
import { pathKey } from './folder-paths.js';
import { ruleGroupHash } from './load-alerting.js';
import { isOwnedUid, parseRecord, RULE_MARKER_ANNOTATION } from './marker.js';
import type { ObservedContactPoint, ObservedRuleGroup } from './observed.js';
import { blockedByUiEdit, uiEditOf } from './plan-dashboards.js';
import type { ContactPointItem, FieldChange, PlanOptions, RuleGroupItem } from './plan-types.js';
import { normaliseRule } from './rule-json.js';

export const REDACTED = '[REDACTED]';

export function ruleGroupKey(folderUid: string, name: string): string {
  return `${folderUid}/${name}`;
}

function ruleRecord(group: ObservedRuleGroup) {
  for (const rule of group.rules) {
    const annotations = rule.body.annotations as Record<string, unknown> | undefined;
    const record = parseRecord(annotations?.[RULE_MARKER_ANNOTATION]);
    if (record) return record;
  }
  return undefined;
}

export function ownedRules(group: ObservedRuleGroup): { owned: number; others: number } {
  const owned = group.rules.filter((r) =>
    parseRecord((r.body.annotations as Record<string, unknown> | undefined)?.[RULE_MARKER_ANNOTATION]),
  ).length;
  return { owned, others: group.rules.length - owned };
}

function byTitle(interval: number, rules: readonly Json[]): Json {
  return { interval, rules: Object.fromEntries(rules.map((r) => [String(r.title), r])) };
}

export function planRuleGroups(
  desired: readonly DesiredRuleGroup[],
  observed: readonly ObservedRuleGroup[],
  uidByPath: Map<string, string>,
  options: PlanOptions,
): RuleGroupItem[] {
  const provenance = options.disableProvenance ? '' : 'api';
  return desired.map((g): RuleGroupItem => {
    const folderUid = uidByPath.get(pathKey(g.folderPath)) ?? '';
    const key = ruleGroupKey(folderUid, g.name);
    const seen = observed.find((o) => o.folderUid === folderUid && o.name === g.name);
    const base = {
      kind: 'alert-rule-group' as const,
      key,
      name: `${g.folderPath.join('/')} › ${g.name}`,
      folderUid,
      notes: [] as string[],
      desired: g,
    };
    if (!seen) return { ...base, verb: 'create', changes: [] };
    const current = seen.rules.map((r) => normaliseRule(r.body) ?? r.body);
    const currentHash = ruleGroupHash(seen.intervalSeconds, current);
    const record = ruleRecord(seen);
    const contentSame = currentHash === g.hash;
    const provenances = [...new Set(seen.rules.map((r) => r.provenance))];
    const provenanceSame = provenances.every((p) => p === provenance);
    const item: RuleGroupItem = { ...base, verb: 'unchanged', changes: [], observed: seen };
    if (contentSame && provenanceSame && record) return item;
    const changes: FieldChange[] = contentSame
      ? []
      : diffFields(
          byTitle(seen.intervalSeconds, current),
          byTitle(
            g.intervalSeconds,
            g.rules.map((r) => r.body),
          ),
        );
    if (!provenanceSame) {
      changes.push({
        field: 'provenance',
        from: shortValue(provenances.join(',') || 'none'),
        to: shortValue(provenance || 'none'),
      });
      if (provenances.includes('api') && provenance === '')
        item.notes.push("Grafana 9.5 and 10.x refuse changing provenance from 'api' to none (500)");
    }
    const { others } = ownedRules(seen);
    if (others > 0)
      item.notes.push(`replaces ${others} rule(s) not written by grafana-provision (PUT replaces the group)`);
    if (!record) changes.push({ field: `annotations.${RULE_MARKER_ANNOTATION}`, to: 'marker' });
    const updated: RuleGroupItem = { ...item, verb: 'update', changes };
    const edit = uiEditOf(record, undefined, shortHash(currentHash));
    if (edit && !contentSame) {
      updated.uiEdit = edit;
      if (!options.overwriteUiEdits) updated.blocked = blockedByUiEdit(edit);
    }
    return updated;
  });
}

function comparable(
  cp: { name: string; type: string; settings: Json; disableResolveMessage: boolean },
  dropKeys: readonly string[],
): Json {
  const settings = Object.fromEntries(
    Object.entries(cp.settings).filter(([k, v]) => !dropKeys.includes(k) && v !== REDACTED),
  );
  return { name: cp.name, type: cp.type, settings, disableResolveMessage: cp.disableResolveMessage };
}

export function planContactPoints(
  desired: readonly DesiredContactPoint[],
  observed: readonly ObservedContactPoint[],
  options: PlanOptions,
): ContactPointItem[] {
  const claimed = new Set<string>();
  return desired.map((c): ContactPointItem => {
    const seen =
      observed.find((o) => o.uid === c.uid) ??
      observed.find((o) => o.name === c.name && o.type === c.type && !claimed.has(o.uid));
    const secureNames = Object.keys(c.secure).sort();
    const base = {
      kind: 'contact-point' as const,
      key: seen?.uid ?? c.uid,
      name: c.name,
      notes: [] as string[],
      desired: c,
    };
    const setChanges = (names: string[], why: string): FieldChange[] =>
      names.map((n) => ({ field: `settings.${n}`, to: `${why} from \${${c.secure[n]?.from ?? '?'}}` }));
    if (!seen) return { ...base, verb: 'create', changes: setChanges(secureNames, 'set'), secureToSend: secureNames };
    claimed.add(seen.uid);
    if (seen.uid !== c.uid) base.notes.push(`adopted the existing contact point ${seen.uid} with this name`);
    const missing = secureNames.filter((n) => seen.settings[n] === undefined || seen.settings[n] === '');
    const secureToSend = options.rotateSecrets ? secureNames : missing;
    const current = comparable(seen, secureNames);
    const wanted = comparable(c, []);
    const contentSame = contentHash(current) === contentHash(wanted);
    const item: ContactPointItem = { ...base, verb: 'unchanged', changes: [], secureToSend, observed: seen };
    const provenance = options.disableProvenance ? '' : 'api';
    const provenanceSame = (seen.provenance ?? '') === provenance;
    if (contentSame && secureToSend.length === 0 && provenanceSame) return item;
    const changes: FieldChange[] = contentSame ? [] : diffFields(current, wanted);
    changes.push(...setChanges(missing, 'set'));
    if (options.rotateSecrets)
      changes.push(
        ...setChanges(
          secureNames.filter((n) => !missing.includes(n)),
          'rotate',
        ),
      );
    if (!provenanceSame) {
      changes.push({
        field: 'provenance',
        from: shortValue(seen.provenance || 'none'),
        to: shortValue(provenance || 'none'),
      });
      if (seen.provenance === 'api' && provenance === '') {
        return {
          ...item,
          verb: 'update',
          changes,
          blocked: "Grafana refuses changing a contact point's provenance from 'api' to none",
        };
      }
    }
    return { ...item, verb: 'update', changes };
  });
}

export function orphanRuleGroups(
  desiredKeys: ReadonlySet<string>,
  observed: readonly ObservedRuleGroup[],
): ObservedRuleGroup[] {
  return observed.filter((g) => !desiredKeys.has(ruleGroupKey(g.folderUid, g.name)) && ownedRules(g).owned > 0);
}

export function orphanContactPoints(
  desired: readonly DesiredContactPoint[],
  observed: readonly ObservedContactPoint[],
  adopted: ReadonlySet<string>,
): ObservedContactPoint[] {
  const wanted = new Set(desired.map((c) => c.uid));
  return observed.filter((o) => !wanted.has(o.uid) && !adopted.has(o.uid) && isOwnedUid(o.uid));
}
