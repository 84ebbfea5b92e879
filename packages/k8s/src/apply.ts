/**
 * Server-side apply of a plan, wave by wave: each object is read first (to tell created / configured / unchanged
 * and, in dry-run, to diff), then sent as PATCH application/apply-patch+yaml with an explicit field manager;
 * force only on request; dryRun=All for a server-side dry run. Conflicts name the fields and their managers.
 */
import { describeConflicts, KubeApiError } from './kube-errors.js';
import type { KubeClient } from './kube-client.js';
import { Discovery, resourcePath, type ResourceInfo } from './discovery.js';
import type { ApplyPlan, PlannedObject } from './apply-plan.js';
import { diffObjects, sameContent } from './object-diff.js';
import { describeObject, splitApiVersion, type KubeObject } from './objects.js';

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

/** Applies one object and classifies the result. */
export async function applyObject(
  client: KubeClient,
  info: ResourceInfo,
  object: KubeObject,
  options: ApplyOptions,
): Promise<AppliedObject> {
  const namespace = info.namespaced ? object.metadata.namespace : undefined;
  const name = object.metadata.name ?? '';
  const path = resourcePath(info, namespace, name);
  const description = describeObject(object);
  const live = await client.find<KubeObject>(path, description);
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
  const outcome: ApplyOutcome = !live ? 'created' : sameContent(live, applied, ignore) ? 'unchanged' : 'configured';
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

async function inBatches<T, R>(items: readonly T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
  return results;
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
  for (const wave of plan.waves) {
    const applied = await inBatches(wave, options.concurrency ?? 8, async (planned) => {
      if (options.dryRun && crdsApplied) {
        const pending = await discovery.resolve(planned.object.apiVersion, planned.object.kind);
        if (!pending) return unservedInDryRun(planned, options);
      }
      const info = await resolveServed(
        discovery,
        planned,
        crdsApplied && !options.dryRun ? (options.crdWaitMs ?? 30_000) : 0,
        sleep,
      );
      const result = await applyObject(client, info, planned.object, options);
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
