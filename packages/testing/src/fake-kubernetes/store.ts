/**
 * In-memory object storage with one global, increasing resourceVersion (as etcd's revision is) and a bounded
 * history of changes that watches replay from. Stored objects are deep-frozen; get/list hand out copies.
 */
import { clone, deepFreeze } from './json.js';
import type { KubeObject } from './types.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** A change; `object` and `previous` are the frozen stored objects (copy before changing them). */
export interface StoreEvent {
  type: WatchEventType;
  /** storageKey() of the resource type, e.g. "apps/deployments". */
  key: string;
  revision: number;
  object: KubeObject;
  /** The object before this change (MODIFIED only), so label-selector watches can see objects leave the set. */
  previous?: KubeObject;
}

function objectKey(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

export class ObjectStore {
  private revision = 0;
  private readonly buckets = new Map<string, Map<string, KubeObject>>();
  private readonly history: StoreEvent[] = [];
  /** Events at or below this revision have been compacted away; watching from them answers 410 Gone. */
  private compactedRevision = 0;
  private readonly listeners = new Set<(event: StoreEvent) => void>();
  /** `<key>|<owner uid>` → ids of objects with an owner reference to that uid. */
  private readonly owners = new Map<string, Set<string>>();

  constructor(private readonly historyLimit: number) {}

  currentRevision(): number {
    return this.revision;
  }

  oldestWatchableRevision(): number {
    return this.compactedRevision;
  }

  get(key: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const found = this.buckets.get(key)?.get(objectKey(namespace, name));
    return found ? clone(found) : undefined;
  }

  /** Copies of the objects of one type, optionally in one namespace and passing `filter` (run before copying). */
  list(key: string, namespace?: string, filter?: (object: Readonly<KubeObject>) => boolean): KubeObject[] {
    return this.scan(key, namespace, filter).map((o) => clone(o));
  }

  /**
   * The stored objects themselves, deep-frozen, in name order: for controllers, which read far more than they write
   * and copy before they change anything. Mutating one throws.
   */
  scan(key: string, namespace?: string, filter?: (object: Readonly<KubeObject>) => boolean): KubeObject[] {
    const bucket = this.buckets.get(key);
    if (!bucket) return [];
    const found: [string, KubeObject][] = [];
    for (const entry of bucket) {
      const o = entry[1];
      if ((namespace === undefined || o.metadata.namespace === namespace) && (!filter || filter(o))) found.push(entry);
    }
    return found.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, o]) => o);
  }

  /** Stored objects of one type that carry an owner reference to `ownerUid` (indexed; deep-frozen). */
  scanOwnedBy(key: string, ownerUid: string): KubeObject[] {
    const ids = this.owners.get(`${key}|${ownerUid}`);
    const bucket = this.buckets.get(key);
    if (!ids || !bucket) return [];
    return [...ids]
      .sort()
      .map((id) => bucket.get(id))
      .filter((o): o is KubeObject => o !== undefined);
  }

  private index(key: string, id: string, object: KubeObject | undefined, add: boolean): void {
    for (const ref of object?.metadata.ownerReferences ?? []) {
      const slot = `${key}|${ref.uid}`;
      let ids = this.owners.get(slot);
      if (add) {
        if (!ids) this.owners.set(slot, (ids = new Set()));
        ids.add(id);
      } else if (ids) {
        ids.delete(id);
        if (ids.size === 0) this.owners.delete(slot);
      }
    }
  }

  /** Store a new or changed object under a fresh resourceVersion and tell watchers. Returns the stored copy. */
  put(key: string, object: KubeObject): KubeObject {
    const name = object.metadata.name ?? '';
    const bucket = this.bucket(key);
    const id = objectKey(object.metadata.namespace, name);
    const previous = bucket.get(id);
    const type: WatchEventType = previous ? 'MODIFIED' : 'ADDED';
    this.revision += 1;
    const stored = clone(object);
    stored.metadata.resourceVersion = String(this.revision);
    deepFreeze(stored);
    this.index(key, id, previous, false);
    this.index(key, id, stored, true);
    bucket.set(id, stored);
    const event: StoreEvent = { type, key, revision: this.revision, object: stored };
    if (previous) event.previous = previous;
    this.record(event);
    return clone(stored);
  }

  remove(key: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const bucket = this.buckets.get(key);
    const id = objectKey(namespace, name);
    const existing = bucket?.get(id);
    if (!bucket || !existing) return undefined;
    bucket.delete(id);
    this.index(key, id, existing, false);
    this.revision += 1;
    const gone = clone(existing);
    gone.metadata.resourceVersion = String(this.revision);
    this.record({ type: 'DELETED', key, revision: this.revision, object: deepFreeze(clone(gone)) });
    return gone;
  }

  /** Changes to one resource type after `revision`, or 'expired' when history no longer reaches back that far. */
  eventsSince(key: string, revision: number): StoreEvent[] | 'expired' {
    if (revision < this.compactedRevision) return 'expired';
    return this.history.filter((e) => e.key === key && e.revision > revision).map((e) => ({ ...e }));
  }

  subscribe(listener: (event: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Forget all history, as etcd compaction does: any watch from an older resourceVersion now gets 410 Gone. */
  compact(): void {
    this.history.length = 0;
    this.compactedRevision = this.revision;
  }

  private bucket(key: string): Map<string, KubeObject> {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new Map();
      this.buckets.set(key, bucket);
    }
    return bucket;
  }

  private record(event: StoreEvent): void {
    this.history.push(event);
    while (this.history.length > this.historyLimit) {
      const dropped = this.history.shift();
      if (dropped) this.compactedRevision = dropped.revision;
    }
    for (const listener of this.listeners) listener({ ...event });
  }
}
