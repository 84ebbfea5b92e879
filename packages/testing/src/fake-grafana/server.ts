/** The HTTP face of the fake: authentication, injected faults, routing, and the request log. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Authenticator } from './auth.js';
import { GrafanaError } from './errors.js';
import { parseJsonBody, readBody, Router, sendJson, type Identity, type RouteContext } from './http.js';
import { registerAlerting } from './routes/alerting.js';
import { registerAnnotations } from './routes/annotations.js';
import { registerDashboards } from './routes/dashboards.js';
import { registerDatasources } from './routes/datasources.js';
import { registerFolders } from './routes/folders.js';
import { registerHealth } from './routes/health.js';
import { isKubernetesPath, kubernetesStatus, registerKubernetesApis } from './routes/kubernetes-apis.js';
import { registerSearch } from './routes/search.js';
import { registerServiceAccounts } from './routes/service-accounts.js';

export interface RequestRecord {
  method: string;
  path: string;
  query: string;
  status: number;
  /** How the caller authenticated (`none` when it did not, or failed). */
  auth: Identity['method'] | 'none';
  /** The X-Disable-Provenance header was sent. */
  disableProvenance: boolean;
  userAgent: string;
}

export interface Fault {
  method?: string;
  /** An exact path or a pattern for it. */
  path: string | RegExp;
  /** The status answered instead (ignored with `drop` and `loseAnswer`). */
  status: number;
  body?: unknown;
  /** How many matching requests fail (default 1). */
  times?: number;
  /** Close the connection without an answer instead (a network failure). */
  drop?: boolean;
  /** Handle the request, then close the connection instead of answering: the write happened, the caller cannot know. */
  loseAnswer?: boolean;
}

const OPEN_PATHS = new Set(['/api/health']);

export function buildRouter(ctx: RouteContext): Router {
  const router = new Router();
  registerHealth(router);
  registerSearch(router);
  registerDashboards(router);
  registerFolders(router);
  registerDatasources(router);
  registerAlerting(router);
  registerServiceAccounts(router);
  registerAnnotations(router);
  if (ctx.profile.kubernetesApis) registerKubernetesApis(router);
  return router;
}

export function createRequestHandler(
  ctx: RouteContext,
  auth: Authenticator,
  requests: RequestRecord[],
  faults: Fault[],
): (req: IncomingMessage, res: ServerResponse) => void {
  const router = buildRouter(ctx);
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake.invalid');
    const method = (req.method ?? 'GET').toUpperCase();
    const record = (status: number, identity?: Identity) =>
      requests.push({
        method,
        path: url.pathname,
        query: url.search,
        status,
        auth: identity?.method ?? 'none',
        disableProvenance: req.headers['x-disable-provenance'] !== undefined,
        userAgent: req.headers['user-agent'] ?? '',
      });
    const answerError = (error: unknown, identity?: Identity) => {
      const known =
        error instanceof GrafanaError
          ? error
          : new GrafanaError(500, `fake Grafana error: ${(error as Error).message}`);
      const body =
        isKubernetesPath(url.pathname) && !(known.body().kind === 'Status') ? kubernetesStatus(known) : known.body();
      sendJson(res, known.status, body);
      record(known.status, identity);
    };

    const fault = faults.find(
      (f) =>
        (!f.method || f.method === method) &&
        (typeof f.path === 'string' ? f.path === url.pathname : f.path.test(url.pathname)),
    );
    if (fault) {
      fault.times = (fault.times ?? 1) - 1;
      if (fault.times <= 0) faults.splice(faults.indexOf(fault), 1);
    }
    if (fault && !fault.loseAnswer) {
      record(fault.drop ? 0 : fault.status);
      if (fault.drop) {
        req.socket.destroy();
        return;
      }
      sendJson(res, fault.status, fault.body ?? { message: `injected fault ${fault.status}` });
      return;
    }

    let identity: Identity | undefined;
    readBody(req)
      .then((rawBody) => {
        identity = OPEN_PATHS.has(url.pathname)
          ? { method: 'anonymous', login: '', role: 'Viewer', userId: 0 }
          : auth.authenticate(req.headers.authorization);
        const found = router.match(method, url.pathname);
        if (found === undefined) throw new GrafanaError(404, 'Not found');
        if (found === 'method') throw new GrafanaError(405, 'Method Not Allowed');
        if (found.params.ns !== undefined && found.params.ns !== 'default') {
          throw new GrafanaError(404, `namespaces "${found.params.ns}" not found`);
        }
        let parsed: Record<string, unknown> | undefined;
        const answer = found.handler(
          {
            method,
            path: url.pathname,
            query: url.searchParams,
            params: found.params,
            headers: req.headers,
            identity,
            rawBody,
            json: () => (parsed ??= parseJsonBody(rawBody)),
          },
          ctx,
        );
        record(fault?.loseAnswer ? 0 : answer.status, identity);
        if (fault?.loseAnswer) req.socket.destroy();
        else sendJson(res, answer.status, answer.body);
      })
      .catch((error: unknown) => answerError(error, identity));
  };
}
