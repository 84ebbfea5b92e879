/** The resource types the fake serves: built-in ones plus whatever CustomResourceDefinitions add. */
import { asObject, isJsonObject } from './json.js';
import type { KubeObject } from './types.js';

export interface ResourceType {
  group: string;
  /** Versions served; the first is the preferred (storage) version. */
  versions: string[];
  resource: string;
  kind: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  hasStatus: boolean;
  /** metadata.generation is kept and bumped on spec changes (workloads, CRDs, custom resources). */
  tracksGeneration: boolean;
}

export const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

function builtin(
  group: string,
  version: string,
  resource: string,
  kind: string,
  options: Partial<Pick<ResourceType, 'namespaced' | 'shortNames' | 'categories' | 'hasStatus' | 'tracksGeneration'>>,
): ResourceType {
  return {
    group,
    versions: [version],
    resource,
    kind,
    singular: kind.toLowerCase(),
    namespaced: options.namespaced ?? true,
    shortNames: options.shortNames ?? [],
    categories: options.categories ?? [],
    hasStatus: options.hasStatus ?? false,
    tracksGeneration: options.tracksGeneration ?? false,
  };
}

const BUILTIN_TYPES: ResourceType[] = [
  builtin('', 'v1', 'namespaces', 'Namespace', { namespaced: false, shortNames: ['ns'], hasStatus: true }),
  builtin('', 'v1', 'nodes', 'Node', { namespaced: false, shortNames: ['no'], hasStatus: true }),
  builtin('', 'v1', 'pods', 'Pod', { shortNames: ['po'], categories: ['all'], hasStatus: true }),
  builtin('', 'v1', 'services', 'Service', { shortNames: ['svc'], categories: ['all'], hasStatus: true }),
  builtin('', 'v1', 'configmaps', 'ConfigMap', { shortNames: ['cm'] }),
  builtin('', 'v1', 'secrets', 'Secret', {}),
  builtin('', 'v1', 'serviceaccounts', 'ServiceAccount', { shortNames: ['sa'] }),
  builtin('apps', 'v1', 'deployments', 'Deployment', {
    shortNames: ['deploy'],
    categories: ['all'],
    hasStatus: true,
    tracksGeneration: true,
  }),
  builtin('apps', 'v1', 'replicasets', 'ReplicaSet', {
    shortNames: ['rs'],
    categories: ['all'],
    hasStatus: true,
    tracksGeneration: true,
  }),
  builtin('apps', 'v1', 'statefulsets', 'StatefulSet', {
    shortNames: ['sts'],
    categories: ['all'],
    hasStatus: true,
    tracksGeneration: true,
  }),
  builtin('apps', 'v1', 'daemonsets', 'DaemonSet', {
    shortNames: ['ds'],
    categories: ['all'],
    hasStatus: true,
    tracksGeneration: true,
  }),
  builtin('apps', 'v1', 'controllerrevisions', 'ControllerRevision', {}),
  builtin('apiextensions.k8s.io', 'v1', 'customresourcedefinitions', 'CustomResourceDefinition', {
    namespaced: false,
    shortNames: ['crd', 'crds'],
    hasStatus: true,
    tracksGeneration: true,
  }),
];

export class ResourceRegistry {
  private readonly types: ResourceType[] = [...BUILTIN_TYPES];

  all(): readonly ResourceType[] {
    return this.types;
  }

  find(group: string, version: string, resource: string): ResourceType | undefined {
    return this.types.find((t) => t.group === group && t.resource === resource && t.versions.includes(version));
  }

  byKind(group: string, kind: string): ResourceType | undefined {
    return this.types.find((t) => t.group === group && t.kind === kind);
  }

  /** Groups in discovery order: the legacy core group is served under /api, the rest under /apis. */
  groups(): { name: string; versions: string[] }[] {
    const groups = new Map<string, string[]>();
    for (const type of this.types) {
      if (!type.group) continue;
      const versions = groups.get(type.group) ?? [];
      for (const v of type.versions) if (!versions.includes(v)) versions.push(v);
      groups.set(type.group, versions);
    }
    return [...groups].map(([name, versions]) => ({ name, versions }));
  }

  /** Serve (or stop serving) the resource a CRD defines; called whenever a CRD is stored or deleted. */
  syncCrd(crd: KubeObject, deleted: boolean): void {
    const spec = asObject(crd.spec);
    const names = asObject(spec.names);
    const group = String(spec.group ?? '');
    const plural = String(names.plural ?? '');
    const index = this.types.findIndex((t) => t.group === group && t.resource === plural);
    if (index >= 0) this.types.splice(index, 1);
    if (deleted || !group || !plural) return;
    const versions = (Array.isArray(spec.versions) ? spec.versions : []).filter(isJsonObject);
    const served = versions.filter((v) => v.served !== false).map((v) => String(v.name));
    const storage = versions.find((v) => v.storage === true);
    const ordered = storage ? [String(storage.name), ...served.filter((v) => v !== storage.name)] : served;
    const subresources = asObject((storage ?? versions[0] ?? {}).subresources);
    this.types.push({
      group,
      versions: ordered,
      resource: plural,
      kind: String(names.kind ?? ''),
      singular: String(names.singular ?? String(names.kind ?? '').toLowerCase()),
      namespaced: spec.scope !== 'Cluster',
      shortNames: Array.isArray(names.shortNames) ? names.shortNames.map(String) : [],
      categories: Array.isArray(names.categories) ? names.categories.map(String) : [],
      hasStatus: 'status' in subresources,
      tracksGeneration: true,
    });
  }
}

export function apiVersionOf(type: ResourceType, version = type.versions[0]): string {
  return type.group ? `${type.group}/${version}` : String(version);
}

export function storageKey(type: ResourceType): string {
  return `${type.group}/${type.resource}`;
}
