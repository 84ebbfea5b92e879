/** The HTTP face of the fake: authentication, routing, discovery documents, and Status bodies for failures. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, errors } from './status.js';
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
import { sendJson } from './http-io.js';
import { openApiV3Group, openApiV3Root } from './openapi.js';
import type { ObjectService } from './objects.js';
import type { ResourceRegistry } from './resources.js';
import { handleResource } from './resource-handler.js';
import { route } from './routes.js';
import type { WatchHub } from './watch.js';

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
