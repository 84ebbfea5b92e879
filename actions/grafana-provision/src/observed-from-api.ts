/**
 * Grafana's answers turned into observed resources (pure): the legacy /api shapes and 12's /apis objects.
 * https://grafana.com/docs/grafana/latest/developers/http_api/ (folder_dashboard_search, dashboard, data_source,
 * alerting_provisioning) and https://grafana.com/docs/grafana/latest/developers/http_api/apis/.
 */
import { isObject, type Json } from './canonical-json.js';
import { STORED_DATASOURCE_FIELDS } from './load-datasources.js';
import type {
  ObservedContactPoint,
  ObservedDashboard,
  ObservedDatasource,
  ObservedFolder,
  ObservedRuleGroup,
} from './observed.js';

/** The annotation that names a resource's folder on the /apis path. */
export const FOLDER_ANNOTATION = 'grafana.app/folder';

const text = (value: unknown): string =>
  typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.map(text) : []);
const num = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

/** A hit of GET /api/search?type=dash-folder (`folderUid` is the parent where folders nest). */
export function folderFromSearchHit(hit: Json): ObservedFolder {
  return { uid: text(hit.uid), title: text(hit.title), ...(hit.folderUid ? { parentUid: text(hit.folderUid) } : {}) };
}

/** GET /api/folders/:uid (`parentUid` where folders nest). */
export function folderFromGet(answer: Json): ObservedFolder {
  return {
    uid: text(answer.uid),
    title: text(answer.title),
    ...(answer.parentUid ? { parentUid: text(answer.parentUid) } : {}),
  };
}

/** A hit of GET /api/search?type=dash-db: enough to plan from the marker tags, without the model. */
export function dashboardFromSearchHit(hit: Json): ObservedDashboard {
  return { uid: text(hit.uid), title: text(hit.title), folderUid: text(hit.folderUid), tags: strings(hit.tags) };
}

/** GET /api/dashboards/uid/:uid → `{ dashboard, meta }`. */
export function dashboardFromGet(answer: Json): ObservedDashboard {
  const model = isObject(answer.dashboard) ? answer.dashboard : {};
  const meta = isObject(answer.meta) ? answer.meta : {};
  const version = num(meta.version) ?? num(model.version);
  return {
    uid: text(model.uid),
    title: text(model.title),
    folderUid: text(meta.folderUid),
    tags: strings(model.tags),
    ...(version !== undefined ? { version } : {}),
    model,
    provisioned: meta.provisioned === true,
  };
}

function annotationsOf(item: Json): Json {
  const metadata = isObject(item.metadata) ? item.metadata : {};
  return isObject(metadata.annotations) ? metadata.annotations : {};
}

/**
 * An item of GET /apis/dashboard.grafana.app/<v>/namespaces/<ns>/dashboards: the version is metadata.generation, and
 * metadata.resourceVersion is what an update sends back (so it needs no read of its own).
 */
export function dashboardFromResource(item: Json): ObservedDashboard {
  const metadata = isObject(item.metadata) ? item.metadata : {};
  const spec = isObject(item.spec) ? item.spec : {};
  const generation = num(metadata.generation);
  const resourceVersion = text(metadata.resourceVersion);
  return {
    uid: text(metadata.name),
    title: text(spec.title),
    folderUid: text(annotationsOf(item)[FOLDER_ANNOTATION]),
    tags: strings(spec.tags),
    ...(generation !== undefined ? { version: generation } : {}),
    ...(resourceVersion ? { resourceVersion } : {}),
    model: spec,
  };
}

/** An item of GET /apis/folder.grafana.app/<v>/namespaces/<ns>/folders. */
export function folderFromResource(item: Json): ObservedFolder {
  const metadata = isObject(item.metadata) ? item.metadata : {};
  const spec = isObject(item.spec) ? item.spec : {};
  const parent = text(annotationsOf(item)[FOLDER_ANNOTATION]);
  return { uid: text(metadata.name), title: text(spec.title), ...(parent ? { parentUid: parent } : {}) };
}

/** GET /api/datasources/uid/:uid (the list answer lacks version and secureJsonFields). */
export function datasourceFromGet(answer: Json): ObservedDatasource {
  const fields: Json = {};
  for (const key of STORED_DATASOURCE_FIELDS) {
    if (answer[key] !== undefined) fields[key] = answer[key];
  }
  const secure = isObject(answer.secureJsonFields) ? answer.secureJsonFields : {};
  const version = num(answer.version);
  return {
    uid: text(answer.uid),
    name: text(answer.name),
    fields,
    ...(version !== undefined ? { version } : {}),
    secureFields: Object.keys(secure)
      .filter((k) => secure[k] === true)
      .sort(),
    readOnly: answer.readOnly === true,
  };
}

/** GET /api/v1/provisioning/folder/:folderUid/rule-groups/:group. */
export function ruleGroupFromGet(answer: Json): ObservedRuleGroup {
  const rules = Array.isArray(answer.rules) ? answer.rules.filter(isObject) : [];
  return {
    folderUid: text(answer.folderUid),
    name: text(answer.title),
    intervalSeconds: num(answer.interval) ?? 60,
    rules: rules.map((rule) => ({ uid: text(rule.uid), body: rule, provenance: text(rule.provenance) })),
  };
}

/** GET /api/v1/provisioning/alert-rules: the (folder, group) pairs to read as groups. */
export function ruleGroupsOf(rules: readonly Json[]): { folderUid: string; name: string }[] {
  const seen = new Map<string, { folderUid: string; name: string }>();
  for (const rule of rules)
    seen.set(`${text(rule.folderUID)}\0${text(rule.ruleGroup)}`, {
      folderUid: text(rule.folderUID),
      name: text(rule.ruleGroup),
    });
  return [...seen.values()];
}

/** An item of GET /api/v1/provisioning/contact-points. */
export function contactPointFromGet(answer: Json): ObservedContactPoint {
  return {
    uid: text(answer.uid),
    name: text(answer.name),
    type: text(answer.type),
    settings: isObject(answer.settings) ? answer.settings : {},
    disableResolveMessage: answer.disableResolveMessage === true,
    provenance: text(answer.provenance),
  };
}
