/**
 * The Deployment controller, after pkg/controller/deployment: one ReplicaSet per distinct pod template, named
 * `<deployment>-<pod-template-hash>`, with `deployment.kubernetes.io/revision` annotations (a reused ReplicaSet gets the
 * next revision and remembers its old one in revision-history, as in a rollback); rolling updates within maxSurge
 * and maxUnavailable; Recreate; status counters; Available and Progressing conditions with the real reasons
 * (NewReplicaSetCreated, FoundNewReplicaSet, ReplicaSetUpdated, NewReplicaSetAvailable, ProgressDeadlineExceeded);
 * old ReplicaSets cleaned up past revisionHistoryLimit.
 */
import { clone, deepEqual } from '../json.js';
import type { Deployment, ReplicaSet } from '../types.js';
import { deploymentStatus, progressingReason, type ProgressingUpdate } from './deployment-status.js';
import { controllerRef, scaledValue, type ControllerContext } from './context.js';
import { equalIgnoringHash, POD_TEMPLATE_HASH, templateHash, withLabel } from './templates.js';
import { labelSelectorMatcher } from '../selectors.js';
import { storageKey } from '../resources.js';

export const REVISION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
const NOT_COPIED = [
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION,
  REVISION_HISTORY,
  DESIRED_REPLICAS,
  MAX_REPLICAS,
  'deprecated.deployment.rollback.to',
];

export function revisionOf(object: { metadata: { annotations?: Record<string, string> } }): number {
  const value = Number(object.metadata.annotations?.[REVISION] ?? 0);
  return Number.isInteger(value) ? value : 0;
}

function sum(list: ReplicaSet[], pick: (rs: ReplicaSet) => number | undefined): number {
  return list.reduce((total, rs) => total + (pick(rs) ?? 0), 0);
}

function limits(d: Deployment): { desired: number; maxSurge: number; maxUnavailable: number } {
  const desired = d.spec.replicas ?? 1;
  const rolling = d.spec.strategy?.rollingUpdate;
  if (d.spec.strategy?.type === 'Recreate') return { desired, maxSurge: 0, maxUnavailable: desired };
  const maxSurge = scaledValue(rolling?.maxSurge, desired, true, Math.ceil(desired * 0.25));
  let maxUnavailable = scaledValue(rolling?.maxUnavailable, desired, false, Math.floor(desired * 0.25));
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { desired, maxSurge, maxUnavailable: Math.min(maxUnavailable, desired) };
}

function copiedAnnotations(d: Deployment): Record<string, string> {
  return Object.fromEntries(Object.entries(d.metadata.annotations ?? {}).filter(([k]) => !NOT_COPIED.includes(k)));
}

class DeploymentSync {
  private progressing: ProgressingUpdate | undefined;
  private collisionCount: number | undefined;

  constructor(
    private readonly ctx: ControllerContext,
    private d: Deployment,
  ) {}

  private get types() {
    return this.ctx.types;
  }

  private replicaSets(): ReplicaSet[] {
    return this.ctx.owned<ReplicaSet>(this.types.replicasets, this.d);
  }

  /** ClaimReplicaSets: orphaned ReplicaSets the selector matches become ours (e.g. after an orphaning delete). */
  private adoptOrphans(): void {
    const matches = labelSelectorMatcher(this.d.spec.selector);
    const orphans = this.ctx.service.store.scan(
      storageKey(this.types.replicasets),
      this.d.metadata.namespace,
      (rs) => !rs.metadata.ownerReferences?.some((ref) => ref.controller) && matches(rs.metadata.labels),
    ) as ReplicaSet[];
    for (const rs of orphans) {
      const adopted = clone(rs);
      adopted.metadata.ownerReferences = [...(rs.metadata.ownerReferences ?? []), controllerRef(this.d)];
      this.ctx.update(this.types.replicasets, adopted);
    }
  }

  run(): void {
    this.adoptOrphans();
    let newRS: ReplicaSet | undefined;
    if (!this.d.spec.paused) {
      newRS = this.ensureNewReplicaSet();
      this.setDeploymentRevision(newRS);
      if (this.d.spec.strategy?.type === 'Recreate') this.recreate(newRS);
      else this.rollingUpdate(newRS);
      this.cleanup(newRS);
    } else {
      newRS = this.replicaSets().find((rs) => equalIgnoringHash(rs.spec.template, this.d.spec.template));
    }
    this.syncStatus(newRS);
  }

  private ensureNewReplicaSet(): ReplicaSet {
    const all = this.replicaSets();
    const existing = all.find((rs) => equalIgnoringHash(rs.spec.template, this.d.spec.template));
    const maxOld = Math.max(0, ...all.filter((rs) => rs !== existing).map(revisionOf));
    const newRevision = maxOld + 1;
    const { desired, maxSurge } = limits(this.d);
    const bookkeeping = {
      [DESIRED_REPLICAS]: String(desired),
      [MAX_REPLICAS]: String(desired + maxSurge),
    };
    if (!existing) {
      // A ReplicaSet of that name that is not ours (orphaned, or a hash collision): bump collisionCount, as the real
      // controller does, until the name is free.
      let collisions = this.d.status?.collisionCount ?? 0;
      let hash = templateHash(this.d.spec.template, collisions);
      while (
        this.ctx.service.find(
          this.types.replicasets,
          this.d.metadata.namespace,
          `${this.d.metadata.name ?? ''}-${hash}`,
        )
      ) {
        collisions += 1;
        hash = templateHash(this.d.spec.template, collisions);
      }
      if (collisions !== (this.d.status?.collisionCount ?? 0)) this.collisionCount = collisions;
      const name = `${this.d.metadata.name ?? ''}-${hash}`;
      const template = withLabel(this.d.spec.template, POD_TEMPLATE_HASH, hash);
      const rs: ReplicaSet = {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: {
          name,
          namespace: this.d.metadata.namespace,
          labels: { ...(template.metadata?.labels ?? {}) },
          annotations: { ...copiedAnnotations(this.d), ...bookkeeping, [REVISION]: String(newRevision) },
          ownerReferences: [controllerRef(this.d)],
        },
        spec: {
          replicas: 0,
          minReadySeconds: this.d.spec.minReadySeconds ?? 0,
          selector: {
            ...clone(this.d.spec.selector),
            matchLabels: { ...(this.d.spec.selector.matchLabels ?? {}), [POD_TEMPLATE_HASH]: hash },
          },
          template,
        },
      };
      const created = this.ctx.create(this.types.replicasets, rs);
      this.ctx.record(this.d, 'ReplicaSetCreated', `${name} revision ${newRevision}`);
      this.progressing = {
        status: 'True',
        reason: 'NewReplicaSetCreated',
        message: `Created new replica set "${name}"`,
      };
      return created;
    }
    const annotations: Record<string, string> = {
      ...(existing.metadata.annotations ?? {}),
      ...copiedAnnotations(this.d),
      ...bookkeeping,
    };
    const current = revisionOf(existing);
    if (current < newRevision) {
      annotations[REVISION] = String(newRevision);
      if (current > 0) {
        const history = existing.metadata.annotations?.[REVISION_HISTORY];
        annotations[REVISION_HISTORY] = history ? `${history},${current}` : String(current);
      }
      this.progressing = {
        status: 'True',
        reason: 'FoundNewReplicaSet',
        message: `Found new replica set "${existing.metadata.name ?? ''}"`,
      };
      this.ctx.record(
        this.d,
        'ReplicaSetReused',
        `${existing.metadata.name ?? ''} revision ${current} -> ${newRevision}`,
      );
    }
    const minReadySeconds = this.d.spec.minReadySeconds ?? 0;
    if (deepEqual(annotations, existing.metadata.annotations) && existing.spec.minReadySeconds === minReadySeconds)
      return existing;
    const next = clone(existing);
    next.metadata.annotations = annotations;
    next.spec.minReadySeconds = minReadySeconds;
    return this.ctx.update(this.types.replicasets, next);
  }

  private setDeploymentRevision(newRS: ReplicaSet): void {
    const revision = newRS.metadata.annotations?.[REVISION];
    if (!revision || this.d.metadata.annotations?.[REVISION] === revision) return;
    const next = clone(this.d);
    next.metadata.annotations = { ...(next.metadata.annotations ?? {}), [REVISION]: revision };
    this.d = this.ctx.update(this.types.deployments, next);
  }

  private scale(rs: ReplicaSet, replicas: number): void {
    if ((rs.spec.replicas ?? 0) === replicas) return;
    const next = clone(rs);
    next.spec.replicas = replicas;
    const { desired, maxSurge } = limits(this.d);
    next.metadata.annotations = {
      ...(next.metadata.annotations ?? {}),
      [DESIRED_REPLICAS]: String(desired),
      [MAX_REPLICAS]: String(desired + maxSurge),
    };
    this.ctx.update(this.types.replicasets, next);
    this.ctx.record(
      this.d,
      (rs.spec.replicas ?? 0) < replicas ? 'ScaledUp' : 'ScaledDown',
      `${rs.metadata.name ?? ''} to ${replicas}`,
    );
  }

  private rollingUpdate(initialNew: ReplicaSet): void {
    const { desired, maxSurge, maxUnavailable } = limits(this.d);
    let all = this.replicaSets();
    let newRS = all.find((rs) => rs.metadata.uid === initialNew.metadata.uid) ?? initialNew;
    const newReplicas = newRS.spec.replicas ?? 0;
    if (newReplicas > desired) this.scale(newRS, desired);
    else if (newReplicas < desired) {
      const total = sum(all, (rs) => rs.spec.replicas);
      const up = Math.min(desired + maxSurge - total, desired - newReplicas);
      if (up > 0) this.scale(newRS, newReplicas + up);
    }

    all = this.replicaSets();
    newRS = all.find((rs) => rs.metadata.uid === initialNew.metadata.uid) ?? newRS;
    const olds = all
      .filter((rs) => rs.metadata.uid !== newRS.metadata.uid)
      .sort((a, b) => (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? ''));
    if (!olds.some((rs) => (rs.spec.replicas ?? 0) > 0)) return;
    const allPods = sum(all, (rs) => rs.spec.replicas);
    const minAvailable = desired - maxUnavailable;
    const newUnavailable = (newRS.spec.replicas ?? 0) - (newRS.status?.availableReplicas ?? 0);
    let cleanup = allPods - minAvailable - newUnavailable;
    if (cleanup <= 0) return;
    const scaledOld = new Map<string, number>();
    for (const rs of olds) {
      if (cleanup <= 0) break;
      const replicas = rs.spec.replicas ?? 0;
      const unhealthy = replicas - (rs.status?.availableReplicas ?? 0);
      if (replicas === 0 || unhealthy <= 0) continue;
      const down = Math.min(cleanup, unhealthy);
      this.scale(rs, replicas - down);
      scaledOld.set(rs.metadata.uid ?? '', replicas - down);
      cleanup -= down;
    }
    const available = sum(all, (rs) => rs.status?.availableReplicas);
    if (available <= minAvailable) return;
    let toScaleDown = available - minAvailable;
    for (const rs of olds) {
      if (toScaleDown <= 0) break;
      const replicas = scaledOld.get(rs.metadata.uid ?? '') ?? rs.spec.replicas ?? 0;
      if (replicas === 0) continue;
      const down = Math.min(replicas, toScaleDown);
      const fresh = this.replicaSets().find((r) => r.metadata.uid === rs.metadata.uid);
      if (fresh) this.scale(fresh, replicas - down);
      toScaleDown -= down;
    }
  }

  private recreate(newRS: ReplicaSet): void {
    const olds = this.replicaSets().filter((rs) => rs.metadata.uid !== newRS.metadata.uid);
    const active = olds.filter((rs) => (rs.spec.replicas ?? 0) > 0);
    for (const rs of active) this.scale(rs, 0);
    if (active.length > 0 || olds.some((rs) => (rs.status?.replicas ?? 0) > 0)) return;
    this.scale(newRS, this.d.spec.replicas ?? 1);
  }

  private cleanup(newRS: ReplicaSet): void {
    const limit = this.d.spec.revisionHistoryLimit ?? 10;
    const idle = this.replicaSets()
      .filter(
        (rs) =>
          rs.metadata.uid !== newRS.metadata.uid && (rs.spec.replicas ?? 0) === 0 && (rs.status?.replicas ?? 0) === 0,
      )
      .sort((a, b) => revisionOf(a) - revisionOf(b));
    for (const rs of idle.slice(0, Math.max(0, idle.length - limit))) this.ctx.remove(this.types.replicasets, rs);
  }

  private syncStatus(newRS: ReplicaSet | undefined): void {
    const d = this.d;
    const all = this.replicaSets();
    const fresh = newRS ? all.find((rs) => rs.metadata.uid === newRS.metadata.uid) : undefined;
    const status = deploymentStatus({
      deployment: d,
      replicaSets: all,
      newReplicaSet: fresh,
      limits: limits(d),
      ...(this.progressing ? { progressing: this.progressing } : {}),
      ...(this.collisionCount !== undefined ? { collisionCount: this.collisionCount } : {}),
      now: this.ctx.now(),
    });
    if (deepEqual(status, d.status)) return;
    const next = clone(d);
    next.status = status;
    this.ctx.updateStatus(this.types.deployments, next);
    const before = progressingReason(d.status);
    const after = progressingReason(status);
    if (after !== before && (after === 'NewReplicaSetAvailable' || after === 'ProgressDeadlineExceeded')) {
      this.ctx.record(
        d,
        after === 'NewReplicaSetAvailable' ? 'RolloutComplete' : 'ProgressDeadlineExceeded',
        fresh?.metadata.name ?? '',
      );
    }
  }
}

export function reconcileDeployments(ctx: ControllerContext): void {
  ctx.each(ctx.list<Deployment>(ctx.types.deployments), (d) => new DeploymentSync(ctx, d).run());
}
