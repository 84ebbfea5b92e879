/**
 * What follows a delete: a CRD takes its custom resources and its discovery entry with it; a namespace takes its
 * objects; dependents (owner references) are deleted in the background, or freed from the reference when the
 * delete asked to orphan them (so a new owner can adopt them).
 */
import { clone, isJsonObject } from './json.js';
import { storageKey, type ResourceRegistry, type ResourceType } from './resources.js';
import type { ObjectStore } from './store.js';
import type { KubeObject } from './types.js';

export function collectGarbage(
  store: ObjectStore,
  registry: ResourceRegistry,
  type: ResourceType,
  removed: KubeObject,
  orphan: boolean,
): void {
  if (type.kind === 'CustomResourceDefinition') {
    const spec = isJsonObject(removed.spec) ? removed.spec : {};
    const names = isJsonObject(spec.names) ? spec.names : {};
    const crType = registry.all().find((t) => t.group === spec.group && t.resource === names.plural);
    if (crType) {
      for (const o of store.scan(storageKey(crType)))
        store.remove(storageKey(crType), o.metadata.namespace, o.metadata.name ?? '');
    }
    registry.syncCrd(removed, true);
  }
  if (type.kind === 'Namespace' && type.group === '') {
    for (const t of registry.all().filter((r) => r.namespaced)) {
      for (const o of store.scan(storageKey(t), removed.metadata.name))
        store.remove(storageKey(t), o.metadata.namespace, o.metadata.name ?? '');
    }
    return;
  }
  const uid = removed.metadata.uid ?? '';
  for (const t of registry.all()) {
    for (const dependent of store.scanOwnedBy(storageKey(t), uid)) {
      if (orphan) {
        const freed = clone(dependent);
        freed.metadata.ownerReferences = dependent.metadata.ownerReferences?.filter((ref) => ref.uid !== uid);
        if (freed.metadata.ownerReferences?.length === 0) delete freed.metadata.ownerReferences;
        store.put(storageKey(t), freed);
        continue;
      }
      const gone = store.remove(storageKey(t), dependent.metadata.namespace, dependent.metadata.name ?? '');
      if (gone) collectGarbage(store, registry, t, gone, false);
    }
  }
}
