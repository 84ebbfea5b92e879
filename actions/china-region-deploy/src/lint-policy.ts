// What the partition lint finds and what the policy (the lint-policy input) makes of each kind: in a module of its
// own, so that the inputs are checked without loading the lint and its template parser.
export type FindingKind =
  'partition-arn' | 'url-suffix' | 'global-endpoint' | 'service-principal' | 'resource-type' | 'region-mapping';
export const FINDING_KINDS: readonly FindingKind[] = [
  'partition-arn',
  'url-suffix',
  'global-endpoint',
  'service-principal',
  'resource-type',
  'region-mapping',
];

export type PolicyAction = 'fail' | 'warn' | 'rewrite';
export type LintPolicy = Readonly<Record<FindingKind, PolicyAction>>;

/** Rewrite what can be rewritten; a resource type the region lacks fails the step. */
export const DEFAULT_POLICY: LintPolicy = {
  'partition-arn': 'rewrite',
  'url-suffix': 'rewrite',
  'global-endpoint': 'rewrite',
  'service-principal': 'rewrite',
  'resource-type': 'fail',
  'region-mapping': 'fail',
};
