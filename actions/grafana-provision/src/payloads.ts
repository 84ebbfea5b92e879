/**
 * The bodies grafana-provision sends, with its marker recording what the write will produce. Secure values are put
 * in only for the fields the plan says to send; Grafana keeps the others.
 */
import { contentHash, shortHash, type Json } from './canonical-json.js';
import type { DesiredContactPoint, DesiredDatasource, DesiredRuleGroup } from './desired.js';
import { DATASOURCE_MARKER_KEY, formatRecord, RULE_MARKER_ANNOTATION } from './marker.js';
import { REDACTED } from './plan-alerting.js';

export { dashboardBody } from './dashboard-json.js';

/** POST /api/datasources or PUT /api/datasources/uid/:uid (with the version it replaces). */
export function datasourceBody(
  desired: DesiredDatasource,
  uid: string,
  secureToSend: readonly string[],
  observedVersion?: number,
): Json {
  const record = formatRecord({ version: (observedVersion ?? 0) + 1, hash: shortHash(desired.hash) });
  const secureJsonData = Object.fromEntries(secureToSend.map((name) => [name, desired.secure[name]?.value ?? '']));
  return {
    ...desired.fields,
    uid,
    jsonData: { ...(desired.fields.jsonData as Json), [DATASOURCE_MARKER_KEY]: record },
    ...(secureToSend.length > 0 ? { secureJsonData } : {}),
    ...(observedVersion !== undefined ? { version: observedVersion } : {}),
  };
}

/** PUT /api/v1/provisioning/folder/:folderUid/rule-groups/:group: every rule with our marker annotation. */
export function ruleGroupBody(desired: DesiredRuleGroup, folderUid: string): Json {
  const record = formatRecord({ version: 0, hash: shortHash(desired.hash) });
  return {
    title: desired.name,
    folderUid,
    interval: desired.intervalSeconds,
    rules: desired.rules.map((rule) => ({
      ...rule.body,
      folderUID: folderUid,
      ruleGroup: desired.name,
      annotations: { ...(rule.body.annotations as Json), [RULE_MARKER_ANNOTATION]: record },
    })),
  };
}

/** POST or PUT /api/v1/provisioning/contact-points: kept secure settings sent back as "[REDACTED]", as Grafana expects. */
export function contactPointBody(desired: DesiredContactPoint, uid: string, secureToSend: readonly string[]): Json {
  const secure = Object.fromEntries(
    Object.entries(desired.secure).map(([name, s]) => [name, secureToSend.includes(name) ? s.value : REDACTED]),
  );
  return {
    uid,
    name: desired.name,
    type: desired.type,
    settings: { ...desired.settings, ...secure },
    disableResolveMessage: desired.disableResolveMessage,
  };
}

/** The short hash a dashboard, data source or rule group would be recorded with (for logs). */
export function recordedHash(value: unknown): string {
  return shortHash(contentHash(value));
}
