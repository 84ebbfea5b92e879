/**
 * Partition findings in the shared finding model (packages/findings), for the SARIF and JUnit writers: one rule per
 * finding kind, the severity from the outcome (a failure is high, a warning medium, a rewrite low: it is fixed in the
 * deployed template, but the source still carries it), and the resource path as the fingerprint's resource.
 */
import type { FindingDraft, Severity } from '@aws-delivery/findings';
import type { FindingKind, PartitionFinding, PolicyAction } from './partition-lint.js';

const TITLES: Record<FindingKind, string> = {
  'partition-arn': 'Hard-coded ARN partition',
  'url-suffix': 'Hard-coded AWS DNS suffix',
  'global-endpoint': 'Endpoint of a global service the target partition lacks',
  'service-principal': 'Service principal that differs in the target partition',
  'resource-type': 'Resource type the target region does not offer',
  'region-mapping': 'Mapping looked up by region without an entry for the target region',
};

const SEVERITY: Record<PolicyAction, Severity> = { fail: 'high', warn: 'medium', rewrite: 'low' };

export const TOOL = { name: 'china-region-deploy partition lint' };

export function toFindingDrafts(findings: readonly PartitionFinding[]): FindingDraft[] {
  return findings.map((finding) => ({
    ruleId: `partition/${finding.kind}`,
    ruleAliases: [],
    title: TITLES[finding.kind],
    message: finding.message,
    severity: SEVERITY[finding.outcome],
    originalSeverity: finding.outcome,
    location: { file: finding.file, startLine: finding.line, endLine: finding.endLine },
    resource: finding.path,
    snippet: finding.text,
    ...(finding.replacement === undefined ? {} : { resolution: `Write ${finding.replacement} instead.` }),
    tool: TOOL,
  }));
}
