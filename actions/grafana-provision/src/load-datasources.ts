/** Data sources: one per file, or Grafana's provisioning shape; secure fields only as named secrets. */
import { contentHash, isObject, type Json } from './canonical-json.js';
import type { DesiredDatasource, DesiredSecret } from './desired.js';
import { derivedUid } from './folder-paths.js';
import { listOf, parseFile, secret, validUid, type Context, type SourceFile } from './load-context.js';
import { DATASOURCE_MARKER_KEY } from './marker.js';

/** The data source fields we manage and compare (besides its uid), as Grafana stores and answers them. */
export const STORED_DATASOURCE_FIELDS = [
  'name',
  'type',
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
const DATASOURCE_FIELDS = ['uid', ...STORED_DATASOURCE_FIELDS];
const IGNORED_DATASOURCE_FIELDS = ['orgId', 'editable', 'version', 'secureJsonData'];

export function loadDatasources(file: SourceFile, ctx: Context): DesiredDatasource[] {
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
