/**
 * ControllerRevisions for StatefulSets and DaemonSets (pkg/controller/history): one per distinct pod template,
 * named `<owner>-<hash>`, holding `{"spec":{"template":{..., "$patch":"replace"}}}` (the patch `kubectl rollout undo`
 * applies), labelled with the template's labels so the owner's selector finds them. Going back to an earlier
 * template reuses its revision object and gives it the next revision number.
 */
import { clone, deepEqual, isJsonObject, type JsonObject } from '../json.js';
import type { ControllerRevision, KubeObject, PodTemplate } from '../types.js';
import { controllerRef, type ControllerContext } from './context.js';
import { CONTROLLER_REVISION_HASH, templateHash } from './templates.js';

export function revisionTemplate(revision: ControllerRevision): PodTemplate | undefined {
  const spec = isJsonObject(revision.data) && isJsonObject(revision.data.spec) ? revision.data.spec : undefined;
  if (!spec || !isJsonObject(spec.template)) return undefined;
  const template = clone(spec.template);
  delete template.$patch;
  return template as unknown as PodTemplate;
}

export interface RevisionState {
  update: ControllerRevision;
  hash: string;
  all: ControllerRevision[];
}

export function syncRevisions(
  ctx: ControllerContext,
  owner: KubeObject,
  template: PodTemplate,
  historyLimit: number,
  live: Set<string>,
): RevisionState {
  const type = ctx.types.controllerrevisions;
  const all = ctx.owned<ControllerRevision>(type, owner).sort((a, b) => a.revision - b.revision);
  const equal = all.find((r) => deepEqual(revisionTemplate(r), template));
  const max = Math.max(0, ...all.map((r) => r.revision));
  let update: ControllerRevision;
  if (!equal) {
    const hash = templateHash(template);
    const data: JsonObject = {
      spec: { template: { ...(clone(template) as unknown as JsonObject), $patch: 'replace' } },
    };
    update = ctx.create<ControllerRevision>(type, {
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: {
        name: `${owner.metadata.name ?? ''}-${hash}`,
        namespace: owner.metadata.namespace,
        labels: { ...(template.metadata?.labels ?? {}), [CONTROLLER_REVISION_HASH]: hash },
        ownerReferences: [controllerRef(owner)],
      },
      data,
      revision: max + 1,
    });
    ctx.record(owner, 'RevisionCreated', `${update.metadata.name ?? ''} revision ${max + 1}`);
  } else if (equal.revision < max) {
    const next = clone(equal);
    next.revision = max + 1;
    update = ctx.update(type, next);
    ctx.record(owner, 'RevisionReused', `${equal.metadata.name ?? ''} revision ${equal.revision} -> ${max + 1}`);
  } else update = equal;
  const refreshed = ctx.owned<ControllerRevision>(type, owner).sort((a, b) => a.revision - b.revision);
  const stale = refreshed.filter((r) => r.metadata.uid !== update.metadata.uid && !live.has(r.metadata.name ?? ''));
  for (const r of stale.slice(0, Math.max(0, stale.length - historyLimit))) ctx.remove(type, r);
  return { update, hash: update.metadata.labels?.[CONTROLLER_REVISION_HASH] ?? '', all: refreshed };
}
