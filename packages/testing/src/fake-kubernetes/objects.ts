/**
 * The write path every request and every controller goes through, as the generic registry does: identity and
 * system metadata, defaults, validation, generation, field ownership, no-op detection, dry run, storage, and
 * garbage collection of dependents on delete. Synchronous, so a controller tick never interleaves with a request.
 */
import { randomUUID } from 'node:crypto';
import { ApiError, errors } from './status.js';
import { clone, deepEqual, isJsonObject, withoutNulls, type JsonObject, type JsonValue } from './json.js';
import { applyDefaults } from './defaults.js';
import { validate } from './validation.js';
import { serverSideApply, trackUpdate, type Subresource } from './apply.js';
import { applyJsonPatch, applyMergePatch, strategicMerge } from './patch.js';
import { isBuiltin } from './apply.js';
import { initialStatus, ServiceIpAllocator } from './initial-state.js';
import { collectGarbage } from './garbage-collector.js';
import { apiVersionOf, storageKey, type ResourceRegistry, type ResourceType } from './resources.js';
import type { ObjectStore } from './store.js';
import type { KubeObject, ManagedFieldsEntry } from './types.js';
import { parseFieldSelector, parseLabelSelector } from './selectors.js';

export interface WriteContext {
  manager: string;
  dryRun?: boolean;
  subresource?: Subresource;
  /** The API version the client used; objects are returned in it. Defaults to the preferred version. */
  version?: string;
}

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

export const PATCH_CONTENT_TYPES: Record<string, PatchType> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
};

const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export function randomSuffix(length = 5): string {
  let out = '';
  for (let i = 0; i < length; i += 1) out += NAME_ALPHABET[Math.floor(Math.random() * NAME_ALPHABET.length)];
  return out;
}

function withoutVolatile(object: KubeObject): JsonObject {
  const copy = clone(object) as unknown as JsonObject;
  const metadata = copy.metadata as JsonObject;
  delete metadata.resourceVersion;
  if (Array.isArray(metadata.managedFields)) {
    metadata.managedFields = metadata.managedFields.map((entry) => {
      const e = { ...(entry as JsonObject) };
      delete e.time;
      return e;
    });
  }
  return copy;
}

function specOf(object: KubeObject, type: ResourceType): JsonValue {
  if (isBuiltin(type) && type.kind !== 'CustomResourceDefinition') return (object.spec ?? null) as JsonValue;
  const rest = clone(object) as unknown as JsonObject;
  delete rest.metadata;
  delete rest.status;
  delete rest.apiVersion;
  delete rest.kind;
  return rest;
}

export class ObjectService {
  private readonly serviceIps = new ServiceIpAllocator();

  constructor(
    readonly store: ObjectStore,
    readonly registry: ResourceRegistry,
    private readonly clock: () => Date,
  ) {}

  now(): Date {
    return this.clock();
  }

  get(type: ResourceType, namespace: string | undefined, name: string, version?: string): KubeObject {
    const found = this.store.get(storageKey(type), type.namespaced ? namespace : undefined, name);
    if (!found) throw errors.notFound(type.group, type.resource, name);
    return this.inVersion(found, type, version);
  }

  find(type: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.store.get(storageKey(type), type.namespaced ? namespace : undefined, name);
  }

  list(
    type: ResourceType,
    namespace: string | undefined,
    selectors: { labelSelector?: string | null; fieldSelector?: string | null } = {},
    version?: string,
  ): { items: KubeObject[]; resourceVersion: string } {
    const labels = parseLabelSelector(selectors.labelSelector);
    const fields = parseFieldSelector(selectors.fieldSelector, type.kind);
    const items = this.store
      .list(storageKey(type), type.namespaced ? namespace : undefined)
      .filter((o) => labels(o.metadata.labels) && fields(o))
      .map((o) => this.inVersion(o, type, version));
    return { items, resourceVersion: String(this.store.currentRevision()) };
  }

  create(type: ResourceType, namespace: string | undefined, body: KubeObject, ctx: WriteContext): KubeObject {
    const candidate = this.normalise(type, namespace, body);
    if (!candidate.metadata.name && candidate.metadata.generateName) {
      candidate.metadata.name = `${candidate.metadata.generateName}${randomSuffix()}`;
    }
    const name = candidate.metadata.name ?? '';
    if (name && this.find(type, namespace, name)) throw errors.alreadyExists(type.group, type.resource, name);
    return this.commit(type, undefined, candidate, ctx);
  }

  replace(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    body: KubeObject,
    ctx: WriteContext,
  ): KubeObject {
    const previous = this.find(type, namespace, name);
    if (!previous) throw errors.notFound(type.group, type.resource, name);
    const candidate = this.normalise(type, namespace, body);
    if (candidate.metadata.name !== name) {
      throw errors.badRequest(
        `the name of the object (${candidate.metadata.name ?? ''}) does not match the name on the URL (${name})`,
      );
    }
    this.checkPrecondition(type, previous, candidate);
    return this.commit(type, previous, candidate, ctx);
  }

  patch(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    patchType: PatchType,
    body: JsonValue,
    ctx: WriteContext & { force?: boolean },
  ): KubeObject {
    const previous = this.find(type, namespace, name);
    if (patchType === 'apply') return this.apply(type, namespace, name, previous, body, ctx);
    if (!previous) throw errors.notFound(type.group, type.resource, name);
    const base = this.inVersion(previous, type, ctx.version) as unknown as JsonObject;
    let patched: JsonValue;
    if (patchType === 'json') patched = applyJsonPatch(base, body);
    else if (patchType === 'merge') patched = applyMergePatch(base, body);
    else {
      if (!isBuiltin(type)) {
        throw new ApiError(415, 'UnsupportedMediaType', 'strategic merge patch is not supported for custom resources');
      }
      patched = strategicMerge(base, body) ?? {};
    }
    if (!isJsonObject(patched)) throw errors.badRequest('the patch produced a value that is not an object');
    const candidate = this.normalise(type, namespace, patched as unknown as KubeObject);
    if (candidate.metadata.name !== name) throw errors.badRequest('metadata.name cannot be changed by a patch');
    this.checkPrecondition(type, previous, candidate);
    return this.commit(type, previous, candidate, ctx);
  }

  delete(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    ctx: { dryRun?: boolean; orphan?: boolean },
  ): KubeObject {
    const existing = this.find(type, namespace, name);
    if (!existing) throw errors.notFound(type.group, type.resource, name);
    if (ctx.dryRun) return existing;
    const removed = this.store.remove(storageKey(type), type.namespaced ? namespace : undefined, name);
    if (!removed) throw errors.notFound(type.group, type.resource, name);
    collectGarbage(this.store, this.registry, type, removed, ctx.orphan ?? false);
    return removed;
  }

  private apply(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    previous: KubeObject | undefined,
    body: JsonValue,
    ctx: WriteContext & { force?: boolean },
  ): KubeObject {
    if (ctx.subresource) throw errors.badRequest('the fake API server does not support apply to a subresource');
    if (!isJsonObject(body) || !isJsonObject(body.metadata))
      throw errors.badRequest('apply: the body must be an object with metadata');
    const applied = body as unknown as KubeObject;
    const expectedVersion = apiVersionOf(type, ctx.version);
    if (applied.apiVersion !== expectedVersion || applied.kind !== type.kind) {
      throw errors.badRequest(
        `apply: the object's apiVersion/kind (${String(applied.apiVersion)}, ${String(applied.kind)}) does not match the URL (${expectedVersion}, ${type.kind})`,
      );
    }
    if (applied.metadata.name !== name) {
      throw errors.badRequest(
        `the name of the object (${applied.metadata.name ?? ''}) does not match the name on the URL (${name})`,
      );
    }
    if (type.namespaced && applied.metadata.namespace && applied.metadata.namespace !== namespace) {
      throw errors.badRequest(
        `the namespace of the object (${applied.metadata.namespace}) does not match the namespace on the URL (${namespace ?? ''})`,
      );
    }
    if (previous) this.checkPrecondition(type, previous, applied);
    const result = serverSideApply(previous, applied, {
      manager: ctx.manager,
      force: ctx.force ?? false,
      type,
      name,
      now: this.clock(),
    });
    const candidate = { ...result.content, apiVersion: expectedVersion, kind: type.kind } as unknown as KubeObject;
    candidate.metadata = { ...(isJsonObject(result.content.metadata) ? result.content.metadata : {}), name };
    if (type.namespaced) candidate.metadata.namespace = namespace;
    if (previous?.status !== undefined) candidate.status = previous.status;
    return this.commit(type, previous, candidate, ctx, result.managedFields);
  }

  private normalise(type: ResourceType, namespace: string | undefined, body: KubeObject): KubeObject {
    if (!isJsonObject(body) || !isJsonObject(body.metadata)) {
      throw errors.badRequest("Object 'metadata' is missing or is not an object");
    }
    const candidate = clone(body);
    if (type.namespaced) {
      if (candidate.metadata.namespace && candidate.metadata.namespace !== namespace) {
        throw errors.badRequest(
          `the namespace of the provided object does not match the namespace sent on the request`,
        );
      }
      candidate.metadata.namespace = namespace;
    } else delete candidate.metadata.namespace;
    return candidate;
  }

  private checkPrecondition(type: ResourceType, previous: KubeObject, candidate: KubeObject): void {
    const wanted = candidate.metadata.resourceVersion;
    if (wanted && wanted !== previous.metadata.resourceVersion) {
      throw errors.conflict(
        type.group,
        type.resource,
        previous.metadata.name ?? '',
        'the object has been modified; please apply your changes to the latest version and try again',
      );
    }
  }

  private commit(
    type: ResourceType,
    previous: KubeObject | undefined,
    input: KubeObject,
    ctx: WriteContext,
    appliedManagedFields?: ManagedFieldsEntry[],
  ): KubeObject {
    const now = this.clock();
    let candidate = withoutNulls(input);
    candidate.apiVersion = apiVersionOf(type, ctx.version);
    candidate.kind = type.kind;
    if (ctx.subresource === 'status') {
      if (!previous) throw errors.notFound(type.group, type.resource, input.metadata.name ?? '');
      const next = clone(previous);
      next.apiVersion = candidate.apiVersion;
      if (candidate.status === undefined) delete next.status;
      else next.status = candidate.status;
      candidate = next;
    } else if (type.hasStatus) {
      if (previous) {
        if (previous.status === undefined) delete candidate.status;
        else candidate.status = clone(previous.status);
      } else initialStatus(type, candidate, now);
    }
    if (type.namespaced && candidate.metadata.namespace && !previous)
      this.requireNamespace(candidate.metadata.namespace);
    const metadata = candidate.metadata;
    metadata.uid = previous?.metadata.uid ?? randomUUID();
    metadata.creationTimestamp = previous?.metadata.creationTimestamp ?? now.toISOString().replace(/\.\d{3}Z$/, 'Z');
    delete metadata.resourceVersion;
    applyDefaults(candidate);
    this.serviceIps.allocate(type, previous, candidate);
    validate(candidate, previous, type);
    if (type.tracksGeneration) {
      const before = previous?.metadata.generation ?? 0;
      metadata.generation = !previous
        ? 1
        : deepEqual(specOf(previous, type), specOf(candidate, type))
          ? before
          : before + 1;
    } else delete metadata.generation;
    metadata.managedFields =
      appliedManagedFields ??
      trackUpdate(previous, candidate, {
        manager: ctx.manager,
        subresource: ctx.subresource,
        type,
        apiVersion: candidate.apiVersion,
        now,
      });
    if (previous && deepEqual(withoutVolatile(previous), withoutVolatile(candidate))) {
      return this.inVersion(previous, type, ctx.version);
    }
    if (ctx.dryRun) {
      if (previous?.metadata.resourceVersion) metadata.resourceVersion = previous.metadata.resourceVersion;
      return candidate;
    }
    const stored = this.store.put(storageKey(type), candidate);
    if (type.kind === 'CustomResourceDefinition') this.registry.syncCrd(stored, false);
    return this.inVersion(stored, type, ctx.version);
  }

  private requireNamespace(namespace: string): void {
    const namespaces = this.registry.find('', 'v1', 'namespaces');
    if (namespaces && !this.store.get(storageKey(namespaces), undefined, namespace)) {
      throw errors.notFound('', 'namespaces', namespace);
    }
  }

  private inVersion(object: KubeObject, type: ResourceType, version: string | undefined): KubeObject {
    if (version && type.versions.includes(version)) object.apiVersion = apiVersionOf(type, version);
    return object;
  }
}
