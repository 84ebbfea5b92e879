/** The plan: one item per resource, what would happen to it and why. */
import type {
  DesiredContactPoint,
  DesiredDashboard,
  DesiredDatasource,
  DesiredFolder,
  DesiredRuleGroup,
} from './desired.js';
import type {
  ObservedContactPoint,
  ObservedDashboard,
  ObservedDatasource,
  ObservedFolder,
  ObservedRuleGroup,
} from './observed.js';

export type Verb = 'create' | 'update' | 'unchanged' | 'delete';
export type Kind = 'folder' | 'datasource' | 'contact-point' | 'dashboard' | 'alert-rule-group';

/** One changed field, values shortened for display (secure values never appear). */
export interface FieldChange {
  field: string;
  from?: string;
  to?: string;
}

export interface UiEdit {
  /** What showed the edit: the version moved past the one we wrote, or the content no longer has the hash we wrote. */
  reason: string;
  recordedVersion?: number;
  observedVersion?: number;
}

interface ItemBase<K extends Kind, D, O> {
  kind: K;
  /** Stable identity: uid, or `<folderUid>/<group>` for rule groups. */
  key: string;
  /** What to call it in the plan: a title, name or path. */
  name: string;
  verb: Verb;
  changes: FieldChange[];
  /** Notes for the reader (adopted an existing resource, flattened folder name, …). */
  notes: string[];
  /** Edited in the UI since our last write. */
  uiEdit?: UiEdit;
  /** Why this item is not applied (a UI edit not to overwrite, a folder that holds unmanaged content, …). */
  blocked?: string;
  desired?: D;
  observed?: O;
}

export interface FolderItem extends ItemBase<'folder', DesiredFolder, ObservedFolder> {
  /** The uid the folder has (or will have) on the server: the observed one when an existing folder is adopted. */
  uid: string;
  title: string;
  parentUid?: string;
  depth: number;
}

export interface DashboardItem extends ItemBase<'dashboard', DesiredDashboard, ObservedDashboard> {
  folderUid: string;
}

export interface DatasourceItem extends ItemBase<'datasource', DesiredDatasource, ObservedDatasource> {
  /** Secure fields to send with this write (by name); the others are kept by Grafana. */
  secureToSend: string[];
}

export interface RuleGroupItem extends ItemBase<'alert-rule-group', DesiredRuleGroup, ObservedRuleGroup> {
  folderUid: string;
}

export interface ContactPointItem extends ItemBase<'contact-point', DesiredContactPoint, ObservedContactPoint> {
  secureToSend: string[];
}

export type PlanItem = FolderItem | DashboardItem | DatasourceItem | RuleGroupItem | ContactPointItem;

export interface Plan {
  /** In the order to apply: folders parents first, data sources, contact points, dashboards, rule groups; then
   * deletions in reverse (rule groups, dashboards, contact points, data sources, folders deepest first). */
  items: PlanItem[];
  /** Items per verb that would be applied (blocked ones not counted). */
  counts: Record<Verb, number>;
  blocked: number;
  /** Something would be written. */
  changed: boolean;
  /** The server differs from the repository, applied or not (includes blocked items): what a dry run reports. */
  drift: boolean;
  warnings: string[];
}

export interface PlanOptions {
  /** Delete owned resources that are no longer in the repository. */
  prune: boolean;
  /** Overwrite resources edited in the UI since our last write (otherwise they are blocked). */
  overwriteUiEdits: boolean;
  /** Re-send every secure field even where the server has one. */
  rotateSecrets: boolean;
  /** Rule groups are written with X-Disable-Provenance (editable in the UI). */
  disableProvenance: boolean;
}
