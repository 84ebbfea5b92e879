/**
 * Who a request is: a service-account token (`Authorization: Bearer glsa_…`) made through the API, or the admin user
 * with basic auth when the fake was started with one. Anything else is 401, as Grafana answers with anonymous
 * access off (https://grafana.com/docs/grafana/latest/developers/http_api/authentication/).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { fail } from './errors.js';
import type { Identity } from './http.js';
import type { GrafanaStore, ServiceAccountToken } from './store.js';

export interface BasicAuthUser {
  user: string;
  password: string;
}

export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** A key shaped as Grafana makes them: `glsa_` + 32 random characters + `_` + 8 hex digits of a checksum. */
export function newTokenKey(): string {
  const secret = randomBytes(24).toString('base64url').slice(0, 32);
  const checksum = createHash('sha256').update(`glsa_${secret}`).digest('hex').slice(0, 8);
  return `glsa_${secret}_${checksum}`;
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export class Authenticator {
  constructor(
    private readonly store: GrafanaStore,
    private readonly basic: BasicAuthUser | undefined,
    private readonly now: () => Date,
  ) {}

  authenticate(header: string | undefined): Identity {
    if (!header) throw fail.unauthorized();
    const [scheme = '', ...rest] = header.trim().split(/\s+/);
    const credential = rest.join(' ');
    if (scheme.toLowerCase() === 'bearer') return this.bearer(credential);
    if (scheme.toLowerCase() === 'basic') return this.basicUser(credential);
    throw fail.unauthorized();
  }

  private bearer(key: string): Identity {
    const hash = hashKey(key);
    const token = [...this.store.tokens.values()].find((t) => sameText(t.keyHash, hash));
    if (!token) throw fail.unauthorized('Invalid API key');
    if (this.expired(token)) throw fail.unauthorized('API key has expired');
    const account = this.store.serviceAccounts.get(token.serviceAccountId);
    if (!account || account.isDisabled) throw fail.unauthorized('Invalid API key');
    token.lastUsedAt = this.now().toISOString();
    return { method: 'token', login: account.login, role: account.role, userId: account.id };
  }

  private basicUser(encoded: string): Identity {
    if (!this.basic) throw fail.unauthorized('Invalid username or password');
    const decoded = Buffer.from(encoded, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const user = colon < 0 ? decoded : decoded.slice(0, colon);
    const password = colon < 0 ? '' : decoded.slice(colon + 1);
    if (!sameText(user, this.basic.user) || !sameText(password, this.basic.password)) {
      throw fail.unauthorized('Invalid username or password');
    }
    return { method: 'basic', login: this.basic.user, role: 'Admin', userId: 1 };
  }

  expired(token: ServiceAccountToken): boolean {
    return token.expires !== undefined && token.expires <= this.now().getTime();
  }
}
