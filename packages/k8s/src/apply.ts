/**
 * Server-side apply of a plan, wave by wave, objects of a wave in parallel: one PATCH application/apply-patch+yaml
 * per object with an explicit field manager; force only on request; dryRun=All for a server-side dry run.
 * Conflicts name the fields and their managers.
 *
 * What changed is told without reading each object first. The PATCH answers 201 Created when the apply created
 * the object and 200 otherwise; the state before comes from one LIST per resource and namespace of the objects
 * carrying this apply set's label (objects we applied before), compared with the PATCH answer. An object that
 * existed without our label did change (it gained the label). Only when a LIST is refused (RBAC) are that
 * group's objects read one by one, and in a dry run an unlabelled object is read for its diff.
 */
import { describeConflicts, KubeApiError } from './kube-errors.js';
import type { KubeClient } from './kube-client.js';
import { Discovery, resourcePath, type ResourceInfo } from './discovery.js';
import type { ApplyPlan, PlannedObject } from './apply-plan.js';
import { diffObjects, sameContent } from './object-diff.js';
import { describeObject, isRecord, splitApiVersion, type KubeList, type KubeObject } from './objects.js';
import { LABEL_APPLY_SET } from './apply-plan.js';

export type ApplyOutcome = 'created' | 'configured' | 'unchanged';

export interface ApplyOptions {
  fieldManager: string;
  force?: boolean;
  dryRun?: boolean;
  /** Annotations whose change alone does not count as "configured" (provenance). */
  ignoreAnnotations?: readonly string[];
  /** Objects applied at once within a wave (default 8). */
  concurrency?: number;
  /** How long to wait for a CRD's kinds to be served after applying it (default 30 s). */
  crdWaitMs?: number;
  onApplied?: (result: AppliedObject) => void;
  sleep?: (ms: number) => Promise<void>;
}

export interface AppliedObject {
  key: string;
  description: string;
  outcome: ApplyOutcome;
  /** What the server answered (the dry-run result in dry-run). */
  object: KubeObject;
  /** The object before the apply, when it existed. */
  live?: KubeObject;
  info: ResourceInfo;
  /** Unified diff from live to applied (dry-run only). */
  diff?: string;
}

export class ApplyConflictError extends Error {
  override readonly name = 'ApplyConflictError';
  constructor(
    readonly object: string,
    readonly fields: string,
    readonly fieldManager: string,
    options?: { cause?: unknown },
  ) {
    super(
      `Server-side apply of ${object} as field manager "${fieldManager}" conflicts with other managers over ` +
        `${fields || 'some fields'}. Fix: remove those fields from the manifest if another controller (an HPA, a ` +
        `mutating webhook, a person with kubectl) should keep them, or set force-conflicts: true to take them over.`,
      options,
    );
  }
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The state before an apply, when a LIST already told it: the object, or undefined when it carried no label. */
export interface KnownBefore {
  live: KubeObject | undefined;
}

/**
 * Applies one object and classifies the result. Without `known`, the object is read first; with it, only the
 * PATCH is sent.
 */
export async function applyObject(
  client: KubeClient,
  info: ResourceInfo,
  object: KubeObject,
  options: ApplyOptions,
  known?: KnownBefore,
): Promise<AppliedObject> {
  const namespace = info.namespaced ? object.metadata.namespace : undefined;
  const name = object.metadata.name ?? '';
  const path = resourcePath(info, namespace, name);
  const description = describeObject(object);
  let live = known ? known.live : await client.find<KubeObject>(path, description);
  let response;
  try {
    response = await client.request<KubeObject>({
      method: 'PATCH',
      path,
      query: {
        fieldManager: options.fieldManager,
        force: options.force ? 'true' : undefined,
        dryRun: options.dryRun ? 'All' : undefined,
      },
      body: JSON.stringify(object),
      contentType: 'application/apply-patch+yaml',
      what: description,
    });
  } catch (error) {
    if (error instanceof KubeApiError && error.status === 409) {
      throw new ApplyConflictError(description, describeConflicts(error), options.fieldManager, { cause: error });
    }
    throw error;
  }
  const applied = response.body;
  const ignore = options.ignoreAnnotations ?? [];
  let outcome: ApplyOutcome;
  if (response.status === 201) {
    outcome = 'created';
    live = undefined;
  } else if (live) outcome = sameContent(live, applied, ignore) ? 'unchanged' : 'configured';
  else {
    // It existed without our label: applying added it, so it changed. A dry run reads it to show the diff.
    outcome = 'configured';
    if (options.dryRun) live = await client.find<KubeObject>(path, description);
  }
  return {
    key: `${info.group}|${info.kind}|${namespace ?? ''}|${name}`,
    description,
    outcome,
    object: applied,
    ...(live ? { live } : {}),
    info,
    ...(options.dryRun ? { diff: diffObjects(description, live, applied) } : {}),
  };
}

async function inBatches<T, R>(
  items: readonly T[],
  size: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
  return results;
}

function applySetOf(object: KubeObject): string | undefined {
  const labels = object.metadata.labels;
  const value = isRecord(labels) ? labels[LABEL_APPLY_SET] : undefined;
  return typeof value === 'string' && value ? value : undefined;
}

/**
 * The state before applying a wave: one LIST per resource, namespace and apply set of the objects that carry
 * our apply-set label. Returns, per object index, what the LIST told, or undefined when it must be read itself
 * (no label, or the LIST was refused).
 */
async function readBefore(
  client: KubeClient,
  targets: readonly { info: ResourceInfo; object: KubeObject }[],
  concurrency: number,
): Promise<(KnownBefore | undefined)[]> {
  const groups = new Map<string, { path: string; applySet: string; indexes: number[] }>();
  targets.forEach(({ info, object }, index) => {
    const applySet = applySetOf(object);
    if (!applySet || !info.verbs.includes('list')) return;
    const path = resourcePath(info, info.namespaced ? object.metadata.namespace : undefined);
    const key = `${path}|${applySet}`;
    const group = groups.get(key) ?? { path, applySet, indexes: [] };
    group.indexes.push(index);
    groups.set(key, group);
  });
  const known: (KnownBefore | undefined)[] = new Array<KnownBefore | undefined>(targets.length);
  await inBatches([...groups.values()], concurrency, async (group) => {
    let list: KubeList;
    try {
      list = await client.get<KubeList>(
        group.path,
        { labelSelector: `${LABEL_APPLY_SET}=${group.applySet}` },
        `objects of apply set ${group.applySet} at ${group.path}`,
      );
    } catch (error) {
      if (error instanceof KubeApiError && (error.status === 403 || error.status === 405)) return;
      throw error;
    }
    const byName = new Map(list.items.map((item) => [item.metadata.name, item]));
    for (const index of group.indexes) {
      const { object } = targets[index]!;
      const item = byName.get(object.metadata.name);
      known[index] = { live: item ? { ...item, apiVersion: object.apiVersion, kind: object.kind } : undefined };
    }
  });
  return known;
}

/** Resolves a kind, waiting for it to be served when a CRD in this apply defines it. */
async function resolveServed(
  discovery: Discovery,
  planned: PlannedObject,
  waitMs: number,
  sleep: (ms: number) => Promise<void>,
): Promise<ResourceInfo> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const info = await discovery.resolve(planned.object.apiVersion, planned.object.kind);
    if (info) return info;
    if (Date.now() >= deadline) return discovery.require(planned.object.apiVersion, planned.object.kind);
    discovery.invalidate(planned.object.apiVersion);
    await sleep(250);
  }
}

/** In a dry run a CRD is not created, so its custom resources cannot be sent: they show as created. */
function unservedInDryRun(planned: PlannedObject, options: ApplyOptions): AppliedObject {
  const { group, version } = splitApiVersion(planned.object.apiVersion);
  const description = describeObject(planned.object);
  const result: AppliedObject = {
    key: planned.key,
    description,
    outcome: 'created',
    object: planned.object,
    info: { group, version, kind: planned.object.kind, resource: '', namespaced: planned.namespaced, verbs: [] },
    diff: diffObjects(description, undefined, planned.object),
  };
  options.onApplied?.(result);
  return result;
}

/** Applies a plan wave after wave; objects of a wave go in parallel. */
export async function applyPlan(
  client: KubeClient,
  discovery: Discovery,
  plan: Pick<ApplyPlan, 'waves'>,
  options: ApplyOptions,
): Promise<AppliedObject[]> {
  const results: AppliedObject[] = [];
  const sleep = options.sleep ?? realSleep;
  let crdsApplied = false;
  const concurrency = options.concurrency ?? 8;
  for (const wave of plan.waves) {
    const infos = await inBatches(wave, concurrency, async (planned) => {
      if (options.dryRun && crdsApplied) {
        const pending = await discovery.resolve(planned.object.apiVersion, planned.object.kind);
        if (!pending) return undefined;
      }
      return resolveServed(
        discovery,
        planned,
        crdsApplied && !options.dryRun ? (options.crdWaitMs ?? 30_000) : 0,
        sleep,
      );
    });
    const served = wave.flatMap((planned, index) => {
      const info = infos[index];
      return info ? [{ info, object: planned.object }] : [];
    });
    const before = await readBefore(client, served, concurrency);
    const knownByObject = new Map(served.map((target, index) => [target.object, before[index]]));
    const applied = await inBatches(wave, concurrency, async (planned, index) => {
      const info = infos[index];
      if (!info) return unservedInDryRun(planned, options);
      const result = await applyObject(client, info, planned.object, options, knownByObject.get(planned.object));
      options.onApplied?.(result);
      return result;
    });
    results.push(...applied);
    if (wave.some((p) => p.object.kind === 'CustomResourceDefinition')) {
      crdsApplied = true;
      discovery.invalidate();
    }
  }
  return results;
}

/** Deletes an object (background propagation); a missing object is not an error. */
export async function deleteObject(
  client: KubeClient,
  info: ResourceInfo,
  namespace: string | undefined,
  name: string,
  dryRun = false,
): Promise<boolean> {
  try {
    await client.request({
      method: 'DELETE',
      path: resourcePath(info, namespace, name),
      query: { propagationPolicy: 'Background', dryRun: dryRun ? 'All' : undefined },
      what: `${info.kind}/${namespace ? `${namespace}/` : ''}${name}`,
    });
    return true;
  } catch (error) {
    if (error instanceof KubeApiError && error.status === 404) return false;
    throw error;
  }
}
