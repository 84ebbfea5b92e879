export {
  presignEksToken,
  eksTokenStsHost,
  EksTokenSource,
  EKS_TOKEN_PREFIX,
  EKS_TOKEN_LIFETIME_MS,
  EKS_TOKEN_PRESIGN_SECONDS,
} from './eks-token.js';
export type { EksToken, EksTokenRequest, EksTokenSourceOptions } from './eks-token.js';
export { parseImageRef, formatImageRef, repositoryOf, parseEcrHost, ImageRefError, DOCKER_HUB } from './image-ref.js';
export type { ImageRef, EcrRegistry } from './image-ref.js';
export { substituteImages, rewriteRegistry } from './image-substitution.js';
export type { RegistryRewrite, ImageChange, SubstitutionResult } from './image-substitution.js';
export * from './objects.js';
export { rolloutStatus, PROGRESS_DEADLINE_EXCEEDED } from './rollout-status.js';
export type { RolloutStatus } from './rollout-status.js';
export {
  podProblems,
  describePodProblems,
  newRevisionPods,
  isObserved,
  newReplicaSet,
  revisionOf,
  REVISION_ANNOTATION,
} from './pod-problems.js';
export type { PodProblem } from './pod-problems.js';
export { parseManifests, ManifestError } from './manifest-parse.js';
export type { ManifestObject } from './manifest-parse.js';
export { loadManifests, resolveManifestPaths, globToRegExp } from './manifest-files.js';
export {
  planApply,
  scopesFromCrds,
  labelValue,
  gvkKey,
  ApplyPlanError,
  LABEL_MANAGED_BY,
  LABEL_APPLY_SET,
  ANNOTATION_PREFIX,
  PROVENANCE_KEYS,
} from './apply-plan.js';
export type { ApplyPlan, ApplyPlanOptions, PlannedObject, Provenance, ScopeLookup } from './apply-plan.js';
export { diffObjects, sameContent, comparable, stableJson } from './object-diff.js';
export { KubeApiError, KubeNetworkError, describeConflicts, parseApiStatus } from './kube-errors.js';
export type { ApiStatus, StatusCause } from './kube-errors.js';
export { KubeClient, buildQuery } from './kube-client.js';
export type { ClusterConnection, KubeClientOptions, KubeRequest, KubeResponse, WatchEvent } from './kube-client.js';
export { Discovery, resourcePath, groupVersionPath } from './discovery.js';
export type { ResourceInfo } from './discovery.js';
export { applyObject, applyPlan, deleteObject, ApplyConflictError } from './apply.js';
export type { ApplyOptions, ApplyOutcome, AppliedObject } from './apply.js';
export { ObjectWatch, labelSelectorString } from './object-watch.js';
export type { WatchTarget, ObjectWatchOptions, WatchStats } from './object-watch.js';
export { judgeRollout } from './rollout-judge.js';
export type { Verdict, JudgeInput } from './rollout-judge.js';
export { waitForRollout } from './rollout-wait.js';
export type { RolloutTarget, RolloutWaitOptions, RolloutResult, TimelineEntry } from './rollout-wait.js';
export {
  previousDeploymentRevision,
  previousControllerRevision,
  rollbackManifest,
  findPreviousRevision,
  cleanTemplate,
  podsBlockingRollback,
  deletePodsBlockingRollback,
  ANNOTATION_ROLLED_BACK_FROM,
} from './rollback.js';
export type { PreviousRevision } from './rollback.js';
export { parseKubeconfig, eksExec, KubeconfigError } from './kubeconfig.js';
export type { KubeconfigAccess } from './kubeconfig.js';
export { findPruneCandidates, prune, selectPrune, DEFAULT_PRUNE_KINDS } from './prune.js';
export type { PruneCandidate, PruneSearch } from './prune.js';
