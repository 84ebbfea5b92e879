import { withFingerprints, type Finding, type Severity } from '@aws-delivery/findings';
import { ruleAliases } from '../src/rules/rule-ids.js';
import type { TfsecGatePolicy } from '../src/policy/gate-policy.js';

export function finding(
  rule: string,
  severity: Severity,
  file = 'main.tf',
  startLine = 10,
  resource = `aws_s3_bucket.${rule.toLowerCase().replace(/[^a-z0-9]/g, '_')}`,
  extra: Partial<Finding> = {},
): Finding {
  const { ruleId, aliases } = ruleAliases([rule]);
  return withFingerprints([
    {
      ruleId,
      ruleAliases: aliases,
      title: `title of ${rule}`,
      message: `message of ${rule}`,
      severity,
      location: { file, startLine },
      resource,
      tool: { name: 'tfsec' },
      ...extra,
    },
  ])[0]!;
}

export function policy(overrides: Partial<TfsecGatePolicy> = {}): TfsecGatePolicy {
  return {
    failOn: 'high',
    reportThreshold: 'low',
    maxCounts: {},
    failOnExpired: false,
    requireIgnoreExpiry: false,
    exceptions: [],
    workspace: 'default',
    ...overrides,
  };
}
