/**
 * Server-side apply and field ownership, following structured-merge-diff's rules at leaf granularity:
 *  - an Apply by manager M owns exactly the fields in M's applied configuration;
 *  - a field M applies that another manager owns with a different value is a conflict (409) unless force is set,
 *    in which case M takes it over; equal values are shared;
 *  - fields M applied before and no longer applies are removed, unless another manager still owns them;
 *  - an Update (PUT, non-apply PATCH, controller writes) gives its manager every field it changed and takes those
 *    fields away from the others, never conflicting.
 */
import { ApiError, qualifiedResource } from './status.js';
import { clone, deepEqual, isJsonObject, type JsonObject, type JsonValue } from './json.js';
import { describePath, fieldsOf, FieldSet, removeAt, valueAt, type FieldPath } from './field-set.js';
import { listTypeAt } from './list-types.js';
import type { ResourceType } from './resources.js';
import type { KubeObject, ManagedFieldsEntry } from './types.js';

const SYSTEM_METADATA = [
  'name',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'managedFields',
  'selfLink',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'generateName',
];

export type Subresource = 'status' | undefined;

export function isBuiltin(type: ResourceType): boolean {
  return ['', 'apps', 'apiextensions.k8s.io'].includes(type.group);
}

/** The part of an object whose fields have owners: no identity, no system metadata, status only for /status. */
export function trackedView(object: KubeObject | JsonObject, subresource: Subresource, hasStatus: boolean): JsonObject {
  if (subresource === 'status') return object.status === undefined ? {} : { status: clone(object.status as JsonValue) };
  const view = clone(object) as JsonObject;
  delete view.apiVersion;
  delete view.kind;
  if (hasStatus) delete view.status;
  if (isJsonObject(view.metadata)) {
    for (const key of SYSTEM_METADATA) delete view.metadata[key];
    if (Object.keys(view.metadata).length === 0) delete view.metadata;
  }
  return view;
}

interface OwnedEntry {
  entry: ManagedFieldsEntry;
  fields: FieldSet;
}

function parseEntries(object: KubeObject | undefined): OwnedEntry[] {
  return (object?.metadata.managedFields ?? []).map((entry) => ({
    entry: { ...entry },
    fields: FieldSet.fromFieldsV1(entry.fieldsV1),
  }));
}

function serialiseEntries(entries: OwnedEntry[]): ManagedFieldsEntry[] {
  return entries
    .filter((e) => e.fields.size > 0)
    .map((e) => ({ ...e.entry, fieldsType: 'FieldsV1' as const, fieldsV1: e.fields.toFieldsV1() }));
}

export function timestamp(now: Date): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function isItemPath(path: FieldPath): boolean {
  const last = path[path.length - 1] ?? '';
  return last.startsWith('k:') || last.startsWith('v:');
}

function valuesDiffer(a: JsonValue, b: JsonValue, path: FieldPath): boolean {
  if (isItemPath(path)) return !valueAt(a, path).found || !valueAt(b, path).found;
  return !deepEqual(valueAt(a, path).value, valueAt(b, path).value);
}

/** How the real server names a manager in a conflict message. */
function describeManager(entry: ManagedFieldsEntry): string {
  let text = JSON.stringify(entry.manager);
  if (entry.subresource) text += ` with subresource ${JSON.stringify(entry.subresource)}`;
  if (entry.operation === 'Update') text += ` using ${entry.apiVersion} at ${entry.time}`;
  return text;
}

function conflictError(
  type: ResourceType,
  name: string,
  conflicts: { entry: ManagedFieldsEntry; path: FieldPath }[],
): ApiError {
  const causes = conflicts.map((c) => ({
    reason: 'FieldManagerConflict',
    message: `conflict with ${describeManager(c.entry)}`,
    field: describePath(c.path),
  }));
  let detail: string;
  const first = conflicts[0];
  if (conflicts.length === 1 && first)
    detail = `conflict with ${describeManager(first.entry)}: ${describePath(first.path)}`;
  else {
    const byManager = new Map<string, string[]>();
    for (const c of conflicts) {
      const key = describeManager(c.entry);
      byManager.set(key, [...(byManager.get(key) ?? []), describePath(c.path)]);
    }
    detail = [...byManager]
      .flatMap(([manager, paths]) => [`conflicts with ${manager}:`, ...paths.map((p) => `- ${p}`)])
      .join('\n');
  }
  const plural = conflicts.length === 1 ? '' : 's';
  return new ApiError(409, 'Conflict', `Apply failed with ${conflicts.length} conflict${plural}: ${detail}`, {
    name,
    group: type.group,
    kind: type.resource,
    causes,
  });
}

function mergeApplied(live: JsonValue | undefined, applied: JsonValue, names: string[], builtin: boolean): JsonValue {
  if (isJsonObject(applied) && isJsonObject(live)) {
    const result = clone(live);
    for (const [key, value] of Object.entries(applied)) {
      if (value !== undefined) result[key] = mergeApplied(live[key], value, [...names, key], builtin);
    }
    return result;
  }
  if (Array.isArray(applied) && Array.isArray(live)) {
    const listType = listTypeAt(names, builtin);
    if (listType.type === 'set') return [...clone(live), ...applied.filter((a) => !live.some((l) => deepEqual(a, l)))];
    if (listType.type === 'map') {
      const keyOf = (item: JsonValue) =>
        isJsonObject(item) ? JSON.stringify(listType.keys.map((k) => item[k] ?? null)) : undefined;
      const result = clone(live);
      for (const item of applied) {
        const index = result.findIndex((existing) => keyOf(existing) === keyOf(item));
        if (index >= 0) result[index] = mergeApplied(result[index], item, names, builtin);
        else result.push(clone(item));
      }
      return result;
    }
  }
  return clone(applied);
}

export interface ApplyOptions {
  manager: string;
  force: boolean;
  type: ResourceType;
  name: string;
  now: Date;
}

/**
 * Merge `applied` into `live` (undefined when the object does not exist yet). Returns the tracked content
 * (no identity, system metadata or status) and the new managedFields.
 */
export function serverSideApply(
  live: KubeObject | undefined,
  applied: KubeObject,
  options: ApplyOptions,
): { content: JsonObject; managedFields: ManagedFieldsEntry[] } {
  const builtin = isBuiltin(options.type);
  const appliedView = trackedView(applied, undefined, options.type.hasStatus);
  const liveView = live ? trackedView(live, undefined, options.type.hasStatus) : {};
  const appliedFields = fieldsOf(appliedView, builtin);
  const entries = parseEntries(live);
  const isMine = (e: OwnedEntry) =>
    e.entry.manager === options.manager && e.entry.operation === 'Apply' && !e.entry.subresource;

  const conflicts: { owner: OwnedEntry; path: FieldPath }[] = [];
  for (const owner of entries) {
    if (isMine(owner) || owner.entry.subresource) continue;
    for (const path of appliedFields.values()) {
      if (owner.fields.has(path) && valuesDiffer(liveView, appliedView, path)) conflicts.push({ owner, path });
    }
  }
  if (conflicts.length > 0 && !options.force) {
    throw conflictError(
      options.type,
      options.name,
      conflicts.map((c) => ({ entry: c.owner.entry, path: c.path })),
    );
  }
  for (const { owner, path } of conflicts) owner.fields.delete(path);

  let mine = entries.find(isMine);
  const previouslyApplied = mine?.fields ?? new FieldSet();
  const content = mergeApplied(liveView, appliedView, [], builtin) as JsonObject;
  const others = entries.filter((e) => !isMine(e));
  const stillOwned = (path: FieldPath) => others.some((e) => e.fields.has(path) || e.fields.hasBelow(path));
  const dropped = previouslyApplied
    .minus(appliedFields)
    .values()
    .sort((a, b) => b.length - a.length);
  for (const path of dropped) {
    if (!stillOwned(path) && !appliedFields.hasBelow(path)) removeAt(content, path);
  }

  if (!mine) {
    mine = { entry: newEntry(options.manager, 'Apply', applied.apiVersion, options.now), fields: appliedFields };
    entries.push(mine);
  }
  mine.fields = appliedFields;
  mine.entry = { ...mine.entry, apiVersion: applied.apiVersion, time: timestamp(options.now) };
  return { content, managedFields: serialiseEntries(entries) };
}

function newEntry(manager: string, operation: 'Apply' | 'Update', apiVersion: string, now: Date, subresource?: string) {
  const entry: ManagedFieldsEntry = {
    manager,
    operation,
    apiVersion,
    time: timestamp(now),
    fieldsType: 'FieldsV1',
    fieldsV1: {},
  };
  if (subresource) entry.subresource = subresource;
  return entry;
}

export interface UpdateOptions {
  manager: string;
  subresource: Subresource;
  type: ResourceType;
  apiVersion: string;
  now: Date;
}

/** managedFields after a non-apply write of `next` over `previous` (undefined on create). */
export function trackUpdate(
  previous: KubeObject | undefined,
  next: KubeObject,
  options: UpdateOptions,
): ManagedFieldsEntry[] {
  const builtin = isBuiltin(options.type);
  const before = previous ? trackedView(previous, options.subresource, options.type.hasStatus) : {};
  const after = trackedView(next, options.subresource, options.type.hasStatus);
  const beforeFields = fieldsOf(before, builtin);
  const afterFields = fieldsOf(after, builtin);
  const changed = FieldSet.of(
    afterFields.values().filter((p) => !beforeFields.has(p) || valuesDiffer(before, after, p)),
  );
  const removed = beforeFields.minus(afterFields);
  const entries = parseEntries(previous);
  if (changed.size === 0 && removed.size === 0) return serialiseEntries(entries);
  const subresource = options.subresource ?? undefined;
  const isMine = (e: OwnedEntry) =>
    e.entry.manager === options.manager && e.entry.operation === 'Update' && e.entry.subresource === subresource;
  for (const owner of entries) {
    if (isMine(owner)) continue;
    for (const path of [...changed.values(), ...removed.values()]) owner.fields.delete(path);
  }
  let mine = entries.find(isMine);
  if (!mine) {
    mine = {
      entry: newEntry(options.manager, 'Update', options.apiVersion, options.now, subresource),
      fields: new FieldSet(),
    };
    entries.push(mine);
  }
  for (const path of removed.values()) mine.fields.delete(path);
  for (const path of changed.values()) mine.fields.add(path);
  mine.entry = { ...mine.entry, apiVersion: options.apiVersion, time: timestamp(options.now) };
  return serialiseEntries(entries);
}

export function describeObject(type: ResourceType, name: string): string {
  return `${qualifiedResource(type.group, type.resource)} "${name}"`;
}
