/**
 * Service accounts and their tokens: create (201), search, read, update, delete; tokens with an optional
 * `secondsToLive`, whose key is answered once and only stored hashed
 * (https://grafana.com/docs/grafana/latest/developers/http_api/serviceaccount/).
 */
import { randomUUID } from 'node:crypto';
import { fail } from '../errors.js';
import { hashKey, newTokenKey } from '../auth.js';
import { int, ok, requireRole, str, type RouteContext, type Router } from '../http.js';
import { slugify, type Json, type Role, type ServiceAccount, type ServiceAccountToken } from '../store.js';

const ROLES: Role[] = ['Admin', 'Editor', 'Viewer'];

export function createServiceAccount(
  ctx: RouteContext,
  name: string,
  role: Role = 'Viewer',
  isDisabled = false,
): ServiceAccount {
  if (!name.trim()) throw fail.badRequest('name is required');
  if (!ROLES.includes(role)) throw fail.badRequest(`invalid role: ${String(role)}`);
  const login = `sa-${slugify(name)}`;
  if ([...ctx.store.serviceAccounts.values()].some((sa) => sa.login === login || sa.name === name)) {
    throw fail.badRequest('service account already exists');
  }
  const account: ServiceAccount = {
    id: ctx.store.nextId('user') + 1,
    uid: randomUUID().slice(0, 14),
    name,
    login,
    role,
    isDisabled,
  };
  ctx.store.serviceAccounts.set(account.id, account);
  return account;
}

export function createToken(
  ctx: RouteContext,
  account: ServiceAccount,
  name: string,
  secondsToLive?: number,
): { token: ServiceAccountToken; key: string } {
  if (!name.trim()) throw fail.badRequest('name is required');
  if (secondsToLive !== undefined && (!Number.isInteger(secondsToLive) || secondsToLive < 0)) {
    throw fail.badRequest('secondsToLive must be a positive whole number of seconds');
  }
  if ([...ctx.store.tokens.values()].some((t) => t.serviceAccountId === account.id && t.name === name)) {
    throw fail.conflict('service account token with given name already exists in the organization');
  }
  const key = newTokenKey();
  const now = ctx.now().getTime();
  const token: ServiceAccountToken = {
    id: ctx.store.nextId('token'),
    serviceAccountId: account.id,
    name,
    keyHash: hashKey(key),
    created: new Date(now).toISOString(),
    ...(secondsToLive ? { expires: now + secondsToLive * 1000 } : {}),
  };
  ctx.store.tokens.set(token.id, token);
  return { token, key };
}

function accountView(ctx: RouteContext, sa: ServiceAccount): Json {
  const tokens = [...ctx.store.tokens.values()].filter((t) => t.serviceAccountId === sa.id).length;
  return {
    id: sa.id,
    uid: sa.uid,
    name: sa.name,
    login: sa.login,
    orgId: 1,
    isDisabled: sa.isDisabled,
    role: sa.role,
    tokens,
    avatarUrl: '/avatar/fake',
  };
}

function tokenView(ctx: RouteContext, t: ServiceAccountToken): Json {
  const now = ctx.now().getTime();
  return {
    id: t.id,
    name: t.name,
    created: t.created,
    lastUsedAt: t.lastUsedAt ?? null,
    expiration: t.expires === undefined ? null : new Date(t.expires).toISOString(),
    secondsUntilExpiration: t.expires === undefined ? 0 : Math.max(0, Math.round((t.expires - now) / 1000)),
    hasExpired: t.expires !== undefined && t.expires <= now,
    isRevoked: false,
  };
}

function findAccount(ctx: RouteContext, id: string | undefined): ServiceAccount {
  const account = ctx.store.serviceAccounts.get(Number(id));
  if (!account) throw fail.notFound('service account not found');
  return account;
}

export function registerServiceAccounts(router: Router): void {
  router.add('POST', '/api/serviceaccounts', (req, ctx) => {
    requireRole(req, 'Admin');
    const body = req.json();
    const sa = createServiceAccount(
      ctx,
      str(body.name) ?? '',
      (str(body.role) as Role | undefined) ?? 'Viewer',
      body.isDisabled === true,
    );
    return ok(accountView(ctx, sa), 201);
  });
  router.add('GET', '/api/serviceaccounts/search', (req, ctx) => {
    requireRole(req, 'Admin');
    const query = (req.query.get('query') ?? '').toLowerCase();
    const perPage = Math.max(int(req.query.get('perpage'), 1000), 1);
    const page = Math.max(int(req.query.get('page'), 1), 1);
    const found = [...ctx.store.serviceAccounts.values()].filter(
      (sa) => sa.name.toLowerCase().includes(query) || sa.login.includes(query),
    );
    return ok({
      totalCount: found.length,
      serviceAccounts: found.slice((page - 1) * perPage, page * perPage).map((sa) => accountView(ctx, sa)),
      page,
      perPage,
    });
  });
  router.add('GET', '/api/serviceaccounts/:id', (req, ctx) => {
    requireRole(req, 'Admin');
    return ok(accountView(ctx, findAccount(ctx, req.params.id)));
  });
  router.add('PATCH', '/api/serviceaccounts/:id', (req, ctx) => {
    requireRole(req, 'Admin');
    const sa = findAccount(ctx, req.params.id);
    const body = req.json();
    if (str(body.name)) sa.name = str(body.name) ?? sa.name;
    if (str(body.role)) {
      if (!ROLES.includes(body.role as Role)) throw fail.badRequest(`invalid role: ${String(body.role)}`);
      sa.role = body.role as Role;
    }
    if (typeof body.isDisabled === 'boolean') sa.isDisabled = body.isDisabled;
    return ok({ id: sa.id, name: sa.name, message: 'Service account updated', serviceaccount: accountView(ctx, sa) });
  });
  router.add('DELETE', '/api/serviceaccounts/:id', (req, ctx) => {
    requireRole(req, 'Admin');
    const sa = findAccount(ctx, req.params.id);
    for (const t of [...ctx.store.tokens.values()]) if (t.serviceAccountId === sa.id) ctx.store.tokens.delete(t.id);
    ctx.store.serviceAccounts.delete(sa.id);
    return ok({ message: 'Service account deleted' });
  });

  router.add('GET', '/api/serviceaccounts/:id/tokens', (req, ctx) => {
    requireRole(req, 'Admin');
    const sa = findAccount(ctx, req.params.id);
    return ok([...ctx.store.tokens.values()].filter((t) => t.serviceAccountId === sa.id).map((t) => tokenView(ctx, t)));
  });
  router.add('POST', '/api/serviceaccounts/:id/tokens', (req, ctx) => {
    requireRole(req, 'Admin');
    const sa = findAccount(ctx, req.params.id);
    const body = req.json();
    const seconds =
      body.secondsToLive === undefined || body.secondsToLive === null ? undefined : Number(body.secondsToLive);
    const { token, key } = createToken(ctx, sa, str(body.name) ?? '', seconds);
    return ok({ id: token.id, name: token.name, key });
  });
  router.add('DELETE', '/api/serviceaccounts/:id/tokens/:tokenId', (req, ctx) => {
    requireRole(req, 'Admin');
    const sa = findAccount(ctx, req.params.id);
    const token = ctx.store.tokens.get(Number(req.params.tokenId));
    if (!token || token.serviceAccountId !== sa.id) throw fail.notFound('service account token not found');
    ctx.store.tokens.delete(token.id);
    return ok({ message: 'Service account token deleted' });
  });
}
