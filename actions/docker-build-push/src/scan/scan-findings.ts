import {
  parseSeverity,
  withFingerprints,
  type Finding,
  type FindingDraft,
  type Severity,
} from '@aws-delivery/findings';

/** The parts of ECR's DescribeImageScanFindings answer this action reads (basic and enhanced scanning). */
export interface EcrBasicFinding {
  name?: string;
  description?: string;
  uri?: string;
  severity?: string;
  attributes?: { key?: string; value?: string }[];
}

export interface EcrEnhancedFinding {
  title?: string;
  description?: string;
  severity?: string;
  status?: string;
  packageVulnerabilityDetails?: {
    vulnerabilityId?: string;
    sourceUrl?: string;
    vulnerablePackages?: { name?: string; version?: string }[];
  };
  remediation?: { recommendation?: { text?: string } };
}

export interface FindingContext {
  /** The Dockerfile, relative to the workspace: code scanning needs a file to show a finding on. */
  dockerfile: string;
  repository: string;
  digest: string;
  scanType: 'basic' | 'enhanced';
}

/** ECR's severities on the common scale; UNTRIAGED and UNDEFINED rank lowest, the original word is kept. */
export function ecrSeverity(raw: string | undefined): Severity {
  return parseSeverity(raw ?? '') ?? 'informational';
}

function attribute(finding: EcrBasicFinding, key: string): string | undefined {
  return finding.attributes?.find((a) => a.key === key)?.value;
}

function basicDraft(finding: EcrBasicFinding, context: FindingContext): FindingDraft {
  const id = finding.name ?? 'unknown';
  const pkg = [attribute(finding, 'package_name'), attribute(finding, 'package_version')].filter(Boolean).join(' ');
  return {
    ruleId: id,
    ruleAliases: [],
    title: id,
    message: `${id}${pkg ? ` in ${pkg}` : ''} (image ${context.repository}@${context.digest})${finding.description ? `: ${finding.description}` : ''}`,
    severity: ecrSeverity(finding.severity),
    ...(finding.severity ? { originalSeverity: finding.severity } : {}),
    location: { file: context.dockerfile },
    resource: pkg || id,
    ...(finding.uri ? { helpUri: finding.uri } : {}),
    tool: { name: 'Amazon ECR basic scanning' },
  };
}

function enhancedDraft(finding: EcrEnhancedFinding, context: FindingContext): FindingDraft {
  const details = finding.packageVulnerabilityDetails ?? {};
  const id = details.vulnerabilityId ?? finding.title ?? 'unknown';
  const pkg = (details.vulnerablePackages ?? []).map((p) => [p.name, p.version].filter(Boolean).join(' ')).join(', ');
  const recommendation = finding.remediation?.recommendation?.text;
  return {
    ruleId: id,
    ruleAliases: [],
    title: finding.title ?? id,
    message: `${id}${pkg ? ` in ${pkg}` : ''} (image ${context.repository}@${context.digest})${finding.description ? `: ${finding.description}` : ''}`,
    severity: ecrSeverity(finding.severity),
    ...(finding.severity ? { originalSeverity: finding.severity } : {}),
    location: { file: context.dockerfile },
    resource: pkg || id,
    ...(details.sourceUrl ? { helpUri: details.sourceUrl } : {}),
    ...(recommendation ? { resolution: recommendation } : {}),
    tool: { name: 'Amazon ECR enhanced scanning (Amazon Inspector)' },
  };
}

/** ECR findings in the common finding model; enhanced findings that are suppressed or closed are left out. */
export function toFindings(
  basic: readonly EcrBasicFinding[],
  enhanced: readonly EcrEnhancedFinding[],
  context: FindingContext,
): Finding[] {
  const drafts = [
    ...basic.map((finding) => basicDraft(finding, context)),
    ...enhanced.filter((f) => !f.status || f.status === 'ACTIVE').map((finding) => enhancedDraft(finding, context)),
  ];
  return withFingerprints(drafts);
}
