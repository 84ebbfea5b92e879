/** What every controller needs: typed access to the object service, the clock, the nodes, and the timeline. */
import { performance } from 'node:perf_hooks';
import { clone } from '../json.js';
import type { ObjectService } from '../objects.js';
import { storageKey, type ResourceType } from '../resources.js';
import type { KubeObject, OwnerReference } from '../types.js';

export const CONTROLLER_MANAGER = 'kube-controller-manager';

export interface TimelineEntry {
  /** performance.now() when the fake wrote the change (for latency measurements). */
  at: number;
  time: string;
  kind: string;
  namespace?: string;
  name: string;
  event: string;
  detail?: string;
}

export interface WorkloadTypes {
  deployments: ResourceType;
  replicasets: ResourceType;
  statefulsets: ResourceType;
  daemonsets: ResourceType;
  controllerrevisions: ResourceType;
  pods: ResourceType;
}

export interface ControllerError {
  time: string;
  object: string;
  message: string;
}

export class ControllerContext {
  readonly timeline: TimelineEntry[] = [];
  readonly errors: ControllerError[] = [];
  private readonly timelineListeners = new Set<(entry: TimelineEntry) => void>();

  constructor(
    readonly service: ObjectService,
    readonly types: WorkloadTypes,
    readonly nodes: string[],
  ) {}

  now(): Date {
    return this.service.now();
  }

  /** The stored objects (deep-frozen: copy before changing). */
  list<T extends KubeObject>(type: ResourceType, namespace?: string): T[] {
    return this.service.store.scan(storageKey(type), type.namespaced ? namespace : undefined) as T[];
  }

  /** Objects in the owner's namespace whose controller owner reference points at `owner` (deep-frozen). */
  owned<T extends KubeObject>(type: ResourceType, owner: KubeObject): T[] {
    const uid = owner.metadata.uid ?? '';
    return this.service.store
      .scanOwnedBy(storageKey(type), uid)
      .filter((o) => o.metadata.ownerReferences?.some((ref) => ref.controller && ref.uid === uid)) as T[];
  }

  /** Run `reconcile` for each object; a failure is recorded and does not stop the others (as workqueues isolate keys). */
  each<T extends KubeObject>(objects: T[], reconcile: (object: T) => void): void {
    for (const object of objects) {
      try {
        reconcile(object);
      } catch (error) {
        this.errors.push({
          time: this.now().toISOString(),
          object: `${object.kind} ${object.metadata.namespace ?? ''}/${object.metadata.name ?? ''}`,
          message: (error as Error).message,
        });
        if (this.errors.length > 100) this.errors.splice(0, this.errors.length - 100);
      }
    }
  }

  create<T extends KubeObject>(type: ResourceType, object: T, manager = CONTROLLER_MANAGER): T {
    return this.service.create(type, object.metadata.namespace, clone(object), { manager }) as T;
  }

  update<T extends KubeObject>(type: ResourceType, object: T, manager = CONTROLLER_MANAGER): T {
    return this.service.replace(type, object.metadata.namespace, object.metadata.name ?? '', clone(object), {
      manager,
    }) as T;
  }

  updateStatus<T extends KubeObject>(type: ResourceType, object: T, manager = CONTROLLER_MANAGER): T {
    return this.service.replace(type, object.metadata.namespace, object.metadata.name ?? '', clone(object), {
      manager,
      subresource: 'status',
    }) as T;
  }

  remove(type: ResourceType, object: KubeObject): void {
    if (this.service.find(type, object.metadata.namespace, object.metadata.name ?? '')) {
      this.service.delete(type, object.metadata.namespace, object.metadata.name ?? '', {});
    }
  }

  record(object: KubeObject, event: string, detail?: string): void {
    const entry: TimelineEntry = {
      at: performance.now(),
      time: this.now().toISOString(),
      kind: object.kind,
      name: object.metadata.name ?? '',
      event,
    };
    if (object.metadata.namespace) entry.namespace = object.metadata.namespace;
    if (detail) entry.detail = detail;
    this.timeline.push(entry);
    if (this.timeline.length > 10_000) this.timeline.splice(0, this.timeline.length - 10_000);
    for (const listener of this.timelineListeners) listener(entry);
  }

  onTimeline(listener: (entry: TimelineEntry) => void): () => void {
    this.timelineListeners.add(listener);
    return () => this.timelineListeners.delete(listener);
  }
}

export function controllerRef(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name ?? '',
    uid: owner.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** An int-or-percent (maxSurge, maxUnavailable) against a total, rounding as the controllers do. */
export function scaledValue(
  value: number | string | undefined,
  total: number,
  roundUp: boolean,
  fallback: number,
): number {
  if (value === undefined) return fallback;
  if (typeof value === 'number') return value;
  const m = /^(\d+)%$/.exec(value);
  if (!m) return Number.isFinite(Number(value)) ? Number(value) : fallback;
  const exact = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/** Drop zero counters the real types mark `omitempty`, so clients meet missing fields as they do on a real cluster. */
export function omitZero<T extends object>(status: T, keep: string[]): T {
  const out = { ...status } as Record<string, unknown>;
  for (const [key, value] of Object.entries(out)) {
    if ((value === 0 || value === undefined) && !keep.includes(key)) delete out[key];
  }
  return out as T;
}
