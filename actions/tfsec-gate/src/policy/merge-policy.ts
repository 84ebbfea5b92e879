import { ConfigurationError } from '@aws-delivery/action-kit';
import { atLeast, type FailOn, type Severity, type SeverityLimits } from '@aws-delivery/findings';
import { POLICY_DEFAULTS, type TfsecGatePolicy } from './gate-policy.js';
import type { PolicyFile } from './policy-file.js';

/** The policy inputs as read: undefined where the workflow left them empty. */
export interface PolicyInputs {
  failOn?: FailOn;
  reportThreshold?: Severity;
  maxCounts: SeverityLimits;
  baselineFile?: string;
  failOnExpired?: boolean;
  requireIgnoreExpiry?: boolean;
  workspace?: string;
}

/** Inputs win over the policy file, the policy file over the defaults; exceptions come from the file only. */
export function mergePolicy(inputs: PolicyInputs, file: PolicyFile | undefined): TfsecGatePolicy {
  const policy: TfsecGatePolicy = {
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
