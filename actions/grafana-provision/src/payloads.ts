/**
 * The bodies grafana-provision sends, with its marker recording what the write will produce. Secure values are put
 * in only for the fields the plan says to send; Grafana keeps the others.
 */
import { contentHash, shortHash, type Json } from './canonical-json.js';
import type { DesiredContactPoint, DesiredDatasource, DesiredRuleGroup } from './desired.js';
import { dashboardBody } from './dashboard-json.js';
import { DATASOURCE_MARKER_KEY, formatRecord, RULE_MARKER_ANNOTATION } from './marker.js';
import { FOLDER_ANNOTATION } from './observed-from-api.js';
import { REDACTED } from './plan-alerting.js';

export { dashboardBody } from './dashboard-json.js';

/** The annotation that carries a write's version message on the /apis path. */
export const MESSAGE_ANNOTATION = 'grafana.app/message';

/**
 * A dashboard for Grafana 12's /apis path (POST, or PUT with the resourceVersion it replaces): the same model and
 * marker as dashboardBody, the uid as metadata.name, and the folder as the `grafana.app/folder` annotation, which is
 * always set for a dashboard in a folder (without it an update puts the dashboard at the root).
 */
export function dashboardResource(input: {
  model: Json;
  uid: string;
  folderUid: string;
  observed?: { generation: number; resourceVersion: string };
  apiVersion?: string;
  /** The version message (commit and run URL), as the `grafana.app/message` annotation. */
  message?: string;
}): Json {
  const { dashboard } = dashboardBody({
    model: input.model,
    uid: input.uid,
    folderUid: input.folderUid,
    observedVersion: input.observed?.generation,
    message: '',
  });
  const { uid: _uid, id: _id, version: _version, ...spec } = dashboard;
  return {
    apiVersion: input.apiVersion ?? 'dashboard.grafana.app/v1beta1',
    kind: 'Dashboard',
    metadata: {
      name: input.uid,
      ...(input.folderUid || input.message
        ? {
            annotations: {
              ...(input.folderUid ? { [FOLDER_ANNOTATION]: input.folderUid } : {}),
              ...(input.message ? { [MESSAGE_ANNOTATION]: input.message } : {}),
            },
          }
        : {}),
      ...(input.observed ? { resourceVersion: input.observed.resourceVersion } : {}),
    },
    spec,
  };
}

/** A folder for the /apis path: title in the spec, parent as the `grafana.app/folder` annotation. */
export function folderResource(input: {
  uid: string;
  title: string;
  parentUid?: string;
  resourceVersion?: string;
  apiVersion?: string;
}): Json {
  return {
    apiVersion: input.apiVersion ?? 'folder.grafana.app/v1beta1',
    kind: 'Folder',
    metadata: {
      name: input.uid,
      ...(input.parentUid ? { annotations: { [FOLDER_ANNOTATION]: input.parentUid } } : {}),
      ...(input.resourceVersion ? { resourceVersion: input.resourceVersion } : {}),
    },
    spec: { title: input.title },
  };
}

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
