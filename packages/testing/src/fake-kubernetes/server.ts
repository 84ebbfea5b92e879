/** The HTTP face of the fake: authentication, routing, content negotiation, and Status bodies for failures. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { ApiError, errors } from './status.js';
import type { JsonObject, JsonValue } from './json.js';
import { Authenticator, type AuthOutcome } from './auth.js';
import {
  aggregatedContentType,
  aggregatedDiscovery,
  apiGroup,
  apiGroupList,
  apiResourceList,
  apiVersions,
  versionDocument,
  wantsAggregatedDiscovery,
  type VersionInfo,
} from './discovery.js';
import { openApiV3Group, openApiV3Root } from './openapi.js';
import { PATCH_CONTENT_TYPES, type ObjectService, type WriteContext } from './objects.js';
import { apiVersionOf, type ResourceRegistry, type ResourceType } from './resources.js';
import { route, type Route } from './routes.js';
import { toTable, wantsTable } from './table.js';
import type { WatchHub } from './watch.js';
import type { KubeObject } from './types.js';

const MAX_BODY_BYTES = 16 * 1024 * 1024;

export interface RequestRecord {
  time: string;
  method: string;
  path: string;
  query: string;
  status: number;
  userAgent: string;
  user?: string;
}

export interface AuthRecord {
  time: string;
  path: string;
  outcome: AuthOutcome;
}

export interface ServerContext {
  service: ObjectService;
  registry: ResourceRegistry;
  watches: WatchHub;
  auth: Authenticator;
  version: VersionInfo;
  serverAddress: () => string;
  requests: RequestRecord[];
  authLog: AuthRecord[];
}

type Resource = Extract<Route, { kind: 'resource' }>;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new ApiError(413, 'RequestEntityTooLarge', 'the request body is too large'));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

function parseBody(text: string, contentType: string, yamlAllowed: boolean): JsonValue {
  if (contentType.includes('protobuf') || contentType.includes('cbor')) throw errors.unsupportedMediaType(contentType);
  try {
    return (yamlAllowed ? parseYaml(text) : JSON.parse(text)) as JsonValue;
  } catch (error) {
    throw errors.badRequest(`the request body could not be decoded: ${(error as Error).message}`);
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown, contentType = 'application/json'): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** The field manager for a non-apply write: the fieldManager parameter, else the User-Agent up to its first "/". */
function managerFor(req: IncomingMessage, query: URLSearchParams): string {
  const explicit = query.get('fieldManager');
  if (explicit) return explicit;
  const agent = req.headers['user-agent'] ?? 'unknown';
  return (agent.split('/')[0] ?? agent).slice(0, 128);
}

function listOf(
  type: ResourceType,
  version: string,
  items: KubeObject[],
  resourceVersion: string,
  next?: string,
): JsonObject {
  const metadata: JsonObject = { resourceVersion };
  if (next) metadata.continue = next;
  return {
    kind: `${type.kind}List`,
    apiVersion: apiVersionOf(type, version),
    metadata,
    items: items.map((item) => {
      const copy = { ...item } as Partial<KubeObject>;
      delete copy.apiVersion;
      delete copy.kind;
      return copy as unknown as JsonObject;
    }),
  };
}

function paginate(items: KubeObject[], query: URLSearchParams): { page: KubeObject[]; next?: string } {
  const limit = Number(query.get('limit') ?? 0);
  const start = Number(Buffer.from(query.get('continue') ?? '', 'base64url').toString('utf8') || 0);
  if (!Number.isInteger(start) || start < 0) throw errors.badRequest('continue parameter is not valid');
  if (!limit || limit <= 0) return { page: items.slice(start) };
  const page = items.slice(start, start + limit);
  const end = start + limit;
  return end < items.length ? { page, next: Buffer.from(String(end), 'utf8').toString('base64url') } : { page };
}

export function createRequestHandler(ctx: ServerContext): (req: IncomingMessage, res: ServerResponse) => void {
  const record = (req: IncomingMessage, url: URL, status: number, user?: string) => {
    ctx.requests.push({
      time: new Date().toISOString(),
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.search,
      status,
      userAgent: req.headers['user-agent'] ?? '',
      ...(user ? { user } : {}),
    });
    if (ctx.requests.length > 5000) ctx.requests.splice(0, ctx.requests.length - 5000);
  };

  return (req, res) => {
    const url = new URL(req.url ?? '/', 'https://fake.invalid');
    const outcome = ctx.auth.authenticate(req.headers.authorization);
    ctx.authLog.push({ time: new Date().toISOString(), path: url.pathname, outcome });
    if (ctx.authLog.length > 5000) ctx.authLog.splice(0, ctx.authLog.length - 5000);
    const fail = (error: unknown) => {
      const apiError =
        error instanceof ApiError
          ? error
          : new ApiError(500, 'InternalError', `fake API server error: ${(error as Error).message}`);
      if (!res.headersSent) sendJson(res, apiError.code, apiError.toStatus());
      else res.end();
      record(req, url, apiError.code, outcome.ok ? outcome.user : undefined);
    };
    if (!outcome.ok) return fail(errors.unauthorized());
    if (outcome.method === 'anonymous' && !Authenticator.anonymousMayAccess(url.pathname)) {
      return fail(errors.forbidden('system:anonymous', (req.method ?? 'get').toLowerCase(), url.pathname));
    }
    handle(ctx, req, res, url)
      .then((status) => record(req, url, status, outcome.user))
      .catch(fail);
  };
}

async function handle(ctx: ServerContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<number> {
  const target = route(url.pathname);
  const method = req.method ?? 'GET';
  const accept = req.headers.accept;
  if (target.kind !== 'resource' && method !== 'GET') throw errors.methodNotAllowed(method);
  switch (target.kind) {
    case 'version':
      sendJson(res, 200, versionDocument(ctx.version));
      return 200;
    case 'health':
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('ok');
      return 200;
    case 'api':
    case 'apis': {
      const aggregated = wantsAggregatedDiscovery(accept);
      if (aggregated) {
        sendJson(
          res,
          200,
          aggregatedDiscovery(ctx.registry, target.kind === 'api', aggregated),
          aggregatedContentType(aggregated),
        );
      } else sendJson(res, 200, target.kind === 'api' ? apiVersions(ctx.serverAddress()) : apiGroupList(ctx.registry));
      return 200;
    }
    case 'group': {
      const doc = apiGroup(ctx.registry, target.group);
      if (!doc) throw errors.pathNotFound();
      sendJson(res, 200, doc);
      return 200;
    }
    case 'group-version': {
      const doc = apiResourceList(ctx.registry, target.group, target.version);
      if (!doc) throw errors.pathNotFound();
      sendJson(res, 200, doc);
      return 200;
    }
    case 'openapi-v3':
      sendJson(res, 200, openApiV3Root(ctx.registry));
      return 200;
    case 'openapi-v3-group': {
      const doc = openApiV3Group(ctx.registry, target.group, target.version);
      if (!doc) throw errors.pathNotFound();
      sendJson(res, 200, doc);
      return 200;
    }
    case 'resource':
      return handleResource(ctx, req, res, url, target);
    default:
      throw errors.pathNotFound();
  }
}

async function handleResource(
  ctx: ServerContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  target: Resource,
): Promise<number> {
  const type = ctx.registry.find(target.group, target.version, target.resource);
  if (!type) throw errors.pathNotFound();
  if (target.namespace !== undefined && !type.namespaced) throw errors.pathNotFound();
  if (target.subresource && (target.subresource !== 'status' || !type.hasStatus)) throw errors.pathNotFound();
  const query = url.searchParams;
  const method = req.method ?? 'GET';
  const service = ctx.service;
  const namespace = type.namespaced ? target.namespace : undefined;
  const write: WriteContext = {
    manager: managerFor(req, query),
    dryRun: query.getAll('dryRun').includes('All'),
    version: target.version,
    ...(target.subresource === 'status' ? { subresource: 'status' as const } : {}),
  };
  if (write.dryRun === false && query.getAll('dryRun').length > 0) throw errors.badRequest('dryRun must be "All"');
  const accept = req.headers.accept;

  if (!target.name) {
    if (method === 'GET') {
      if (query.get('watch') === 'true' || query.get('watch') === '1') {
        ctx.watches.serve(req, res, { type, version: target.version, namespace, query });
        return 200;
      }
      const { items, resourceVersion } = service.list(
        type,
        namespace,
        {
          labelSelector: query.get('labelSelector'),
          fieldSelector: query.get('fieldSelector'),
        },
        target.version,
      );
      const { page, next } = paginate(items, query);
      if (wantsTable(accept)) {
        sendJson(
          res,
          200,
          toTable(type, page, resourceVersion, service.now(), query.get('includeObject') ?? 'Metadata'),
        );
      } else sendJson(res, 200, listOf(type, target.version, page, resourceVersion, next));
      return 200;
    }
    if (method === 'POST') {
      const body = parseBody(
        await readBody(req),
        mediaType(req.headers['content-type']),
        true,
      ) as unknown as KubeObject;
      if (type.namespaced && namespace === undefined) throw errors.pathNotFound();
      const created = service.create(type, namespace, body, write);
      sendJson(res, 201, created);
      return 201;
    }
    if (method === 'DELETE') {
      const { items } = service.list(type, namespace, {
        labelSelector: query.get('labelSelector'),
        fieldSelector: query.get('fieldSelector'),
      });
      const deleted = items.map((o) =>
        service.delete(type, o.metadata.namespace, o.metadata.name ?? '', { dryRun: write.dryRun }),
      );
      sendJson(res, 200, listOf(type, target.version, deleted, String(service.store.currentRevision())));
      return 200;
    }
    throw errors.methodNotAllowed(method);
  }

  const name = target.name;
  switch (method) {
    case 'GET': {
      const object = service.get(type, namespace, name, target.version);
      if (wantsTable(accept) && !target.subresource) {
        sendJson(
          res,
          200,
          toTable(
            type,
            [object],
            object.metadata.resourceVersion ?? '',
            service.now(),
            query.get('includeObject') ?? 'Metadata',
          ),
        );
      } else sendJson(res, 200, object);
      return 200;
    }
    case 'PUT': {
      const body = parseBody(
        await readBody(req),
        mediaType(req.headers['content-type']),
        true,
      ) as unknown as KubeObject;
      sendJson(res, 200, service.replace(type, namespace, name, body, write));
      return 200;
    }
    case 'PATCH': {
      const contentType = mediaType(req.headers['content-type']);
      const patchType = PATCH_CONTENT_TYPES[contentType];
      if (!patchType) throw errors.unsupportedMediaType(contentType);
      if (patchType === 'apply' && !query.get('fieldManager'))
        throw errors.badRequest('fieldManager is required for apply requests');
      const force = query.get('force') === 'true';
      if (force && patchType !== 'apply') throw errors.badRequest('force is only allowed for apply patches');
      const body = parseBody(await readBody(req), contentType, patchType === 'apply');
      const existed = service.find(type, namespace, name) !== undefined;
      const result = service.patch(type, namespace, name, patchType, body, { ...write, force });
      const status = existed ? 200 : 201;
      sendJson(res, status, result);
      return status;
    }
    case 'DELETE': {
      const text = await readBody(req);
      const options = text.trim() ? (parseBody(text, 'application/json', false) as JsonObject) : {};
      const dryRun = write.dryRun || (Array.isArray(options.dryRun) && options.dryRun.includes('All'));
      const policy =
        query.get('propagationPolicy') ??
        (typeof options.propagationPolicy === 'string' ? options.propagationPolicy : '');
      const deleted = service.delete(type, namespace, name, { dryRun, orphan: policy === 'Orphan' });
      if (type.kind === 'Pod' || type.kind === 'Namespace') sendJson(res, 200, deleted);
      else {
        sendJson(res, 200, {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Success',
          details: { name, group: type.group, kind: type.resource, uid: deleted.metadata.uid ?? '' },
        });
      }
      return 200;
    }
    default:
      throw errors.methodNotAllowed(method);
  }
}
