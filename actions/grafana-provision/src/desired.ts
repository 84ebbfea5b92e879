/** What the repository declares, typed per kind, as the loader produces it. */
import type { Json } from './canonical-json.js';
import type { FolderPath } from './folder-paths.js';

export interface DesiredFolder {
  path: FolderPath;
  /** From `.folder.yaml`, or derived from the path. */
  uid: string;
  /** The last path segment, or `.folder.yaml`'s title. */
  title: string;
  /** The directory holds dashboards or rule groups (on servers without nested folders only these are created). */
  holdsContent: boolean;
  /** Where it was declared or implied (a directory of the resources folder). */
  source: string;
}

export interface DesiredDashboard {
  uid: string;
  title: string;
  folderPath: FolderPath;
  /** The file's model (as written: normalised only when compared or sent). */
  model: Json;
  /** Full content hash of the normalised model. */
  hash: string;
  source: string;
}

export interface DesiredSecret {
  /** The name of the secret the value came from (`${NAME}` in the file), shown instead of the value. */
  from: string;
  value: string;
}

export interface DesiredDatasource {
  uid: string;
  name: string;
  /** The fields Grafana stores, without secure ones (name, type, access, url, user, database, basicAuth, …). */
  fields: Json;
  /** Secure fields by name; values resolved from secrets, never printed. */
  secure: Record<string, DesiredSecret>;
  hash: string;
  source: string;
}

export interface DesiredRule {
  uid: string;
  /** The rule as Grafana's provisioning API takes it, with defaults filled in. */
  body: Json;
}

export interface DesiredRuleGroup {
  folderPath: FolderPath;
  name: string;
  intervalSeconds: number;
  rules: DesiredRule[];
  hash: string;
  source: string;
}

export interface DesiredContactPoint {
  uid: string;
  name: string;
  type: string;
  /** Non-secure settings. */
  settings: Json;
  secure: Record<string, DesiredSecret>;
  disableResolveMessage: boolean;
  hash: string;
  source: string;
}

export interface DesiredResources {
  folders: DesiredFolder[];
  dashboards: DesiredDashboard[];
  datasources: DesiredDatasource[];
  ruleGroups: DesiredRuleGroup[];
  contactPoints: DesiredContactPoint[];
  warnings: string[];
}
