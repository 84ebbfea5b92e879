/**
 * Data sources: matched by uid, else adopted by name. Non-secure fields compared with Grafana's defaults filled in;
 * secure fields only by name: one the server lacks is sent, the others are kept (Grafana keeps unsent secure
 * fields) unless rotating. A version past the one in our marker is a UI edit.
 */
import { contentHash, isObject, shortHash } from './canonical-json.js';
import type { DesiredDatasource } from './desired.js';
import { diffFields } from './diff.js';
import { datasourceFields } from './load-datasources.js';
import { DATASOURCE_MARKER_KEY, parseRecord } from './marker.js';
import type { ObservedDatasource } from './observed.js';
import { blockedByUiEdit, uiEditOf } from './plan-dashboards.js';
import type { DatasourceItem, FieldChange, PlanOptions } from './plan-types.js';

export function datasourceRecord(observed: ObservedDatasource) {
  const jsonData = observed.fields.jsonData;
  return parseRecord(isObject(jsonData) ? jsonData[DATASOURCE_MARKER_KEY] : undefined);
}

function secureChanges(names: readonly string[], desired: DesiredDatasource, why: string): FieldChange[] {
  return names.map((name) => ({
    field: `secureJsonData.${name}`,
    to: `${why} from \${${desired.secure[name]?.from ?? '?'}}`,
  }));
}

export function planDatasources(
  desired: readonly DesiredDatasource[],
  observed: readonly ObservedDatasource[],
  options: PlanOptions,
): DatasourceItem[] {
  const claimed = new Set<string>();
  return desired.map((d): DatasourceItem => {
    const seen =
      observed.find((o) => o.uid === d.uid) ?? observed.find((o) => o.name === d.name && !claimed.has(o.uid));
    const allSecure = Object.keys(d.secure).sort();
    const base = {
      kind: 'datasource' as const,
      key: seen?.uid ?? d.uid,
      name: d.name,
      notes: [] as string[],
      desired: d,
    };
    if (!seen) return { ...base, verb: 'create', changes: secureChanges(allSecure, d, 'set'), secureToSend: allSecure };
    claimed.add(seen.uid);
    if (seen.uid !== d.uid) base.notes.push(`adopted the existing data source ${seen.uid} with this name`);
    const record = datasourceRecord(seen);
    const current = datasourceFields(seen.fields);
    const contentSame = contentHash(current) === d.hash;
    const missing = allSecure.filter((name) => !seen.secureFields.includes(name));
    const secureToSend = options.rotateSecrets ? allSecure : missing;
    const kept = allSecure.filter((name) => !secureToSend.includes(name));
    if (kept.length > 0) base.notes.push(`secure fields kept on the server: ${kept.join(', ')}`);
    const item: DatasourceItem = { ...base, verb: 'unchanged', changes: [], secureToSend, observed: seen };
    if (seen.readOnly) return { ...item, verb: 'update', blocked: 'read-only (provisioned from a file on the server)' };
    const edit = uiEditOf(
      record,
      seen.version,
      record && seen.version === undefined ? shortHash(contentHash(current)) : undefined,
    );
    if (contentSame && record && secureToSend.length === 0) {
      if (edit) item.notes.push(`the version moved since our last write (${edit.reason}) but the content matches`);
      return item;
    }
    const changes: FieldChange[] = contentSame ? [] : diffFields(current, d.fields);
    changes.push(...secureChanges(missing, d, 'set'));
    if (options.rotateSecrets)
      changes.push(
        ...secureChanges(
          allSecure.filter((n) => !missing.includes(n)),
          d,
          'rotate',
        ),
      );
    if (!record) {
      changes.push({ field: `jsonData.${DATASOURCE_MARKER_KEY}`, to: 'marker' });
      item.notes.push('not written by grafana-provision before: taken over');
    }
    const updated: DatasourceItem = { ...item, verb: 'update', changes };
    if (edit && !contentSame) {
      updated.uiEdit = edit;
      if (!options.overwriteUiEdits) updated.blocked = blockedByUiEdit(edit);
    }
    return updated;
  });
}

export function orphanDatasources(
  desired: readonly DesiredDatasource[],
  observed: readonly ObservedDatasource[],
  adopted: ReadonlySet<string>,
): ObservedDatasource[] {
  const wanted = new Set(desired.map((d) => d.uid));
  return observed.filter((o) => !wanted.has(o.uid) && !adopted.has(o.uid) && datasourceRecord(o) !== undefined);
}
