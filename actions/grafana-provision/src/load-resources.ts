/**
 * Loads the resources folder (given as files, so this stays pure) into typed desired resources. Layout:
 *
 *   dashboards/<folder path>/<name>.json        a dashboard model (or an API export `{ dashboard, meta }`)
 *   dashboards/<folder path>/.folder.yaml       optional `{ uid, title }` for that folder (also under alert-rules/)
 *   alert-rules/<folder path>/<group>.yaml      `{ name?, interval, rules: [...] }`, one rule group
 *   datasources/<name>.yaml|.json               one data source, or Grafana's provisioning shape `{ datasources: [...] }`
 *   contact-points/<name>.yaml|.json            one contact point, or `{ contactPoints: [...] }`
 *
 * Secure values (data-source `secureJsonData`, secret contact-point settings) must name a secret as `${NAME}`; the
 * caller resolves names (from masked inputs or the environment). Literal secrets in the repository are refused.
 */
import { parse as parseYaml } from 'yaml';
import { contentHash, isObject, type Json } from './canonical-json.js';
import { dashboardHash, dashboardTitle, isDashboardModel } from './dashboard-json.js';
import type {
  DesiredContactPoint,
  DesiredDashboard,
  DesiredDatasource,
  DesiredFolder,
  DesiredResources,
  DesiredRule,
  DesiredRuleGroup,
  DesiredSecret,
} from './desired.js';
import {
  compareFolderPaths,
  derivedUid,
  folderUidFor,
  pathKey,
  withAncestors,
  type FolderPath,
} from './folder-paths.js';
import { DATASOURCE_MARKER_KEY, RULE_MARKER_ANNOTATION } from './marker.js';
import { normaliseRule, parseDurationSeconds } from './rule-json.js';

export interface SourceFile {
  /** Relative to the resources folder, `/`-separated. */
  path: string;
  text: string;
}

export interface LoadOptions {
  /** The value of a named secret, or undefined when there is none. */
  resolveSecret: (name: string) => string | undefined;
}

export class ResourceLoadError extends Error {
  constructor(readonly problems: string[]) {
    super(`The resources folder has ${problems.length} problem(s):\n- ${problems.join('\n- ')}`);
  }
}

const DATASOURCE_FIELDS = [
  'name',
  'type',
  'uid',
  'access',
  'url',
  'user',
  'database',
  'basicAuth',
  'basicAuthUser',
  'withCredentials',
  'isDefault',
  'jsonData',
];
const IGNORED_DATASOURCE_FIELDS = ['orgId', 'editable', 'version', 'secureJsonData'];
const SECRET_REFERENCE = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$|^\$([A-Za-z_][A-Za-z0-9_]*)$/;
const UID_PATTERN = /^[a-zA-Z0-9\-_]{1,40}$/;

interface Context {
  options: LoadOptions;
  problems: string[];
  warnings: string[];
}

function parseFile(file: SourceFile, ctx: Context): unknown {
  try {
    return file.path.endsWith('.json') ? JSON.parse(file.text) : parseYaml(file.text);
  } catch (error) {
    ctx.problems.push(
      `${file.path}: not valid ${file.path.endsWith('.json') ? 'JSON' : 'YAML'} (${(error as Error).message.split('\n')[0]})`,
    );
    return undefined;
  }
}

function secret(value: unknown, where: string, ctx: Context): DesiredSecret | undefined {
  const found = typeof value === 'string' ? SECRET_REFERENCE.exec(value.trim()) : null;
  if (!found) {
    ctx.problems.push(
      `${where}: a secure value must name a secret as \${NAME}; literal secrets are not read from the repository`,
    );
    return undefined;
  }
  const name = found[1] ?? found[2] ?? '';
  const resolved = ctx.options.resolveSecret(name);
  if (resolved === undefined) {
    ctx.problems.push(`${where}: the secret ${name} is not set`);
    return undefined;
  }
  return { from: name, value: resolved };
}

function splitPath(path: string, root: string): { folder: string[]; base: string } {
  const parts = path.split('/').filter(Boolean).slice(1);
  const base = parts.pop() ?? '';
  void root;
  return { folder: parts, base };
}

function stem(base: string): string {
  return base.replace(/\.(json|ya?ml)$/i, '');
}

function validUid(uid: unknown): uid is string {
  return typeof uid === 'string' && UID_PATTERN.test(uid);
}

function loadDashboard(file: SourceFile, ctx: Context): DesiredDashboard | undefined {
  const parsed = parseFile(file, ctx);
  const model = isObject(parsed) && isObject(parsed.dashboard) && isObject(parsed.meta) ? parsed.dashboard : parsed;
  if (!isDashboardModel(model)) {
    ctx.problems.push(`${file.path}: not a dashboard model (an object with a title and panels)`);
    return undefined;
  }
  const title = dashboardTitle(model);
  if (!title) {
    ctx.problems.push(`${file.path}: the dashboard has no title`);
    return undefined;
  }
  const { folder } = splitPath(file.path, 'dashboards');
  let uid = model.uid;
  if (uid !== undefined && uid !== null && uid !== '' && !validUid(uid)) {
    ctx.problems.push(`${file.path}: uid "${String(uid)}" is not 1 to 40 of a-z, A-Z, 0-9, - and _`);
    return undefined;
  }
  if (!validUid(uid)) {
    uid = derivedUid('dashboard', stem(file.path));
    ctx.warnings.push(
      `${file.path}: no uid; using ${String(uid)} (derived from the file path: moving the file makes a new dashboard)`,
    );
  }
  return { uid: uid as string, title, folderPath: folder, model, hash: dashboardHash(model), source: file.path };
}

function loadFolderFile(file: SourceFile, ctx: Context): { path: string[]; uid?: string; title?: string } | undefined {
  const parsed = parseFile(file, ctx);
  if (!isObject(parsed)) {
    ctx.problems.push(`${file.path}: expected { uid, title }`);
    return undefined;
  }
  const path = splitPath(file.path, '').folder;
  if (path.length === 0) {
    ctx.problems.push(`${file.path}: a .folder file belongs in a folder directory, not at the top`);
    return undefined;
  }
  if (parsed.uid !== undefined && !validUid(parsed.uid)) {
    ctx.problems.push(`${file.path}: uid "${String(parsed.uid)}" is not 1 to 40 of a-z, A-Z, 0-9, - and _`);
    return undefined;
  }
  return {
    path,
    ...(typeof parsed.uid === 'string' ? { uid: parsed.uid } : {}),
    ...(typeof parsed.title === 'string' && parsed.title.trim() ? { title: parsed.title.trim() } : {}),
  };
}

function listOf(parsed: unknown, key: string): unknown[] {
  if (isObject(parsed) && Array.isArray(parsed[key])) return parsed[key] as unknown[];
  return [parsed];
}

function loadDatasources(file: SourceFile, ctx: Context): DesiredDatasource[] {
  const parsed = parseFile(file, ctx);
  if (parsed === undefined) return [];
  return listOf(parsed, 'datasources').flatMap((entry, index) => {
    const where = `${file.path}${isObject(parsed) && Array.isArray(parsed.datasources) ? ` (datasources[${index}])` : ''}`;
    if (!isObject(entry)) {
      ctx.problems.push(`${where}: expected a data source object`);
      return [];
    }
    const unknown = Object.keys(entry).filter(
      (k) => !DATASOURCE_FIELDS.includes(k) && !IGNORED_DATASOURCE_FIELDS.includes(k),
    );
    if (unknown.length > 0) ctx.problems.push(`${where}: unknown field(s) ${unknown.join(', ')}`);
    if (typeof entry.name !== 'string' || !entry.name.trim() || typeof entry.type !== 'string' || !entry.type) {
      ctx.problems.push(`${where}: a data source needs a name and a type`);
      return [];
    }
    if (entry.uid !== undefined && !validUid(entry.uid)) {
      ctx.problems.push(`${where}: uid "${String(entry.uid)}" is not 1 to 40 of a-z, A-Z, 0-9, - and _`);
      return [];
    }
    if (isObject(entry.jsonData) && DATASOURCE_MARKER_KEY in entry.jsonData) {
      ctx.problems.push(`${where}: jsonData.${DATASOURCE_MARKER_KEY} is reserved for grafana-provision's marker`);
    }
    const secure: Record<string, DesiredSecret> = {};
    if (entry.secureJsonData !== undefined) {
      if (!isObject(entry.secureJsonData))
        ctx.problems.push(`${where}: secureJsonData must be a map of field names to \${SECRET} references`);
      else
        for (const [name, value] of Object.entries(entry.secureJsonData)) {
          const resolved = secret(value, `${where}: secureJsonData.${name}`, ctx);
          if (resolved) secure[name] = resolved;
        }
    }
    const fields = datasourceFields(entry);
    return [
      {
        uid: typeof entry.uid === 'string' ? entry.uid : derivedUid('datasource', entry.name.trim()),
        name: entry.name.trim(),
        fields,
        secure,
        hash: contentHash(fields),
        source: where,
      },
    ];
  });
}

/** The stored fields with Grafana's defaults, so a file that leaves them out compares equal to what is read back. */
export function datasourceFields(entry: Json): Json {
  return {
    name: typeof entry.name === 'string' ? entry.name.trim() : '',
    type: entry.type,
    access: entry.access ?? 'proxy',
    url: entry.url ?? '',
    user: entry.user ?? '',
    database: entry.database ?? '',
    basicAuth: entry.basicAuth === true,
    basicAuthUser: entry.basicAuthUser ?? '',
    withCredentials: entry.withCredentials === true,
    isDefault: entry.isDefault === true,
    jsonData: isObject(entry.jsonData)
      ? Object.fromEntries(Object.entries(entry.jsonData).filter(([k]) => k !== DATASOURCE_MARKER_KEY))
      : {},
  };
}

function loadRuleGroup(file: SourceFile, ctx: Context): DesiredRuleGroup | undefined {
  const parsed = parseFile(file, ctx);
  if (parsed === undefined) return undefined;
  const { folder, base } = splitPath(file.path, 'alert-rules');
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

function loadContactPoints(file: SourceFile, ctx: Context): DesiredContactPoint[] {
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

function duplicates<T>(
  items: readonly T[],
  key: (item: T) => string,
  what: string,
  source: (item: T) => string,
  ctx: Context,
): void {
  const seen = new Map<string, string>();
  for (const item of items) {
    const k = key(item);
    const earlier = seen.get(k);
    if (earlier !== undefined) ctx.problems.push(`${source(item)}: ${what} ${k} is also declared by ${earlier}`);
    else seen.set(k, source(item));
  }
}

function collectFolders(
  dashboards: DesiredDashboard[],
  groups: DesiredRuleGroup[],
  declared: { path: string[]; uid?: string; title?: string; source: string }[],
  ctx: Context,
): DesiredFolder[] {
  const byKey = new Map<string, DesiredFolder>();
  const ensure = (path: FolderPath, source: string, holdsContent: boolean) => {
    for (const ancestor of withAncestors(path)) {
      const key = pathKey(ancestor);
      const existing = byKey.get(key);
      const leaf = ancestor.length === path.length;
      if (existing) {
        if (leaf && holdsContent) existing.holdsContent = true;
        continue;
      }
      byKey.set(key, {
        path: ancestor,
        uid: folderUidFor(ancestor),
        title: ancestor[ancestor.length - 1] ?? '',
        holdsContent: leaf && holdsContent,
        source,
      });
    }
  };
  for (const d of dashboards) if (d.folderPath.length > 0) ensure(d.folderPath, d.source, true);
  for (const g of groups) ensure(g.folderPath, g.source, true);
  const declaredAt = new Map<string, { uid?: string; title?: string; source: string }>();
  for (const f of declared) {
    const earlier = declaredAt.get(pathKey(f.path));
    if (earlier && (earlier.uid !== f.uid || earlier.title !== f.title)) {
      ctx.problems.push(`${f.source}: declares folder ${pathKey(f.path)} differently from ${earlier.source}`);
    }
    declaredAt.set(pathKey(f.path), f);
    ensure(f.path, f.source, false);
    const folder = byKey.get(pathKey(f.path));
    if (!folder) continue;
    if (f.uid) folder.uid = f.uid;
    if (f.title) folder.title = f.title;
    folder.source = f.source;
  }
  const folders = [...byKey.values()].sort((a, b) => compareFolderPaths(a.path, b.path));
  duplicates(
    folders,
    (f) => f.uid,
    'folder uid',
    (f) => f.source,
    ctx,
  );
  return folders;
}

export function loadResources(files: readonly SourceFile[], options: LoadOptions): DesiredResources {
  const ctx: Context = { options, problems: [], warnings: [] };
  const dashboards: DesiredDashboard[] = [];
  const datasources: DesiredDatasource[] = [];
  const ruleGroups: DesiredRuleGroup[] = [];
  const contactPoints: DesiredContactPoint[] = [];
  const declaredFolders: { path: string[]; uid?: string; title?: string; source: string }[] = [];
  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    const [top] = file.path.split('/');
    const base = file.path.split('/').pop() ?? '';
    const data = /\.(json|ya?ml)$/i.test(base);
    if (!data) continue;
    if (/^\.folder\.(json|ya?ml)$/i.test(base) && (top === 'dashboards' || top === 'alert-rules')) {
      const folder = loadFolderFile(file, ctx);
      if (folder) declaredFolders.push({ ...folder, source: file.path });
      continue;
    }
    if (base.startsWith('.')) continue;
    if (top === 'dashboards' && base.toLowerCase().endsWith('.json')) {
      const d = loadDashboard(file, ctx);
      if (d) dashboards.push(d);
    } else if (top === 'datasources') datasources.push(...loadDatasources(file, ctx));
    else if (top === 'alert-rules') {
      const g = loadRuleGroup(file, ctx);
      if (g) ruleGroups.push(g);
    } else if (top === 'contact-points') contactPoints.push(...loadContactPoints(file, ctx));
    else
      ctx.warnings.push(`${file.path}: not under dashboards/, datasources/, alert-rules/ or contact-points/; ignored`);
  }
  duplicates(
    dashboards,
    (d) => d.uid,
    'dashboard uid',
    (d) => d.source,
    ctx,
  );
  duplicates(
    dashboards,
    (d) => `${pathKey(d.folderPath)}\0${d.title}`,
    'dashboard title in the folder',
    (d) => d.source,
    ctx,
  );
  duplicates(
    datasources,
    (d) => d.uid,
    'data source uid',
    (d) => d.source,
    ctx,
  );
  duplicates(
    datasources,
    (d) => d.name,
    'data source name',
    (d) => d.source,
    ctx,
  );
  duplicates(
    ruleGroups,
    (g) => `${pathKey(g.folderPath)}/${g.name}`,
    'rule group',
    (g) => g.source,
    ctx,
  );
  duplicates(
    ruleGroups.flatMap((g) => g.rules.map((r) => ({ uid: r.uid, source: g.source }))),
    (r) => r.uid,
    'alert rule uid',
    (r) => r.source,
    ctx,
  );
  duplicates(
    contactPoints,
    (c) => c.uid,
    'contact point uid',
    (c) => c.source,
    ctx,
  );
  const folders = collectFolders(dashboards, ruleGroups, declaredFolders, ctx);
  if (ctx.problems.length > 0) throw new ResourceLoadError(ctx.problems);
  return { folders, dashboards, datasources, ruleGroups, contactPoints, warnings: ctx.warnings };
}
