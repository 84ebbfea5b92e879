/**
 * A fake Grafana HTTP server for tests and the demo, following the documented HTTP API with a version profile
 * (9.5, 10.4, 11.6, 12.x). See README.md in this folder for what it models and what not. Never shipped in dist/.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestCa } from '../tls.js';
import { Authenticator, type BasicAuthUser } from './auth.js';
import type { RouteContext } from './http.js';
import { profileFor, type FeatureToggles, type GrafanaVersion, type Profile } from './profile.js';
import { createServiceAccount, createToken } from './routes/service-accounts.js';
import { createRequestHandler, type Fault, type RequestRecord } from './server.js';
import { GrafanaStore, type Role } from './store.js';
import { createUi, type GrafanaUi } from './ui.js';

export type { GrafanaVersion, FeatureToggles, Profile as GrafanaProfile } from './profile.js';
export type { Fault as GrafanaFault, RequestRecord as GrafanaRequestRecord } from './server.js';
export type { GrafanaUi } from './ui.js';
export type {
  GrafanaStore,
  AlertRule as GrafanaAlertRule,
  Annotation as GrafanaAnnotation,
  ContactPoint as GrafanaContactPoint,
  Dashboard as GrafanaDashboard,
  DashboardVersion as GrafanaDashboardVersion,
  DataSource as GrafanaDataSource,
  Folder as GrafanaFolder,
  Provenance as GrafanaProvenance,
  Role as GrafanaRole,
  ServiceAccount as GrafanaServiceAccount,
  ServiceAccountToken as GrafanaServiceAccountToken,
} from './store.js';
export { FOLDER_ANNOTATION } from './routes/kubernetes-apis.js';
export { startFakeAmg, type FakeAmg, type FakeAmgOptions, type AmgRequestRecord } from './amg.js';

export interface FakeGrafanaOptions {
  version: GrafanaVersion;
  /** Accept this admin user with basic auth (Grafana's bootstrap login); without it only tokens work. */
  basicAuth?: BasicAuthUser;
  featureToggles?: FeatureToggles;
  /** The server's clock (token expiry, timestamps, annotation defaults). */
  now?: () => Date;
  /** Serve HTTPS with a certificate from a throwaway test CA (for CA-bundle tests); plain HTTP by default. */
  tls?: boolean;
}

export interface IssuedToken {
  key: string;
  tokenId: number;
  serviceAccountId: number;
}

export interface FakeGrafana {
  /** http://127.0.0.1:PORT (https:// with `tls`). */
  url: string;
  /** With `tls`: the CA certificate (PEM file and text) that signed the server certificate (SANs 127.0.0.1, localhost). */
  caCertPath?: string;
  caPem?: string;
  profile: Profile;
  /** Every request answered, in order: method, path, query, status, how it authenticated. */
  requests: RequestRecord[];
  /** TCP (or TLS) connections accepted so far: kept-alive clients reuse theirs. */
  readonly connections: number;
  /** Requests that could change state (anything but GET and HEAD). */
  writeRequests(): RequestRecord[];
  /** The state, to assert on (and to read what the API does not show, such as stored secure values). */
  store: GrafanaStore;
  /** Edits made as a UI user would. */
  ui: GrafanaUi;
  /** Makes the next matching request(s) fail with a status (or a dropped connection) before they are handled. */
  injectFault(fault: Fault): void;
  /** A service account with a role and a token for it, as an admin would make them in the UI. */
  createServiceAccountToken(options?: { role?: Role; name?: string; secondsToLive?: number }): IssuedToken;
  /** A new token for an existing service account (what Amazon Managed Grafana's control plane does). */
  issueToken(serviceAccountId: number, name: string, secondsToLive?: number): IssuedToken;
  /** Removes a token (e.g. when the control plane deletes it); false when there was none. */
  revokeToken(serviceAccountId: number, tokenId: number): boolean;
  stop(): Promise<void>;
}

export async function startFakeGrafana(options: FakeGrafanaOptions): Promise<FakeGrafana> {
  const profile = profileFor(options.version, options.featureToggles);
  const store = new GrafanaStore();
  const now = options.now ?? (() => new Date());
  const ctx: RouteContext = { store, profile, now };
  const auth = new Authenticator(store, options.basicAuth, now);
  const requests: RequestRecord[] = [];
  const faults: Fault[] = [];
  const handler = createRequestHandler(ctx, auth, requests, faults);
  const tlsDir = options.tls ? mkdtempSync(join(tmpdir(), 'fake-grafana-')) : undefined;
  const ca = tlsDir ? createTestCa(join(tlsDir, 'ca')) : undefined;
  const leaf = ca?.issue(['127.0.0.1', 'localhost']);
  const server: Server = leaf
    ? createHttpsServer({ cert: readFileSync(leaf.certPath), key: readFileSync(leaf.keyPath) }, handler)
    : createServer(handler);
  // Grafana's Go net/http server keeps HTTP/1.1 connections open while idle and announces no Keep-Alive timeout;
  // Node's default (Keep-Alive: timeout=5) or a short one (timeout=1 makes Node's agent drop every socket) would not.
  server.keepAliveTimeout = 0;
  let connections = 0;
  server.on('connection', () => {
    connections += 1;
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let accounts = 0;

  const issueToken = (serviceAccountId: number, name: string, secondsToLive?: number): IssuedToken => {
    const account = store.serviceAccounts.get(serviceAccountId);
    if (!account) throw new Error(`fake Grafana: no service account ${serviceAccountId}`);
    const { token, key } = createToken(ctx, account, name, secondsToLive);
    return { key, tokenId: token.id, serviceAccountId };
  };

  return {
    url: `${leaf ? 'https' : 'http'}://127.0.0.1:${port}`,
    ...(ca ? { caCertPath: ca.caCertPath, caPem: readFileSync(ca.caCertPath, 'utf8') } : {}),
    profile,
    requests,
    get connections() {
      return connections;
    },
    writeRequests: () => requests.filter((r) => r.method !== 'GET' && r.method !== 'HEAD'),
    store,
    ui: createUi(ctx),
    injectFault: (fault) => void faults.push({ ...fault }),
    createServiceAccountToken(opts = {}) {
      accounts += 1;
      const account = createServiceAccount(ctx, opts.name ?? `test-account-${accounts}`, opts.role ?? 'Admin');
      return issueToken(account.id, `${account.name}-token`, opts.secondsToLive);
    },
    issueToken,
    revokeToken(serviceAccountId, tokenId) {
      const token = store.tokens.get(tokenId);
      if (!token || token.serviceAccountId !== serviceAccountId) return false;
      return store.tokens.delete(tokenId);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          if (tlsDir) rmSync(tlsDir, { recursive: true, force: true });
          resolve();
        });
      }),
  };
}
