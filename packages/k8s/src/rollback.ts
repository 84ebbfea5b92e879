/**
 * Rollback to the previous revision, as `kubectl rollout undo` finds it: a Deployment's previous revision is the
 * ReplicaSet with the highest `deployment.kubernetes.io/revision` below the newest; a StatefulSet's or DaemonSet's
 * is the ControllerRevision with the highest `.revision` below the newest. The previous pod template is put back
 * by server-side apply of the same manifest with that template, under the same field manager, so the field
 * ownership stays ours and the next deploy applies cleanly.
 */
import type { KubeClient } from './kube-client.js';
import { KubeApiError } from './kube-errors.js';
import { labelSelectorString } from './object-watch.js';
import { controllerOf, isRecord, type KubeList, type KubeObject, type PodTemplate } from './objects.js';
import { revisionOf } from './pod-problems.js';
import { ANNOTATION_PREFIX } from './apply-plan.js';

export interface PreviousRevision {
  /** The revision rolled back to. */
  revision: number;
  /** The revision that failed. */
  failedRevision: number;
  template: PodTemplate;
  /** The ReplicaSet or ControllerRevision it came from. */
  source: string;
  /** The ControllerRevision name of the failed revision (StatefulSets and DaemonSets). */
  failedRevisionName?: string;
}

const GENERATED_LABELS = ['pod-template-hash', 'controller-revision-hash', 'pod-template-generation'];
export const ANNOTATION_ROLLED_BACK_FROM = `${ANNOTATION_PREFIX}rolled-back-from-revision`;

/** A stored template made fit to apply: no labels the controllers add, no server-set metadata. */
export function cleanTemplate(template: unknown): PodTemplate {
  const copy = structuredClone(isRecord(template) ? template : {}) as PodTemplate & Record<string, unknown>;
  delete copy.$patch;
  if (copy.metadata) {
    delete copy.metadata.creationTimestamp;
    if (copy.metadata.labels) {
      for (const label of GENERATED_LABELS) delete copy.metadata.labels[label];
    }
  }
  return copy;
}

function ownedBy(owner: KubeObject) {
  return (object: KubeObject) => owner.metadata.uid !== undefined && controllerOf(object)?.uid === owner.metadata.uid;
}

/** The previous revision of a Deployment among its ReplicaSets. */
export function previousDeploymentRevision(
  deployment: KubeObject,
  replicaSets: readonly KubeObject[],
): PreviousRevision | undefined {
  const owned = replicaSets
    .filter(ownedBy(deployment))
    .map((rs) => ({ rs, revision: revisionOf(rs) }))
    .filter((entry): entry is { rs: KubeObject; revision: number } => entry.revision !== undefined)
    .sort((a, b) => b.revision - a.revision);
  const newest = owned[0];
  const previous = owned.find((entry) => newest && entry.revision < newest.revision);
  if (!newest || !previous) return undefined;
  const spec = isRecord(previous.rs.spec) ? previous.rs.spec : {};
  return {
    revision: previous.revision,
    failedRevision: newest.revision,
    template: cleanTemplate(spec.template),
    source: `ReplicaSet/${previous.rs.metadata.name ?? '?'}`,
  };
}

/** The previous revision of a StatefulSet or DaemonSet among its ControllerRevisions. */
export function previousControllerRevision(
  workload: KubeObject,
  revisions: readonly KubeObject[],
): PreviousRevision | undefined {
  const owned = revisions
    .filter(ownedBy(workload))
    .filter((r) => typeof r.revision === 'number')
    .sort((a, b) => (b.revision as number) - (a.revision as number));
  const newest = owned[0];
  const previous = owned[1];
  if (!newest || !previous) return undefined;
  const data = isRecord(previous.data) ? previous.data : {};
  const spec = isRecord(data.spec) ? data.spec : {};
  return {
    revision: previous.revision as number,
    failedRevision: newest.revision as number,
    template: cleanTemplate(spec.template),
    source: `ControllerRevision/${previous.metadata.name ?? '?'}`,
    ...(newest.metadata.name ? { failedRevisionName: newest.metadata.name } : {}),
  };
}

/** The applied manifest with the previous template back in place. */
export function rollbackManifest(applied: KubeObject, previous: PreviousRevision): KubeObject {
  const copy = structuredClone(applied);
  const spec = isRecord(copy.spec) ? copy.spec : {};
  spec.template = structuredClone(previous.template);
  copy.spec = spec;
  copy.metadata.annotations = {
    ...(copy.metadata.annotations ?? {}),
    [ANNOTATION_ROLLED_BACK_FROM]: String(previous.failedRevision),
  };
  return copy;
}

/** Reads the history of a workload from the cluster and finds its previous revision. */
export async function findPreviousRevision(
  client: KubeClient,
  workload: KubeObject,
): Promise<PreviousRevision | undefined> {
  const ns = encodeURIComponent(workload.metadata.namespace ?? 'default');
  const spec = isRecord(workload.spec) ? workload.spec : {};
  const selector = labelSelectorString(spec.selector);
  const query = selector ? { labelSelector: selector } : {};
  if (workload.kind === 'Deployment') {
    const list = await client.get<KubeList>(
      `/apis/apps/v1/namespaces/${ns}/replicasets`,
      query,
      `ReplicaSets of Deployment ${workload.metadata.name}`,
    );
    return previousDeploymentRevision(workload, list.items);
  }
  const list = await client.get<KubeList>(
    `/apis/apps/v1/namespaces/${ns}/controllerrevisions`,
    query,
    `ControllerRevisions of ${workload.kind} ${workload.metadata.name}`,
  );
  return previousControllerRevision(workload, list.items);
}

function isReady(pod: KubeObject): boolean {
  const status = isRecord(pod.status) ? pod.status : {};
  const conditions = Array.isArray(status.conditions) ? status.conditions : [];
  return conditions.some((c) => isRecord(c) && c.type === 'Ready' && c.status === 'True');
}

/**
 * The pods a StatefulSet rollback must delete: with OrderedReady management a pod of the failed revision that is
 * not ready blocks the controller for good, so the Kubernetes documentation's "forced rollback" deletes them after
 * reverting the template. Other kinds need nothing.
 */
export function podsBlockingRollback(
  workload: KubeObject,
  pods: readonly KubeObject[],
  previous: PreviousRevision,
): KubeObject[] {
  if (workload.kind !== 'StatefulSet' || !previous.failedRevisionName) return [];
  return pods
    .filter(ownedBy(workload))
    .filter((pod) => pod.metadata.labels?.['controller-revision-hash'] === previous.failedRevisionName)
    .filter((pod) => !isReady(pod) && !pod.metadata.deletionTimestamp);
}

/** Deletes the pods that would block a StatefulSet rollback; returns their names. */
export async function deletePodsBlockingRollback(
  client: KubeClient,
  workload: KubeObject,
  previous: PreviousRevision,
): Promise<string[]> {
  if (workload.kind !== 'StatefulSet') return [];
  const ns = encodeURIComponent(workload.metadata.namespace ?? 'default');
  const spec = isRecord(workload.spec) ? workload.spec : {};
  const selector = labelSelectorString(spec.selector);
  const list = await client.get<KubeList>(
    `/api/v1/namespaces/${ns}/pods`,
    selector ? { labelSelector: selector } : {},
    `pods of StatefulSet ${workload.metadata.name}`,
  );
  const blocking = podsBlockingRollback(workload, list.items, previous);
  for (const pod of blocking) {
    await client
      .request({
        method: 'DELETE',
        path: `/api/v1/namespaces/${ns}/pods/${encodeURIComponent(pod.metadata.name ?? '')}`,
        what: `Pod ${pod.metadata.name}`,
      })
      .catch((error: unknown) => {
        if (!(error instanceof KubeApiError && error.status === 404)) throw error;
      });
  }
  return blocking.map((pod) => pod.metadata.name ?? '');
}
