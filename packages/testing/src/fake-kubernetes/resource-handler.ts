/** Requests to a resource: list, watch, get, create, replace, patch, delete, and the /status subresource. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errors } from './status.js';
import type { JsonObject } from './json.js';
import { mediaType, parseBody, readBody, sendJson } from './http-io.js';
import { PATCH_CONTENT_TYPES, type WriteContext } from './objects.js';
import { apiVersionOf, type ResourceType } from './resources.js';
import type { Route } from './routes.js';
import type { ServerContext } from './server.js';
import { toTable, wantsTable } from './table.js';
import type { KubeObject } from './types.js';

type Resource = Extract<Route, { kind: 'resource' }>;

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

export async function handleResource(
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
