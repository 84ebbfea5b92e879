/**
 * /version and API discovery: the legacy documents (APIVersions, APIGroupList, APIGroup, APIResourceList) and the
 * aggregated APIGroupDiscoveryList (apidiscovery.k8s.io v2 and v2beta1) that kubectl >= 1.30 asks for first by
 * content negotiation. Clients that do not ask for the aggregated form get the legacy one, as from a real server.
 */
import type { JsonObject } from './json.js';
import { ALL_VERBS, type ResourceRegistry, type ResourceType } from './resources.js';

export interface VersionInfo {
  major: string;
  minor: string;
  gitVersion: string;
}

export function versionDocument(info: VersionInfo): JsonObject {
  return {
    major: info.major,
    minor: info.minor,
    gitVersion: info.gitVersion,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2025-01-01T00:00:00Z',
    goVersion: 'go1.23.0',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

export function apiVersions(serverAddress: string): JsonObject {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function groupDocument(name: string, versions: string[]): JsonObject {
  const entries = versions.map((version) => ({ groupVersion: `${name}/${version}`, version }));
  return { name, versions: entries, preferredVersion: entries[0] ?? null };
}

export function apiGroupList(registry: ResourceRegistry): JsonObject {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: registry.groups().map((g) => groupDocument(g.name, g.versions)),
  };
}

export function apiGroup(registry: ResourceRegistry, name: string): JsonObject | undefined {
  const group = registry.groups().find((g) => g.name === name);
  return group ? { kind: 'APIGroup', apiVersion: 'v1', ...groupDocument(group.name, group.versions) } : undefined;
}

function typesIn(registry: ResourceRegistry, group: string, version: string): ResourceType[] {
  return registry.all().filter((t) => t.group === group && t.versions.includes(version));
}

export function apiResourceList(registry: ResourceRegistry, group: string, version: string): JsonObject | undefined {
  const types = typesIn(registry, group, version);
  if (types.length === 0) return undefined;
  const resources: JsonObject[] = [];
  for (const t of types) {
    const entry: JsonObject = {
      name: t.resource,
      singularName: t.singular,
      namespaced: t.namespaced,
      kind: t.kind,
      verbs: ALL_VERBS,
    };
    if (t.shortNames.length) entry.shortNames = t.shortNames;
    if (t.categories.length) entry.categories = t.categories;
    resources.push(entry);
    if (t.hasStatus) {
      resources.push({
        name: `${t.resource}/status`,
        singularName: '',
        namespaced: t.namespaced,
        kind: t.kind,
        verbs: ['get', 'patch', 'update'],
      });
    }
  }
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: group ? `${group}/${version}` : version,
    resources,
  };
}

export const AGGREGATED_DISCOVERY_VERSIONS = ['v2', 'v2beta1'] as const;
export type AggregatedDiscoveryVersion = (typeof AGGREGATED_DISCOVERY_VERSIONS)[number];

/** The aggregated discovery version an Accept header asks for, if any (first acceptable one wins). */
export function wantsAggregatedDiscovery(accept: string | undefined): AggregatedDiscoveryVersion | undefined {
  for (const range of (accept ?? '').split(',')) {
    const params = new Map(
      range
        .split(';')
        .slice(1)
        .map((p) => p.trim().split('=') as [string, string]),
    );
    if (params.get('g') === 'apidiscovery.k8s.io' && params.get('as') === 'APIGroupDiscoveryList') {
      const v = params.get('v');
      if (v === 'v2' || v === 'v2beta1') return v;
    }
    const mediaType = range.split(';')[0]?.trim();
    if (mediaType === 'application/json' && !range.includes('as=')) return undefined;
  }
  return undefined;
}

export function aggregatedContentType(version: AggregatedDiscoveryVersion): string {
  return `application/json;g=apidiscovery.k8s.io;v=${version};as=APIGroupDiscoveryList`;
}

function discoveryResource(t: ResourceType, version: string): JsonObject {
  const responseKind = { group: t.group, version, kind: t.kind };
  const entry: JsonObject = {
    resource: t.resource,
    responseKind,
    scope: t.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: t.singular,
    verbs: ALL_VERBS,
  };
  if (t.shortNames.length) entry.shortNames = t.shortNames;
  if (t.categories.length) entry.categories = t.categories;
  if (t.hasStatus) entry.subresources = [{ subresource: 'status', responseKind, verbs: ['get', 'patch', 'update'] }];
  return entry;
}

/** `/api` (legacy core group only) or `/apis` (every named group) as an APIGroupDiscoveryList. */
export function aggregatedDiscovery(
  registry: ResourceRegistry,
  legacy: boolean,
  version: AggregatedDiscoveryVersion,
): JsonObject {
  const groups = legacy ? [{ name: '', versions: ['v1'] }] : registry.groups();
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: `apidiscovery.k8s.io/${version}`,
    metadata: {},
    items: groups.map((g) => ({
      metadata: (legacy ? { creationTimestamp: null } : { name: g.name, creationTimestamp: null }) as JsonObject,
      versions: g.versions.map((v) => ({
        version: v,
        resources: typesIn(registry, g.name, v).map((t) => discoveryResource(t, v)),
        freshness: 'Current',
      })),
    })),
  };
}
