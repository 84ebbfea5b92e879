/**
 * Data sources by uid, name or id: create (409 on a taken name or uid), update (409 on a stale `version`;
 * `secureJsonData` is write-only: unsent secure fields are kept, sent ones replaced, and reads show only
 * `secureJsonFields` booleans), delete (https://grafana.com/docs/grafana/latest/developers/http_api/data_source/).
 */
import { fail } from '../errors.js';
import { ok, requireRole, str, type Request, type RouteContext, type Router } from '../http.js';
import { checkUid, generateUid, type DataSource, type Json } from '../store.js';

const STALE_VERSION = 'Datasource has already been updated by someone else. Please reload and try again';

function secureValues(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object') return {};
  return Object.fromEntries(Object.entries(value as Json).map(([k, v]) => [k, String(v ?? '')]));
}

export function datasourceView(ds: DataSource): Json {
  return {
    id: ds.id,
    uid: ds.uid,
    orgId: 1,
    name: ds.name,
    type: ds.type,
    typeLogoUrl: `public/app/plugins/datasource/${ds.type}/img/logo.svg`,
    access: ds.access,
    url: ds.url,
    user: ds.user,
    database: ds.database,
    basicAuth: ds.basicAuth,
    basicAuthUser: ds.basicAuthUser,
    withCredentials: ds.withCredentials,
    isDefault: ds.isDefault,
    jsonData: ds.jsonData,
    secureJsonFields: Object.fromEntries(Object.keys(ds.secureJsonData).map((k) => [k, true])),
    version: ds.version,
    readOnly: ds.readOnly,
  };
}

function listView(ds: DataSource): Json {
  const { secureJsonFields: _omit, version: _v, basicAuthUser: _b, withCredentials: _w, ...rest } = datasourceView(ds);
  return { ...rest, typeName: ds.type };
}

function fields(body: Json, base?: DataSource): Omit<DataSource, 'id' | 'uid' | 'version' | 'secureJsonData'> {
  const name = str(body.name)?.trim();
  if (!name) throw fail.badRequest('Name is required');
  const type = str(body.type) ?? base?.type;
  if (!type) throw fail.badRequest('Type is required');
  return {
    name,
    type,
    access: str(body.access) ?? 'proxy',
    url: str(body.url) ?? '',
    user: str(body.user) ?? '',
    database: str(body.database) ?? '',
    basicAuth: body.basicAuth === true,
    basicAuthUser: str(body.basicAuthUser) ?? '',
    withCredentials: body.withCredentials === true,
    isDefault: body.isDefault === true,
    jsonData: body.jsonData && typeof body.jsonData === 'object' ? (body.jsonData as Json) : {},
    readOnly: base?.readOnly ?? false,
  };
}

export function createDatasource(ctx: RouteContext, body: Json): DataSource {
  const { store } = ctx;
  const values = fields(body);
  const uid = str(body.uid) ?? '';
  const problem = checkUid(uid, 'datasource');
  if (problem) throw fail.badRequest(problem);
  const all = [...store.datasources.values()];
  if (all.some((d) => d.name === values.name)) throw fail.conflict('data source with the same name already exists');
  if (uid && store.datasources.has(uid)) throw fail.conflict('data source with the same uid already exists');
  const ds: DataSource = {
    ...values,
    id: store.nextId('datasource'),
    uid: uid || generateUid(),
    secureJsonData: secureValues(body.secureJsonData),
    version: 1,
  };
  if (ds.isDefault) for (const other of all) other.isDefault = false;
  store.datasources.set(ds.uid, ds);
  return ds;
}

export function updateDatasource(ctx: RouteContext, ds: DataSource, body: Json): DataSource {
  if (ds.readOnly) throw fail.forbidden('Cannot update read-only data source');
  const values = fields(body, ds);
  const sentVersion = typeof body.version === 'number' ? body.version : 0;
  // Grafana updates `WHERE version < sent + 1` when a version is sent: an older one is refused, a newer one wins.
  if (sentVersion !== 0 && sentVersion < ds.version) throw fail.conflict(STALE_VERSION);
  const clash = [...ctx.store.datasources.values()].find((d) => d.name === values.name && d.uid !== ds.uid);
  if (clash) throw fail.conflict('data source with the same name already exists');
  Object.assign(ds, values);
  ds.secureJsonData = { ...ds.secureJsonData, ...secureValues(body.secureJsonData) };
  ds.version = sentVersion !== 0 ? sentVersion + 1 : ds.version + 1;
  if (ds.isDefault) for (const other of ctx.store.datasources.values()) if (other !== ds) other.isDefault = false;
  return ds;
}

function lookup(ctx: RouteContext, req: Request, by: 'uid' | 'name' | 'id'): DataSource {
  const key = req.params.key ?? '';
  const all = [...ctx.store.datasources.values()];
  const ds =
    by === 'uid'
      ? ctx.store.datasources.get(key)
      : by === 'name'
        ? all.find((d) => d.name === key)
        : all.find((d) => String(d.id) === key);
  if (!ds) throw fail.notFound('Data source not found');
  return ds;
}

export function registerDatasources(router: Router): void {
  router.add('GET', '/api/datasources', (_req, ctx) =>
    ok([...ctx.store.datasources.values()].sort((a, b) => a.name.localeCompare(b.name)).map(listView)),
  );
  for (const by of ['uid', 'name'] as const) {
    router.add('GET', `/api/datasources/${by}/:key`, (req, ctx) => ok(datasourceView(lookup(ctx, req, by))));
  }
  router.add('GET', '/api/datasources/id/:key', (req, ctx) => ok({ id: lookup(ctx, req, 'name').id }));
  router.add('GET', '/api/datasources/:key', (req, ctx) => ok(datasourceView(lookup(ctx, req, 'id'))));

  router.add('POST', '/api/datasources', (req, ctx) => {
    requireRole(req, 'Admin');
    const ds = createDatasource(ctx, req.json());
    return ok({ datasource: datasourceView(ds), id: ds.id, message: 'Datasource added', name: ds.name });
  });

  for (const [path, by] of [
    ['/api/datasources/uid/:key', 'uid'],
    ['/api/datasources/:key', 'id'],
  ] as const) {
    router.add('PUT', path, (req, ctx) => {
      requireRole(req, 'Admin');
      const ds = updateDatasource(ctx, lookup(ctx, req, by), req.json());
      return ok({ datasource: datasourceView(ds), id: ds.id, message: 'Datasource updated', name: ds.name });
    });
  }

  for (const by of ['uid', 'name', 'id'] as const) {
    const path = by === 'id' ? '/api/datasources/:key' : `/api/datasources/${by}/:key`;
    router.add('DELETE', path, (req, ctx) => {
      requireRole(req, 'Admin');
      const ds = lookup(ctx, req, by);
      if (ds.readOnly) throw fail.forbidden('Cannot delete read-only data source');
      ctx.store.datasources.delete(ds.uid);
      return ok({ message: 'Data source deleted', id: ds.id });
    });
  }
}
