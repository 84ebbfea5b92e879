/** What the server holds, as the runner reads it (list endpoints first; full models where it has them). */
import type { Json } from './canonical-json.js';

export interface ObservedFolder {
  uid: string;
  title: string;
  /** Set only where the server nests folders. */
  parentUid?: string;
  version?: number;
}

export interface ObservedDashboard {
  uid: string;
  title: string;
  /** '' for General. */
  folderUid: string;
  tags: string[];
  /** Known from GET /api/dashboards/uid (meta.version) or /apis (metadata.generation); not from search. */
  version?: number;
  /** /apis only: metadata.resourceVersion from the list, sent back with the PUT (409 when it moved since). */
  resourceVersion?: string;
  /** The stored model, when read; without it the marker's hash stands for the content. */
  model?: Json;
  provisioned?: boolean;
}

export interface ObservedDatasource {
  uid: string;
  name: string;
  /** As GET /api/datasources/uid answers: name, type, access, url, user, database, basicAuth, …, jsonData. */
  fields: Json;
  version?: number;
  /** Names of the secure fields that are set (secureJsonFields). */
  secureFields: string[];
  readOnly?: boolean;
}

export interface ObservedRule {
  uid: string;
  /** As the provisioning API answers a rule. */
  body: Json;
  provenance: string;
}

export interface ObservedRuleGroup {
  folderUid: string;
  name: string;
  intervalSeconds: number;
  rules: ObservedRule[];
}

export interface ObservedContactPoint {
  uid: string;
  name: string;
  type: string;
  /** Settings with secure ones answered as "[REDACTED]". */
  settings: Json;
  disableResolveMessage: boolean;
  provenance?: string;
}

export interface ObservedState {
  /** The server nests folders (11+, or 10.x with the feature toggle). */
  nestedFolders: boolean;
  folders: ObservedFolder[];
  dashboards: ObservedDashboard[];
  datasources: ObservedDatasource[];
  ruleGroups: ObservedRuleGroup[];
  contactPoints: ObservedContactPoint[];
}
