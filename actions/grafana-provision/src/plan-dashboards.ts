/**
 * Dashboards: unchanged when the normalised content hash and the folder match and we own it; otherwise an update
 * with a short diff. A UI edit since our last write (the version moved past the one in our marker, or the content
 * no longer has the hash we recorded) blocks the update unless overwriting was asked for.
 */
import { shortHash } from './canonical-json.js';
import { dashboardHash, normaliseDashboard } from './dashboard-json.js';
import type { DesiredDashboard } from './desired.js';
import { diffFields, shortValue } from './diff.js';
import { pathKey } from './folder-paths.js';
import { dashboardMarker, isMarkerTag } from './marker.js';
import type { ObservedDashboard } from './observed.js';
import type { DashboardItem, FieldChange, PlanOptions, UiEdit } from './plan-types.js';

export function uiEditOf(
  record: { version: number; hash: string } | undefined,
  observedVersion: number | undefined,
  observedShortHash: string | undefined,
): UiEdit | undefined {
  if (!record) return undefined;
  if (observedVersion !== undefined && observedVersion !== record.version) {
    return {
      reason: `version ${observedVersion} on the server, ${record.version} written by grafana-provision`,
      recordedVersion: record.version,
      observedVersion,
    };
  }
  if (observedShortHash !== undefined && observedShortHash !== record.hash) {
    return {
      reason: `content hash ${observedShortHash} on the server, ${record.hash} written by grafana-provision`,
      recordedVersion: record.version,
      ...(observedVersion !== undefined ? { observedVersion } : {}),
    };
  }
  return undefined;
}

export function blockedByUiEdit(edit: UiEdit): string {
  return `edited in the UI since the last run (${edit.reason}); set overwrite-ui-edits to replace the edit`;
}

/** Without the model, what a search hit shows (title, tags) must agree with the file for the marker to stand for it. */
function hitAgrees(seen: ObservedDashboard, d: DesiredDashboard): boolean {
  const wanted = normaliseDashboard(d.model).tags;
  const tags = (list: unknown[]) => list.map(String).sort().join('\n');
  return (
    seen.title === d.title &&
    tags(seen.tags.filter((t) => !isMarkerTag(t))) === tags(Array.isArray(wanted) ? wanted : [])
  );
}

export function planDashboards(
  desired: readonly DesiredDashboard[],
  observed: readonly ObservedDashboard[],
  uidByPath: Map<string, string>,
  folderTitle: (uid: string) => string,
  options: PlanOptions,
): DashboardItem[] {
  const byUid = new Map(observed.map((d) => [d.uid, d]));
  // Uids by folder and title, for the name-exists check (a scan of every dashboard per file would be quadratic).
  const byPlace = new Map<string, string[]>();
  for (const o of observed) {
    const place = `${o.folderUid}\0${o.title}`;
    byPlace.set(place, [...(byPlace.get(place) ?? []), o.uid]);
  }
  return desired.map((d): DashboardItem => {
    const folderUid = d.folderPath.length === 0 ? '' : (uidByPath.get(pathKey(d.folderPath)) ?? '');
    const seen = byUid.get(d.uid);
    const base = {
      kind: 'dashboard' as const,
      key: d.uid,
      name: d.title,
      folderUid,
      notes: [] as string[],
      desired: d,
    };
    const clash = byPlace.get(`${folderUid}\0${d.title}`)?.find((uid) => uid !== d.uid);
    const clashBlock = clash
      ? {
          blocked: `a dashboard titled "${d.title}" already exists in ${folderTitle(folderUid)} (uid ${clash}); Grafana refuses the save (412 name-exists)`,
        }
      : {};
    if (!seen) return { ...base, verb: 'create', changes: [], notes: [`in ${folderTitle(folderUid)}`], ...clashBlock };

    const marker = dashboardMarker(seen.tags);
    const observedHash = seen.model ? shortHash(dashboardHash(seen.model)) : undefined;
    const contentSame =
      (observedHash ?? marker.record?.hash) === shortHash(d.hash) && (seen.model !== undefined || hitAgrees(seen, d));
    const folderSame = seen.folderUid === folderUid;
    const edit = marker.owned ? uiEditOf(marker.record, seen.version, observedHash) : undefined;
    const item: DashboardItem = { ...base, verb: 'unchanged', changes: [], observed: seen };
    if (seen.provisioned)
      return {
        ...item,
        verb: 'update',
        blocked: 'provisioned from a file on the server: Grafana refuses saves through the API',
      };
    if (contentSame && folderSame && marker.owned && marker.record) {
      if (edit) item.notes.push(`the version moved since our last write (${edit.reason}) but the content matches`);
      return item;
    }
    const changes: FieldChange[] = [];
    if (!contentSame) {
      if (seen.model) changes.push(...diffFields(normaliseDashboard(seen.model), normaliseDashboard(d.model)));
      else
        changes.push({
          field: 'content',
          ...(marker.record ? { from: marker.record.hash } : {}),
          to: shortHash(d.hash),
        });
    }
    if (!folderSame)
      changes.push({
        field: 'folder',
        from: shortValue(folderTitle(seen.folderUid)),
        to: shortValue(folderTitle(folderUid)),
      });
    if (!marker.owned || !marker.record) {
      changes.push({ field: 'marker', to: 'grafana-provision' });
      item.notes.push('not written by grafana-provision before: taken over');
    }
    const updated: DashboardItem = { ...item, verb: 'update', changes, ...clashBlock };
    if (edit && !contentSame) {
      updated.uiEdit = edit;
      if (!options.overwriteUiEdits && !updated.blocked) updated.blocked = blockedByUiEdit(edit);
    }
    return updated;
  });
}

/** Owned dashboards the repository no longer declares. */
export function orphanDashboards(
  desired: readonly DesiredDashboard[],
  observed: readonly ObservedDashboard[],
): ObservedDashboard[] {
  const wanted = new Set(desired.map((d) => d.uid));
  return observed.filter((o) => !wanted.has(o.uid) && dashboardMarker(o.tags).owned);
}
