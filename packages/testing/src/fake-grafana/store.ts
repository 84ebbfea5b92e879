/** The fake's state: one organisation's folders, dashboards, data sources, alerting resources, accounts, annotations. */
export type Json = Record<string, unknown>;
export type Role = 'Admin' | 'Editor' | 'Viewer';

export interface Folder {
  id: number;
  uid: string;
  title: string;
  description?: string;
  /** Only set where the profile has nested folders. */
  parentUid?: string;
  version: number;
  created: string;
  updated: string;
  createdBy: string;
  updatedBy: string;
  /** /apis bookkeeping: bumped on every change (global counter) and on spec changes. */
  resourceVersion: number;
  generation: number;
  k8sUid: string;
}

export interface DashboardVersion {
  id: number;
  version: number;
  parentVersion: number;
  restoredFrom: number;
  created: string;
  createdBy: string;
  message: string;
  data: Json;
}

export interface Dashboard {
  id: number;
  uid: string;
  /** '' is the root (General) folder. */
  folderUid: string;
  /** The stored model, with id, uid and version set as Grafana keeps them. */
  json: Json;
  version: number;
  created: string;
  updated: string;
  createdBy: string;
  updatedBy: string;
  /** Provisioned from a file on the server: the API may not save or delete it. */
  provisioned: boolean;
  provisionedExternalId: string;
  versions: DashboardVersion[];
  resourceVersion: number;
  k8sUid: string;
}

export interface DataSource {
  id: number;
  uid: string;
  name: string;
  type: string;
  access: string;
  url: string;
  user: string;
  database: string;
  basicAuth: boolean;
  basicAuthUser: string;
  withCredentials: boolean;
  isDefault: boolean;
  jsonData: Json;
  /** Write-only values: never answered, only their names as `secureJsonFields`. */
  secureJsonData: Record<string, string>;
  version: number;
  readOnly: boolean;
}

export type Provenance = '' | 'api' | 'file';

export interface AlertRule {
  id: number;
  uid: string;
  folderUID: string;
  ruleGroup: string;
  title: string;
  condition: string;
  data: unknown[];
  noDataState: string;
  execErrState: string;
  for: string;
  annotations: Record<string, string>;
  labels: Record<string, string>;
  isPaused: boolean;
  provenance: Provenance;
  updated: string;
}

export interface ContactPoint {
  uid: string;
  name: string;
  type: string;
  settings: Json;
  disableResolveMessage: boolean;
  provenance: Provenance;
}

export interface ServiceAccount {
  id: number;
  uid: string;
  name: string;
  login: string;
  role: Role;
  isDisabled: boolean;
}

export interface ServiceAccountToken {
  id: number;
  serviceAccountId: number;
  name: string;
  /** SHA-256 of the key: the key itself is shown once, when created. */
  keyHash: string;
  created: string;
  /** Epoch milliseconds; undefined when the token never expires. */
  expires?: number;
  lastUsedAt?: string;
}

export interface Annotation {
  id: number;
  dashboardUID: string;
  dashboardId: number;
  panelId: number;
  time: number;
  timeEnd: number;
  text: string;
  tags: string[];
  created: number;
  updated: number;
  userId: number;
  login: string;
}

export class GrafanaStore {
  readonly folders = new Map<string, Folder>();
  readonly dashboards = new Map<string, Dashboard>();
  readonly datasources = new Map<string, DataSource>();
  readonly alertRules = new Map<string, AlertRule>();
  /** `${folderUid}/${group}` → evaluation interval in seconds. */
  readonly ruleGroupIntervals = new Map<string, number>();
  readonly contactPoints = new Map<string, ContactPoint>();
  readonly serviceAccounts = new Map<number, ServiceAccount>();
  readonly tokens = new Map<number, ServiceAccountToken>();
  readonly annotations = new Map<number, Annotation>();
  private readonly counters = new Map<string, number>();

  nextId(kind: string): number {
    const next = (this.counters.get(kind) ?? 0) + 1;
    this.counters.set(kind, next);
    return next;
  }

  /** One increasing resourceVersion for everything the /apis endpoints serve, as an API server keeps it. */
  nextResourceVersion(): number {
    return this.nextId('resourceVersion');
  }

  dashboardsIn(folderUid: string): Dashboard[] {
    return [...this.dashboards.values()].filter((d) => d.folderUid === folderUid);
  }

  rulesIn(folderUid: string): AlertRule[] {
    return [...this.alertRules.values()].filter((r) => r.folderUID === folderUid);
  }

  childFolders(parentUid: string | undefined): Folder[] {
    return [...this.folders.values()].filter((f) => (f.parentUid ?? '') === (parentUid ?? ''));
  }

  /** The folder and every folder below it, deepest first. */
  folderTree(uid: string): Folder[] {
    const below = this.childFolders(uid).flatMap((child) => this.folderTree(child.uid));
    const self = this.folders.get(uid);
    return self ? [...below, self] : below;
  }

  ancestors(uid: string): Folder[] {
    const chain: Folder[] = [];
    let current = this.folders.get(uid)?.parentUid;
    while (current) {
      const folder = this.folders.get(current);
      if (!folder) break;
      chain.unshift(folder);
      current = folder.parentUid;
    }
    return chain;
  }
}

export function slugify(title: string): string {
  return title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Grafana's rule for uids it accepts: at most 40 of [a-zA-Z0-9-_]. */
export function checkUid(uid: string, what: string): string | undefined {
  if (uid.length > 40) return `${what} uid too long, max 40 characters`;
  if (!/^[a-zA-Z0-9\-_]*$/.test(uid)) return `${what} uid contains illegal characters`;
  return undefined;
}

const UID_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export function generateUid(random: () => number = Math.random): string {
  let uid = '';
  for (let i = 0; i < 14; i += 1) uid += UID_ALPHABET[Math.floor(random() * UID_ALPHABET.length)];
  return uid;
}
