/**
 * Prune: objects that carry our managed-by and apply-set labels but are no longer in the manifests. Only kinds in
 * the manifests plus a fixed list of common kinds are searched, only in the namespaces the manifests touch;
 * Namespaces and CustomResourceDefinitions are never pruned (deleting them deletes everything inside), and
 * objects owned by another object are left to their owner.
 */
import { deleteObject } from './apply.js';
import { LABEL_APPLY_SET, LABEL_MANAGED_BY, labelValue } from './apply-plan.js';
import { Discovery, resourcePath, type ResourceInfo } from './discovery.js';
import type { KubeClient } from './kube-client.js';
import { objectKey, type KubeList, type KubeObject } from './objects.js';

export interface PruneCandidate {
  info: ResourceInfo;
  namespace?: string;
  name: string;
  description: string;
}

export const DEFAULT_PRUNE_KINDS: readonly [string, string][] = [
  ['v1', 'ConfigMap'],
  ['v1', 'Secret'],
  ['v1', 'Service'],
  ['v1', 'ServiceAccount'],
  ['apps/v1', 'Deployment'],
  ['apps/v1', 'StatefulSet'],
  ['apps/v1', 'DaemonSet'],
  ['batch/v1', 'Job'],
  ['batch/v1', 'CronJob'],
  ['networking.k8s.io/v1', 'Ingress'],
  ['policy/v1', 'PodDisruptionBudget'],
  ['autoscaling/v2', 'HorizontalPodAutoscaler'],
];

const NEVER_PRUNED = ['Namespace', 'CustomResourceDefinition'];

/** The listed objects that are not kept (pure). */
export function selectPrune(items: readonly KubeObject[], keep: ReadonlySet<string>): KubeObject[] {
  return items.filter(
    (item) =>
      !NEVER_PRUNED.includes(item.kind) &&
      !item.metadata.deletionTimestamp &&
      !(item.metadata.ownerReferences ?? []).length &&
      !keep.has(objectKey(item)),
  );
}

export interface PruneSearch {
  kinds: readonly [string, string][];
  namespaces: readonly string[];
  managedBy: string;
  applySet: string;
  /** objectKey of every object in the manifests. */
  keep: ReadonlySet<string>;
}

export async function findPruneCandidates(
  client: KubeClient,
  discovery: Discovery,
  search: PruneSearch,
): Promise<PruneCandidate[]> {
  const selector = `${LABEL_MANAGED_BY}=${labelValue(search.managedBy)},${LABEL_APPLY_SET}=${labelValue(search.applySet)}`;
  const seen = new Set<string>();
  const candidates: PruneCandidate[] = [];
  for (const [apiVersion, kind] of search.kinds) {
    if (NEVER_PRUNED.includes(kind) || seen.has(`${apiVersion}|${kind}`)) continue;
    seen.add(`${apiVersion}|${kind}`);
    const info = await discovery.resolve(apiVersion, kind);
    if (!info || !info.verbs.includes('list') || !info.verbs.includes('delete')) continue;
    const scopes = info.namespaced ? search.namespaces : [undefined];
    for (const namespace of scopes) {
      const list = await client.get<KubeList>(
        resourcePath(info, namespace),
        { labelSelector: selector },
        `${kind} list for prune`,
      );
      const items = list.items.map((item) => ({ ...item, apiVersion, kind }));
      for (const item of selectPrune(items, search.keep)) {
        const ns = item.metadata.namespace;
        candidates.push({
          info,
          ...(ns ? { namespace: ns } : {}),
          name: item.metadata.name ?? '',
          description: `${kind}/${ns ? `${ns}/` : ''}${item.metadata.name ?? ''}`,
        });
      }
    }
  }
  return candidates;
}

export async function prune(
  client: KubeClient,
  candidates: readonly PruneCandidate[],
  dryRun: boolean,
): Promise<string[]> {
  const deleted: string[] = [];
  for (const candidate of candidates) {
    if (await deleteObject(client, candidate.info, candidate.namespace, candidate.name, dryRun))
      deleted.push(candidate.description);
  }
  return deleted;
}
