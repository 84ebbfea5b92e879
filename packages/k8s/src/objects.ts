/** The shapes of Kubernetes objects this package reads, kept loose: manifests carry any kind. */

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  generation?: number;
  resourceVersion?: string;
  uid?: string;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  ownerReferences?: OwnerReference[];
  managedFields?: unknown[];
  [key: string]: unknown;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

export interface KubeList<T extends KubeObject = KubeObject> {
  apiVersion?: string;
  kind?: string;
  metadata: { resourceVersion?: string; continue?: string };
  items: T[];
}

export type PodSpecLike = Record<string, unknown>;

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  lastUpdateTime?: string;
}

export interface PodTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string>; [key: string]: unknown };
  spec?: PodSpecLike;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `apps/v1` → { group: 'apps', version: 'v1' }; `v1` → core group ''. */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** `Deployment/prod/web`, `Namespace/prod`: how objects are named in messages and outputs. */
export function describeObject(object: Pick<KubeObject, 'kind' | 'metadata'>): string {
  const ns = object.metadata.namespace ? `${object.metadata.namespace}/` : '';
  return `${object.kind}/${ns}${object.metadata.name ?? object.metadata.generateName ?? '?'}`;
}

/** Identity of an object across manifests and the cluster: group, kind, namespace, name. */
export function objectKey(object: Pick<KubeObject, 'apiVersion' | 'kind' | 'metadata'>): string {
  const { group } = splitApiVersion(object.apiVersion);
  return `${group}|${object.kind}|${object.metadata.namespace ?? ''}|${object.metadata.name ?? ''}`;
}

function at(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (!isRecord(current)) return undefined;
    current = current[key];
  }
  return current;
}

const POD_SPEC_PATHS: readonly (readonly string[])[] = [
  ['spec', 'template', 'spec'],
  ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  ['template', 'spec'],
];

/** The pod specs an object carries: a Pod's own, a workload's template (any kind with spec.template), a CronJob's. */
export function podSpecsOf(object: KubeObject): PodSpecLike[] {
  if (object.kind === 'Pod') return isRecord(object.spec) ? [object.spec] : [];
  return POD_SPEC_PATHS.map((path) => at(object, path)).filter(isRecord);
}

export function podTemplateOf(object: KubeObject): PodTemplate | undefined {
  const template = at(object, ['spec', 'template']);
  return isRecord(template) ? (template as PodTemplate) : undefined;
}

export function conditionOf(object: KubeObject, type: string): Condition | undefined {
  const conditions = at(object, ['status', 'conditions']);
  if (!Array.isArray(conditions)) return undefined;
  return conditions.find((c): c is Condition => isRecord(c) && c.type === type);
}

export function numberAt(object: unknown, ...path: string[]): number | undefined {
  const value = at(object, path);
  return typeof value === 'number' ? value : undefined;
}

export function stringAt(object: unknown, ...path: string[]): string | undefined {
  const value = at(object, path);
  return typeof value === 'string' ? value : undefined;
}

export function valueAt(object: unknown, ...path: string[]): unknown {
  return at(object, path);
}

export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet'] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

export function isWorkload(object: Pick<KubeObject, 'apiVersion' | 'kind'>): boolean {
  return (
    splitApiVersion(object.apiVersion).group === 'apps' && (WORKLOAD_KINDS as readonly string[]).includes(object.kind)
  );
}

export function controllerOf(object: KubeObject): OwnerReference | undefined {
  return object.metadata.ownerReferences?.find((ref) => ref.controller);
}
