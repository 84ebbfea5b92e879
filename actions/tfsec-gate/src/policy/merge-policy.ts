import { ConfigurationError } from '@aws-delivery/action-kit';
import { atLeast, SEVERITIES, type Severity } from '@aws-delivery/findings';
import { POLICY_DEFAULTS, type FailOn, type GatePolicy } from './gate-policy.js';
import type { PolicyFile } from './policy-file.js';

/** The policy inputs as read: undefined where the workflow left them empty. */
export interface PolicyInputs {
  failOn?: FailOn;
  reportThreshold?: Severity;
  maxCounts: Partial<Record<Severity, number>>;
  baselineFile?: string;
  failOnExpired?: boolean;
  requireIgnoreExpiry?: boolean;
  workspace?: string;
}

/** Inputs win over the policy file, the policy file over the defaults; exceptions come from the file only. */
export function mergePolicy(inputs: PolicyInputs, file: PolicyFile | undefined): GatePolicy {
  const policy: GatePolicy = {
    failOn: inputs.failOn ?? file?.failOn ?? POLICY_DEFAULTS.failOn,
    reportThreshold: inputs.reportThreshold ?? file?.reportThreshold ?? POLICY_DEFAULTS.reportThreshold,
    maxCounts: { ...file?.maxCounts, ...inputs.maxCounts },
    ...((inputs.baselineFile ?? file?.baseline) ? { baselineFile: inputs.baselineFile ?? file?.baseline } : {}),
    failOnExpired: inputs.failOnExpired ?? file?.failOnExpired ?? POLICY_DEFAULTS.failOnExpired,
    requireIgnoreExpiry: inputs.requireIgnoreExpiry ?? file?.requireIgnoreExpiry ?? POLICY_DEFAULTS.requireIgnoreExpiry,
    exceptions: file?.exceptions ?? [],
    workspace: inputs.workspace || POLICY_DEFAULTS.workspace,
  };
  if (policy.failOn !== 'none' && !atLeast(policy.failOn, policy.reportThreshold)) {
    throw new ConfigurationError(
      `fail-on "${policy.failOn}" is below report-threshold "${policy.reportThreshold}": the gate would fail on ` +
        `findings it does not report. Fix: lower report-threshold to "${policy.failOn}" or raise fail-on.`,
      'fail-on',
    );
  }
  return policy;
}

/** The most new findings allowed at a severity: max-counts, else 0 at or above fail-on, else no limit. */
export function limitFor(policy: GatePolicy, severity: Severity): number {
  const explicit = policy.maxCounts[severity];
  if (explicit !== undefined) return explicit;
  return policy.failOn !== 'none' && atLeast(severity, policy.failOn) ? 0 : Number.POSITIVE_INFINITY;
}

export function describeLimits(policy: GatePolicy): string {
  const parts = SEVERITIES.map((s) => [s, limitFor(policy, s)] as const)
    .filter(([, limit]) => Number.isFinite(limit))
    .map(([s, limit]) => `${s} ≤ ${limit}`);
  return parts.length ? `new findings allowed: ${parts.join(', ')}` : 'no severity fails the gate';
}
