/** Reading and deleting single objects the strategies look at (stable Deployments, Services, colours). */
import { deleteObject, describeObject, resourcePath, type KubeObject } from '@aws-delivery/k8s';
import type { DeployContext } from './deploy-context.js';

/** The live object with the same kind, namespace and name, or undefined. */
export async function liveObject(ctx: DeployContext, object: KubeObject): Promise<KubeObject | undefined> {
  const info = await ctx.discovery.require(object.apiVersion, object.kind);
  return ctx.client.find<KubeObject>(
    resourcePath(info, object.metadata.namespace, object.metadata.name),
    describeObject(object),
  );
}

/** Deletes an object when it exists (or says it would, in a dry run); returns whether it existed. */
export async function deleteIfPresent(ctx: DeployContext, object: KubeObject): Promise<boolean> {
  const info = await ctx.discovery.require(object.apiVersion, object.kind);
  const deleted = await deleteObject(
    ctx.client,
    info,
    object.metadata.namespace,
    object.metadata.name ?? '',
    ctx.config.dryRun,
  );
  if (deleted) ctx.report.deleted.push(describeObject(object));
  return deleted;
}
