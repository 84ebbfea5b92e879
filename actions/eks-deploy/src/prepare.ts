/** Manifests → an apply plan: read files, substitute images, learn each kind's scope from discovery, plan. */
import { relative, resolve } from 'node:path';
import { ActionError, ConfigurationError, confinedPath, readInputFile, type Env } from '@aws-delivery/action-kit';
import {
  ApplyPlanError,
  gvkKey,
  loadManifests,
  ManifestError,
  planApply,
  substituteImages,
  type ApplyPlan,
  type Discovery,
  type ImageChange,
  type KubeClient,
  type ManifestObject,
} from '@aws-delivery/k8s';
import type { Config } from './config.js';

export interface Prepared {
  plan: ApplyPlan;
  imageChanges: ImageChange[];
  warnings: string[];
}

/**
 * The objects in the files the manifests input names. Each pattern, and each file it leads to (a folder's file
 * may be a symbolic link), must lie in the workspace or RUNNER_TEMP: a link a pull request adds cannot make the
 * step read, and apply, a file from elsewhere on the runner.
 */
export function readManifests(config: Config, env: Env): ManifestObject[] {
  for (const pattern of config.manifests) confinedPath('manifests', pattern, env);
  const workspace = resolve(env.GITHUB_WORKSPACE || process.cwd());
  // Checked relative to the workspace, so that a refusal quotes the file's name in full.
  const read = (file: string) => readInputFile('manifests', confinedPath('manifests', relative(workspace, file), env));
  try {
    return loadManifests(config.manifests, workspace, read);
  } catch (error) {
    if (error instanceof ManifestError) {
      throw new ConfigurationError(`Input "manifests": ${error.message.replace(/^manifests: /, '')}`, 'manifests');
    }
    throw error;
  }
}

/** The manifests, read and parsed before the cluster is contacted: a wrong path fails before any call. */
export function readManifestFiles(config: Config, env: Env): ManifestObject[] {
  const manifests = readManifests(config, env);
  if (manifests.length === 0) {
    throw new ConfigurationError(
      `Input "manifests" names files that hold no Kubernetes objects. Fix: point it at the rendered manifests.`,
      'manifests',
    );
  }
  return manifests;
}

/** The Namespace object create-namespace adds, unless the manifests hold it. */
function withNamespace(manifests: ManifestObject[], namespace: string, create: boolean): ManifestObject[] {
  if (!create || manifests.some((m) => m.object.kind === 'Namespace' && m.object.metadata.name === namespace))
    return manifests;
  return [
    { object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } }, source: 'create-namespace' },
    ...manifests,
  ];
}

/** Namespaces the plan puts objects in that neither exist nor are in the plan: a clear error before any apply. */
async function checkNamespaces(plan: ApplyPlan, client: KubeClient, dryRun: boolean): Promise<void> {
  const planned = new Set(plan.objects.filter((p) => p.object.kind === 'Namespace').map((p) => p.object.metadata.name));
  const used = [
    ...new Set(plan.objects.map((p) => p.object.metadata.namespace).filter((ns): ns is string => Boolean(ns))),
  ];
  const missing: string[] = [];
  for (const ns of used) {
    if (planned.has(ns) && !dryRun) continue;
    if (!(await client.find(`/api/v1/namespaces/${encodeURIComponent(ns)}`, `Namespace ${ns}`))) missing.push(ns);
  }
  if (missing.length === 0) return;
  const list = missing.map((ns) => `"${ns}"`).join(', ');
  if (dryRun) {
    throw new ActionError(
      `Namespace ${list} does not exist yet, and a server-side dry run cannot validate objects in a namespace it only pretends to create.`,
      'Deploy once (or create the namespace) before previewing, or preview without those objects.',
    );
  }
  throw new ActionError(
    `Namespace ${list} does not exist and the manifests do not create it.`,
    'Add a Namespace manifest, set create-namespace: true, or pick an existing namespace.',
  );
}

export async function prepare(
  config: Config,
  namespace: string,
  discovery: Discovery,
  client: KubeClient,
  read: ManifestObject[],
): Promise<Prepared> {
  const manifests = withNamespace(read, namespace, config.createNamespace);
  const scopes = new Map<string, boolean | undefined>();
  for (const { object } of manifests) {
    const key = gvkKey(object.apiVersion, object.kind);
    if (!scopes.has(key)) scopes.set(key, (await discovery.resolve(object.apiVersion, object.kind))?.namespaced);
  }
  try {
    const plan = planApply(manifests, {
      namespace,
      isNamespaced: (apiVersion, kind) => scopes.get(gvkKey(apiVersion, kind)),
      managedBy: config.fieldManager,
      applySet: config.applySet,
      ...(config.provenance ? { provenance: config.provenance } : {}),
      imagePullSecrets: config.pullSecrets,
    });
    // After planning, so the changes name each object with its namespace. The waves hold the same entries.
    const substituted = substituteImages(
      plan.objects.map((p) => p.object),
      config.images,
      config.rewrites,
    );
    plan.objects.forEach((planned, i) => {
      planned.object = substituted.objects[i]!;
    });
    const warnings = substituted.unused.map(
      (image) =>
        `images: ${image} matches no container image in the manifests (its repository appears nowhere), so it was not used`,
    );
    await checkNamespaces(plan, client, config.dryRun);
    return { plan, imageChanges: substituted.changes, warnings: [...warnings, ...plan.warnings] };
  } catch (error) {
    if (error instanceof ApplyPlanError) throw new ActionError(error.message, undefined, { cause: error });
    throw error;
  }
}
