/**
 * How each list in the built-in types merges, from the Kubernetes API's patchMergeKey / listType markers: keyed
 * ("map") lists merge item by item, "set" lists merge by value, everything else is replaced whole ("atomic").
 * Strategic merge patch and server-side apply both read this table. Custom resources have atomic lists unless
 * they are the shared metadata lists, as with a CRD schema that declares no x-kubernetes-list-type.
 */
export type ListType = { type: 'map'; keys: string[] } | { type: 'set' } | { type: 'atomic' };

const CONTAINER_LISTS = ['containers', 'initContainers', 'ephemeralContainers'];

function keyed(...keys: string[]): ListType {
  return { type: 'map', keys };
}

/** `path` holds the field names from the object root down to the list, list positions left out. */
export function listTypeAt(path: readonly string[], builtin: boolean): ListType {
  const name = path[path.length - 1] ?? '';
  const parent = path[path.length - 2] ?? '';
  if (path[0] === 'metadata' && path.length === 2) {
    if (name === 'ownerReferences') return keyed('uid');
    if (name === 'finalizers') return { type: 'set' };
  }
  if (!builtin) return { type: 'atomic' };
  if (CONTAINER_LISTS.includes(name)) return keyed('name');
  const inContainer = path.some((p) => CONTAINER_LISTS.includes(p));
  switch (name) {
    case 'env':
      return keyed('name');
    case 'ports':
      if (inContainer) return keyed('containerPort');
      if (path.length === 2 && parent === 'spec') return keyed('port');
      return { type: 'atomic' };
    case 'volumeMounts':
      return keyed('mountPath');
    case 'volumeDevices':
      return keyed('devicePath');
    case 'volumes':
    case 'imagePullSecrets':
    case 'resourceClaims':
    case 'secrets':
      return keyed('name');
    case 'hostAliases':
      return keyed('ip');
    case 'topologySpreadConstraints':
      return keyed('topologyKey', 'whenUnsatisfiable');
    case 'conditions':
      return keyed('type');
    case 'versions':
      return path.length === 2 && parent === 'spec' ? keyed('name') : { type: 'atomic' };
    default:
      return { type: 'atomic' };
  }
}
