import type { Acceptance, GatePolicy, Severity } from '@aws-delivery/findings';

/**
 * An accepted risk: which findings (rule, fingerprint, paths, resource), who owns the decision, why, and until when
 * (`expires:` in the policy file, the last day it holds).
 */
export interface PolicyException extends Acceptance {
  /** Rule id in any generation (AWS017, aws-s3-enable-bucket-encryption, AVD-AWS-0088, AWS-0088). */
  rule?: string;
  /** Or one finding exactly, by its fingerprint. */
  fingerprint?: string;
  /** Path globs the exception is limited to; every path when empty. */
  paths: string[];
  /** A resource address (`aws_s3_bucket.logs`) the exception is limited to. */
  resource?: string;
  owner: string;
}

/** Everything the gate decides with, after inputs and the policy file are merged. */
export interface TfsecGatePolicy extends GatePolicy {
  /** The lowest severity that is reported in annotations, SARIF, ASFF and the PR comment. */
  reportThreshold: Severity;
  baselineFile?: string;
  /** Inline ignores without a valid `:exp:` fail the gate. */
  requireIgnoreExpiry: boolean;
  exceptions: PolicyException[];
  /** The Terraform workspace, for `:ws:` in inline ignores. */
  workspace: string;
}

export const POLICY_DEFAULTS = {
  failOn: 'medium',
  reportThreshold: 'low',
  failOnExpired: false,
  requireIgnoreExpiry: false,
  workspace: 'default',
} as const satisfies Partial<TfsecGatePolicy>;
