/**
 * The plan: desired resources against what the server holds → one item per resource (create / update / unchanged /
 * delete), in the order to apply them. Deletions only with prune, only of resources carrying our marker, and never
 * of a folder that would take unmanaged dashboards, alert rules or folders with it (deleting a folder cascades).
 */
import type { DesiredResources } from './desired.js';
import { isOwnedUid } from './marker.js';
import type { ObservedDashboard, ObservedFolder, ObservedState } from './observed.js';
import {
  orphanContactPoints,
  orphanRuleGroups,
  ownedRules,
  planContactPoints,
  planRuleGroups,
  ruleGroupKey,
} from './plan-alerting.js';
import { orphanDashboards, planDashboards } from './plan-dashboards.js';
import { orphanDatasources, planDatasources } from './plan-datasources.js';
import { planFolders } from './plan-folders.js';
import type { FolderItem, Plan, PlanItem, PlanOptions, Verb } from './plan-types.js';

export const DEFAULT_PLAN_OPTIONS: PlanOptions = {
  prune: false,
  overwriteUiEdits: false,
  rotateSecrets: false,
  disableProvenance: false,
};

const APPLY_ORDER: PlanItem['kind'][] = ['folder', 'datasource', 'contact-point', 'dashboard', 'alert-rule-group'];

function depthOf(folders: readonly ObservedFolder[], uid: string): number {
  let depth = 1;
  let parent = folders.find((f) => f.uid === uid)?.parentUid;
  while (parent && depth <= folders.length) {
    depth += 1;
    const next = folders.find((f) => f.uid === parent)?.parentUid;
    parent = next;
  }
  return depth;
}

interface Deletions {
  items: PlanItem[];
  orphans: number;
}

function plannedDeletions(
  desired: DesiredResources,
  observed: ObservedState,
  claimedFolders: ReadonlySet<string>,
  adopted: { datasources: Set<string>; contactPoints: Set<string> },
  movedAway: ReadonlySet<string>,
  desiredGroupKeys: ReadonlySet<string>,
): Deletions {
  const items: PlanItem[] = [];
  const dashboards = orphanDashboards(desired.dashboards, observed.dashboards);
  const deletedDashboards = new Set(dashboards.filter((d) => !d.provisioned).map((d) => d.uid));
  for (const d of dashboards) {
    items.push({
      kind: 'dashboard',
      key: d.uid,
      name: d.title,
      verb: 'delete',
      folderUid: d.folderUid,
      changes: [],
      notes: [],
      observed: d,
      ...(d.provisioned ? { blocked: 'provisioned from a file on the server' } : {}),
    });
  }
  const groups = orphanRuleGroups(desiredGroupKeys, observed.ruleGroups);
  const deletedGroups = new Set<string>();
  for (const g of groups) {
    const { others } = ownedRules(g);
    const blocked = others > 0 ? `holds ${others} rule(s) not written by grafana-provision` : undefined;
    if (!blocked) deletedGroups.add(ruleGroupKey(g.folderUid, g.name));
    items.push({
      kind: 'alert-rule-group',
      key: ruleGroupKey(g.folderUid, g.name),
      name: g.name,
      verb: 'delete',
      folderUid: g.folderUid,
      changes: [],
      notes: [],
      observed: g,
      ...(blocked ? { blocked } : {}),
    });
  }
  for (const c of orphanContactPoints(desired.contactPoints, observed.contactPoints, adopted.contactPoints)) {
    items.push({
      kind: 'contact-point',
      key: c.uid,
      name: c.name,
      verb: 'delete',
      changes: [],
      notes: [],
      secureToSend: [],
      observed: c,
    });
  }
  for (const ds of orphanDatasources(desired.datasources, observed.datasources, adopted.datasources)) {
    items.push({
      kind: 'datasource',
      key: ds.uid,
      name: ds.name,
      verb: 'delete',
      changes: [],
      notes: [],
      secureToSend: [],
      observed: ds,
      ...(ds.readOnly ? { blocked: 'read-only (provisioned from a file on the server)' } : {}),
    });
  }

  // Folders: ours (derived uid), no longer declared; deepest first, so a parent sees whether its children go.
  const candidates = observed.folders
    .filter((f) => isOwnedUid(f.uid) && !claimedFolders.has(f.uid))
    .sort((a, b) => depthOf(observed.folders, b.uid) - depthOf(observed.folders, a.uid));
  const deletedFolders = new Set<string>();
  const stays = (d: ObservedDashboard) => !deletedDashboards.has(d.uid) && !movedAway.has(d.uid);
  for (const folder of candidates) {
    const reasons: string[] = [];
    const keptBoards = observed.dashboards.filter((d) => d.folderUid === folder.uid && stays(d));
    if (keptBoards.length > 0)
      reasons.push(`holds dashboard(s) not deleted by this plan: ${keptBoards.map((d) => `"${d.title}"`).join(', ')}`);
    const keptGroups = observed.ruleGroups.filter(
      (g) =>
        g.folderUid === folder.uid &&
        !deletedGroups.has(ruleGroupKey(g.folderUid, g.name)) &&
        !desiredGroupKeys.has(ruleGroupKey(g.folderUid, g.name)),
    );
    if (keptGroups.length > 0)
      reasons.push(
        `holds alert rule group(s) not deleted by this plan: ${keptGroups.map((g) => `"${g.name}"`).join(', ')}`,
      );
    const keptChildren = observed.folders.filter((f) => f.parentUid === folder.uid && !deletedFolders.has(f.uid));
    if (keptChildren.length > 0)
      reasons.push(`holds folder(s) that stay: ${keptChildren.map((f) => `"${f.title}"`).join(', ')}`);
    if (reasons.length === 0) deletedFolders.add(folder.uid);
    const item: FolderItem = {
      kind: 'folder',
      key: folder.uid,
      name: folder.title,
      uid: folder.uid,
      title: folder.title,
      depth: depthOf(observed.folders, folder.uid),
      verb: 'delete',
      changes: [],
      notes: [],
      observed: folder,
      ...(reasons.length > 0
        ? { blocked: `kept: deleting a folder deletes what it holds, and it ${reasons.join('; ')}` }
        : {}),
    };
    items.push(item);
  }
  return { items, orphans: items.length };
}

function deletionRank(item: PlanItem): number {
  return APPLY_ORDER.length - APPLY_ORDER.indexOf(item.kind);
}

export function buildPlan(
  desired: DesiredResources,
  observed: ObservedState,
  options: PlanOptions = DEFAULT_PLAN_OPTIONS,
): Plan {
  const folders = planFolders(desired.folders, observed.folders, observed.nestedFolders);
  const titles = new Map<string, string>([
    ...observed.folders.map((f) => [f.uid, f.title] as const),
    ...folders.items.map((f) => [f.uid, f.title] as const),
  ]);
  const folderTitle = (uid: string) => (uid ? (titles.get(uid) ?? uid) : 'General');
  const datasources = planDatasources(desired.datasources, observed.datasources, options);
  const contactPoints = planContactPoints(desired.contactPoints, observed.contactPoints, options);
  const dashboards = planDashboards(desired.dashboards, observed.dashboards, folders.uidByPath, folderTitle, options);
  const ruleGroups = planRuleGroups(desired.ruleGroups, observed.ruleGroups, folders.uidByPath, options);
  const movedAway = new Set(
    dashboards.filter((d) => d.observed && d.observed.folderUid !== d.folderUid && !d.blocked).map((d) => d.key),
  );
  const desiredGroupKeys = new Set(ruleGroups.map((g) => g.key));
  const deletions = plannedDeletions(
    desired,
    observed,
    folders.claimed,
    { datasources: new Set(datasources.map((d) => d.key)), contactPoints: new Set(contactPoints.map((c) => c.key)) },
    movedAway,
    desiredGroupKeys,
  );

  const warnings = [...desired.warnings];
  let deletes = deletions.items;
  if (!options.prune) {
    if (deletions.orphans > 0)
      warnings.push(
        `${deletions.orphans} resource(s) written by grafana-provision are no longer in the repository; enable prune to delete them`,
      );
    deletes = [];
  }
  const folderOrder = (a: PlanItem, b: PlanItem) =>
    a.kind === 'folder' && b.kind === 'folder' ? a.depth - b.depth : 0;
  const upserts: PlanItem[] = [...folders.items, ...datasources, ...contactPoints, ...dashboards, ...ruleGroups].sort(
    (a, b) => APPLY_ORDER.indexOf(a.kind) - APPLY_ORDER.indexOf(b.kind) || folderOrder(a, b),
  );
  const ordered = [...deletes].sort((a, b) => deletionRank(a) - deletionRank(b) || -folderOrder(a, b));
  const items = [...upserts, ...ordered];
  const counts: Record<Verb, number> = { create: 0, update: 0, unchanged: 0, delete: 0 };
  for (const item of items) if (!item.blocked) counts[item.verb] += 1;
  const blocked = items.filter((i) => i.blocked).length;
  return {
    items,
    counts,
    blocked,
    changed: counts.create + counts.update + counts.delete > 0,
    drift: items.some((i) => i.verb !== 'unchanged' || i.uiEdit !== undefined),
    warnings,
  };
}
