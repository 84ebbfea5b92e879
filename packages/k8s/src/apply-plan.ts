/**
 * Manifests to an ordered apply plan, with no I/O: namespace defaulting for namespaced kinds only, our labels,
 * provenance annotations that can never fail a deploy, imagePullSecrets injection, duplicate detection, and
 * waves of objects that may be applied at once: namespaces and CRDs first, then what workloads use (accounts,
 * config, storage, RBAC, services), then the workloads, then ingresses, custom resources and the rest, admission
 * webhooks last. Within a wave, objects keep the kind order below (how they are reported).
 */
import type { ManifestObject } from './manifest-parse.js';
import { describeObject, objectKey, podSpecsOf, splitApiVersion, type KubeObject } from './objects.js';

export const LABEL_MANAGED_BY = 'app.kubernetes.io/managed-by';
export const LABEL_APPLY_SET = 'eks-deploy.aws-delivery.dev/apply-set';
export const ANNOTATION_PREFIX = 'eks-deploy.aws-delivery.dev/';
export const PROVENANCE_KEYS = ['commit', 'run-url', 'repository', 'ref'] as const;
export type Provenance = Partial<Record<(typeof PROVENANCE_KEYS)[number], string>>;

/** Whether a kind is namespaced, from discovery or a CRD in the same manifests; undefined when unknown. */
export type ScopeLookup = (apiVersion: string, kind: string) => boolean | undefined;

export interface ApplyPlanOptions {
  /** Namespace for namespaced objects that have none. */
  namespace: string;
  isNamespaced: ScopeLookup;
  managedBy: string;
  /** A label value naming the set of objects this workflow owns (for prune). */
  applySet: string;
  provenance?: Provenance;
  imagePullSecrets?: readonly string[];
}

export interface PlannedObject {
  object: KubeObject;
  source: string;
  key: string;
  namespaced: boolean;
}

export interface ApplyPlan {
  /** Applied one wave after another; objects within a wave do not depend on each other. */
  waves: PlannedObject[][];
  objects: PlannedObject[];
  warnings: string[];
}

export class ApplyPlanError extends Error {
  override readonly name = 'ApplyPlanError';
}

const KIND_ORDER = [
  'Namespace',
  'CustomResourceDefinition',
  'PriorityClass',
  'ResourceQuota',
  'LimitRange',
  'PodSecurityPolicy',
  'PodDisruptionBudget',
  'ServiceAccount',
  'Secret',
  'SecretList',
  'ConfigMap',
  'StorageClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'ClusterRole',
  'ClusterRoleBinding',
  'Role',
  'RoleBinding',
  'Service',
  'DaemonSet',
  'Pod',
  'ReplicationController',
  'ReplicaSet',
  'Deployment',
  'HorizontalPodAutoscaler',
  'StatefulSet',
  'Job',
  'CronJob',
  'IngressClass',
  'Ingress',
  'APIService',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
];

/** The first kind of each wave after the first. */
const WAVE_STARTS = ['PriorityClass', 'DaemonSet', 'IngressClass', 'MutatingWebhookConfiguration'];

function waveOf(object: KubeObject): number {
  const kindRank = rank(object);
  const webhook = KIND_ORDER.indexOf('MutatingWebhookConfiguration');
  // Custom resources and unknown kinds go with the ingresses, before the webhooks that could judge them.
  const effective = kindRank === KIND_ORDER.length ? webhook - 1 : kindRank;
  return WAVE_STARTS.filter((kind) => effective >= KIND_ORDER.indexOf(kind)).length;
}

function rank(object: KubeObject): number {
  const index = KIND_ORDER.indexOf(object.kind);
  return index < 0 ? KIND_ORDER.length : index;
}

/** Label values: at most 63 characters of [A-Za-z0-9._-], starting and ending alphanumeric. */
export function labelValue(text: string): string {
  const cleaned = text
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 63)
    .replace(/[^A-Za-z0-9]+$/, '');
  return cleaned || 'default';
}

/** A string annotation value, or nothing: provenance never fails a deploy. */
function safeAnnotation(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  // eslint-disable-next-line no-control-regex
  const clean = value.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return clean ? clean.slice(0, 2048) : undefined;
}

function addProvenance(object: KubeObject, provenance: Provenance, warnings: string[]): void {
  try {
    const entries: [string, string][] = [];
    for (const key of PROVENANCE_KEYS) {
      const value = safeAnnotation(provenance[key]);
      if (value !== undefined) entries.push([`${ANNOTATION_PREFIX}${key}`, value]);
    }
    if (entries.length === 0) return;
    const annotations = object.metadata.annotations;
    if (
      annotations !== undefined &&
      (typeof annotations !== 'object' || annotations === null || Array.isArray(annotations))
    ) {
      warnings.push(
        `${describeObject(object)}: metadata.annotations is not a mapping; provenance annotations left out`,
      );
      return;
    }
    object.metadata.annotations = { ...(annotations ?? {}), ...Object.fromEntries(entries) };
  } catch (error) {
    warnings.push(`${describeObject(object)}: provenance annotations left out (${(error as Error).message})`);
  }
}

function addLabels(object: KubeObject, labels: Record<string, string>): void {
  const current = object.metadata.labels;
  if (current !== undefined && (typeof current !== 'object' || current === null || Array.isArray(current))) {
    throw new ApplyPlanError(`${describeObject(object)}: metadata.labels is not a mapping`);
  }
  object.metadata.labels = { ...(current ?? {}), ...labels };
}

function addPullSecrets(object: KubeObject, names: readonly string[]): void {
  for (const spec of podSpecsOf(object)) {
    const existing = Array.isArray(spec.imagePullSecrets) ? (spec.imagePullSecrets as { name?: unknown }[]) : [];
    const missing = names.filter((name) => !existing.some((secret) => secret?.name === name));
    if (missing.length) spec.imagePullSecrets = [...existing, ...missing.map((name) => ({ name }))];
  }
}

/** Scope of kinds whose CustomResourceDefinition is among the manifests (discovery cannot know them yet). */
export function scopesFromCrds(objects: readonly KubeObject[]): Map<string, boolean> {
  const scopes = new Map<string, boolean>();
  for (const crd of objects) {
    if (crd.kind !== 'CustomResourceDefinition') continue;
    const spec = crd.spec as
      { group?: string; scope?: string; names?: { kind?: string }; versions?: { name?: string }[] } | undefined;
    if (!spec?.group || !spec.names?.kind) continue;
    for (const version of spec.versions ?? []) {
      if (version.name) scopes.set(`${spec.group}/${version.name}|${spec.names.kind}`, spec.scope !== 'Cluster');
    }
  }
  return scopes;
}

export function planApply(manifests: readonly ManifestObject[], options: ApplyPlanOptions): ApplyPlan {
  const warnings: string[] = [];
  const crdScopes = scopesFromCrds(manifests.map((m) => m.object));
  const seen = new Map<string, string>();
  const labels = { [LABEL_MANAGED_BY]: labelValue(options.managedBy), [LABEL_APPLY_SET]: labelValue(options.applySet) };
  const unknown: string[] = [];
  const planned: PlannedObject[] = [];
  for (const { object: original, source } of manifests) {
    const object = structuredClone(original);
    const namespaced =
      options.isNamespaced(object.apiVersion, object.kind) ?? crdScopes.get(`${object.apiVersion}|${object.kind}`);
    if (namespaced === undefined) {
      unknown.push(`${object.kind} (${object.apiVersion}) in ${source}`);
      continue;
    }
    if (namespaced && !object.metadata.namespace) object.metadata.namespace = options.namespace;
    if (!namespaced && object.metadata.namespace) {
      const ignored = object.metadata.namespace;
      delete object.metadata.namespace;
      warnings.push(
        `${describeObject(object)} (${source}) is cluster-scoped; its metadata.namespace "${ignored}" is ignored`,
      );
    }
    addLabels(object, labels);
    if (options.provenance) addProvenance(object, options.provenance, warnings);
    if (options.imagePullSecrets?.length) addPullSecrets(object, options.imagePullSecrets);
    const key = objectKey(object);
    const earlier = seen.get(key);
    if (earlier) {
      throw new ApplyPlanError(`${describeObject(object)} appears twice: in ${earlier} and in ${source}. Keep one.`);
    }
    seen.set(key, source);
    planned.push({ object, source, key, namespaced });
  }
  if (unknown.length) {
    throw new ApplyPlanError(
      `The cluster does not serve ${unknown.join(', ')}. Check the apiVersion (deprecated versions are removed in ` +
        `newer Kubernetes releases) or install the CustomResourceDefinition first.`,
    );
  }
  const sorted = planned
    .map((p, index) => ({ p, index }))
    .sort((a, b) => rank(a.p.object) - rank(b.p.object) || a.index - b.index)
    .map(({ p }) => p);
  const waveNumbers = [...new Set(sorted.map((p) => waveOf(p.object)))].sort((a, b) => a - b);
  const waves = waveNumbers.map((n) => sorted.filter((p) => waveOf(p.object) === n));
  const ordered = waves.flat();
  return { waves, objects: ordered, warnings };
}

/** `apps/v1` + `Deployment` → `apps/v1|Deployment`, the key ScopeLookup implementations use. */
export function gvkKey(apiVersion: string, kind: string): string {
  const { group, version } = splitApiVersion(apiVersion);
  return `${group ? `${group}/` : ''}${version}|${kind}`;
}
