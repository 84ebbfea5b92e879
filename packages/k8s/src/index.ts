// What eks-deploy and the scripts use, named one by one; tests import the rest by path. Image references that
// need no Kubernetes code are on the light entry `@aws-delivery/k8s/image-ref`.
export { ANNOTATION_PREFIX, ApplyPlanError, PROVENANCE_KEYS, gvkKey, planApply } from './apply-plan.js';
export type { ApplyPlan, PlannedObject, Provenance } from './apply-plan.js';
export { applyObject, applyPlan, deleteObject } from './apply.js';
export type { AppliedObject } from './apply.js';
export { Discovery, resourcePath } from './discovery.js';
export { EksTokenSource } from './eks-token.js';
export { ImageRefError, parseImageRef } from './image-ref.js';
export { substituteImages } from './image-substitution.js';
export type { ImageChange, RegistryRewrite } from './image-substitution.js';
export { KubeClient } from './kube-client.js';
export type { ClusterConnection } from './kube-client.js';
export { KubeconfigError, parseKubeconfig } from './kubeconfig.js';
export { loadManifests } from './manifest-files.js';
export { ManifestError } from './manifest-parse.js';
export type { ManifestObject } from './manifest-parse.js';
export { stableJson } from './object-diff.js';
export { describeObject, isRecord, isWorkload, stringAt } from './objects.js';
export type { KubeObject } from './objects.js';
export { revisionOf } from './pod-problems.js';
export { DEFAULT_PRUNE_KINDS, findPruneCandidates, prune } from './prune.js';
export { deletePodsBlockingRollback, findPreviousRevision, rollbackManifest } from './rollback.js';
export { waitForRollout } from './rollout-wait.js';
export type { RolloutResult } from './rollout-wait.js';
