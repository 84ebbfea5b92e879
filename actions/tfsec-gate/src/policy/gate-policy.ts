import type { Severity } from '@aws-delivery/findings';

/** An accepted risk: which findings, who owns the decision, why, and until when. */
export interface PolicyException {
  /** Rule id in any generation (AWS017, aws-s3-enable-bucket-encryption, AVD-AWS-0088, AWS-0088). */
  rule?: string;
  /** Or one finding exactly, by its fingerprint. */
  fingerprint?: string;
  /** Path globs the exception is limited to; every path when empty. */
  paths: string[];
  /** A resource address (`aws_s3_bucket.logs`) the exception is limited to. */
  resource?: string;
  owner: string;
  reason: string;
  /** YYYY-MM-DD, the last day the exception holds. */
  expires: string;
  /** Where it was written, for messages: `.tfsec-gate.yml exceptions[2]`. */
  origin: string;
}

export type FailOn = Severity | 'none';

/** Everything the gate decides with, after inputs and the policy file are merged. */
export interface GatePolicy {
  /** The lowest severity that fails the gate (max 0 new findings), or none. */
  failOn: FailOn;
  /** The lowest severity that is reported in annotations, SARIF, ASFF and the PR comment. */
  reportThreshold: Severity;
  /** Most new findings allowed per severity; overrides fail-on for that severity. */
  maxCounts: Partial<Record<Severity, number>>;
  baselineFile?: string;
  /** Expired exceptions and expired inline ignores fail the gate. */
  failOnExpired: boolean;
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
} as const satisfies Partial<GatePolicy>;
