/** Requests as the routes see them, a small path router, and JSON answers. */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { fail, GrafanaError } from './errors.js';
import type { Profile } from './profile.js';
import type { GrafanaStore, Role } from './store.js';

const MAX_BODY_BYTES = 32 * 1024 * 1024;

export interface Identity {
  /** `basic` for the configured admin user, `token` for a service-account token. */
  method: 'basic' | 'token' | 'anonymous';
  login: string;
  role: Role;
  userId: number;
}

export interface Request {
  method: string;
  path: string;
  query: URLSearchParams;
  params: Record<string, string>;
  headers: IncomingHttpHeaders;
  identity: Identity;
  /** The body parsed as JSON; 400 when it is not JSON. */
  json(): Json;
  rawBody: string;
}

type Json = Record<string, unknown>;

export interface Answer {
  status: number;
  body?: unknown;
}

export interface RouteContext {
  store: GrafanaStore;
  profile: Profile;
  now: () => Date;
}

export type Handler = (req: Request, ctx: RouteContext) => Answer;

interface RouteEntry {
  method: string;
  pattern: RegExp;
  names: string[];
  handler: Handler;
}

/** Routes `/api/x/:name` patterns; a pattern ending in `*name` takes the rest of the path. */
export class Router {
  private readonly routes: RouteEntry[] = [];

  add(method: string, path: string, handler: Handler): this {
    const names: string[] = [];
    const source = path
      .split('/')
      .map((part) => {
        if (part.startsWith(':')) {
          names.push(part.slice(1));
          return '([^/]+)';
        }
        return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      })
      .join('/');
    this.routes.push({ method, pattern: new RegExp(`^${source}/?$`), names, handler });
    return this;
  }

  match(method: string, path: string): { handler: Handler; params: Record<string, string> } | 'method' | undefined {
    let pathMatched = false;
    for (const route of this.routes) {
      const found = route.pattern.exec(path);
      if (!found) continue;
      pathMatched = true;
      if (route.method !== method) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => (params[name] = decodeURIComponent(found[i + 1] ?? '')));
      return { handler: route.handler, params };
    }
    return pathMatched ? 'method' : undefined;
  }
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new GrafanaError(413, 'request body too large'));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function parseJsonBody(text: string): Json {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw fail.badRequest('bad request data');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw fail.badRequest('bad request data');
  return value as Json;
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (body === undefined) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

/** Role checks as Grafana's basic roles grant them (no RBAC): Viewers read, Editors edit content, Admins all. */
export function requireRole(req: Request, role: Role): void {
  const rank: Record<Role, number> = { Viewer: 0, Editor: 1, Admin: 2 };
  if (rank[req.identity.role] < rank[role]) throw fail.forbidden();
}

export const ok = (body: unknown, status = 200): Answer => ({ status, body });

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function int(value: string | null, fallback: number): number {
  if (value === null || value === '') return fallback;
  const parsed = Number(value);
  return Number.isInteger(parsed) ? parsed : fallback;
}
