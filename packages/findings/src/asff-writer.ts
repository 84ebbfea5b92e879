import type { Finding } from './finding.js';
import { ASFF_LABEL, asffNormalized } from './severity.js';

/** What every ASFF finding of one run shares. The product ARN is built by the caller (it is partition-specific). */
export interface AsffContext {
  /** `arn:<partition>:securityhub:<region>:<account>:product/<account>/default` for findings you import yourself. */
  productArn: string;
  awsAccountId: string;
  /** Prefix of Id and GeneratorId, such as `tfsec-gate`. */
  generator: string;
  /** ISO 8601 time of the scan; used for CreatedAt and UpdatedAt. */
  observedAt: string;
  region?: string;
  /** ASFF finding types; defaults to `Software and Configuration Checks`. */
  types?: string[];
  /** Extra ProductFields on every finding (repository, commit, run URL...). */
  productFields?: Record<string, string>;
  /** A link to the finding's source (a blob URL at the commit, say). */
  sourceUrl?: (finding: Finding) => string | undefined;
}

export interface AsffFinding {
  SchemaVersion: '2018-10-08';
  Id: string;
  ProductArn: string;
  GeneratorId: string;
  AwsAccountId: string;
  Types: string[];
  CreatedAt: string;
  UpdatedAt: string;
  Severity: { Label: string; Normalized: number; Original?: string };
  Title: string;
  Description: string;
  Remediation?: { Recommendation: { Text?: string; Url?: string } };
  SourceUrl?: string;
  ProductFields: Record<string, string>;
  Resources: { Type: string; Id: string; Region?: string; Details: { Other: Record<string, string> } }[];
  Region?: string;
  RecordState: 'ACTIVE';
}

/** ASFF length limits (AwsSecurityFinding in the Security Hub API reference). */
const LIMITS = { id: 512, title: 256, description: 1024, recommendation: 512, fieldValue: 2048, resourceId: 512 };

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function nonEmpty(text: string | undefined, fallback: string): string {
  return text && /\S/.test(text) ? text : fallback;
}

function lines(finding: Finding): string {
  const { startLine, endLine } = finding.location;
  if (!startLine) return '';
  return endLine && endLine !== startLine ? `${startLine}-${endLine}` : String(startLine);
}

/** One ASFF finding per finding given; Id is stable (generator + fingerprint) so re-imports update, not duplicate. */
export function toAsff(findings: readonly Finding[], context: AsffContext): AsffFinding[] {
  return findings.map((finding) => asffFinding(finding, context));
}

/** ASFF findings one at a time, for writing or importing a large scan without holding them all. */
export function* asffFindings(findings: Iterable<Finding>, context: AsffContext): Generator<AsffFinding> {
  for (const finding of findings) yield asffFinding(finding, context);
}

/** A JSON array of ASFF findings, as text in pieces. */
export function* asffJsonChunks(findings: Iterable<Finding>, context: AsffContext): Generator<string> {
  yield '[';
  let first = true;
  for (const finding of asffFindings(findings, context)) {
    yield (first ? '' : ',') + JSON.stringify(finding);
    first = false;
  }
  yield ']';
}

function asffFinding(finding: Finding, context: AsffContext): AsffFinding {
  const where = lines(finding);
  const location = where ? `${finding.location.file}:${where}` : finding.location.file;
  const resourceId = finding.resource ? `${location} ${finding.resource}` : location;
  const other: Record<string, string> = { file: finding.location.file };
  if (where) other.lines = where;
  if (finding.resource) other.resource = clip(finding.resource, LIMITS.fieldValue);
  const sourceUrl = context.sourceUrl?.(finding);
  const recommendation = {
    ...(finding.resolution ? { Text: clip(finding.resolution, LIMITS.recommendation) } : {}),
    ...(finding.helpUri ? { Url: finding.helpUri } : {}),
  };
  return {
    SchemaVersion: '2018-10-08',
    Id: clip(`${context.generator}/${finding.fingerprint}`, LIMITS.id),
    ProductArn: context.productArn,
    GeneratorId: clip(`${context.generator}/${finding.ruleId}`, LIMITS.id),
    AwsAccountId: context.awsAccountId,
    Types: context.types ?? ['Software and Configuration Checks'],
    CreatedAt: context.observedAt,
    UpdatedAt: context.observedAt,
    Severity: {
      Label: ASFF_LABEL[finding.severity],
      Normalized: asffNormalized(finding.severity),
      ...(finding.originalSeverity ? { Original: finding.originalSeverity } : {}),
    },
    Title: clip(nonEmpty(`${finding.ruleId}: ${finding.title}`, finding.ruleId), LIMITS.title),
    Description: clip(nonEmpty(finding.message, nonEmpty(finding.title, finding.ruleId)), LIMITS.description),
    ...(Object.keys(recommendation).length ? { Remediation: { Recommendation: recommendation } } : {}),
    ...(sourceUrl ? { SourceUrl: sourceUrl } : {}),
    ProductFields: {
      ...context.productFields,
      'findings/fingerprint': finding.fingerprint,
      'findings/tool': finding.tool.version ? `${finding.tool.name} ${finding.tool.version}` : finding.tool.name,
      ...(finding.ruleAliases.length ? { 'findings/rule-aliases': finding.ruleAliases.join(' ') } : {}),
    },
    Resources: [
      {
        Type: 'Other',
        Id: clip(resourceId, LIMITS.resourceId),
        ...(context.region ? { Region: context.region } : {}),
        Details: { Other: other },
      },
    ],
    ...(context.region ? { Region: context.region } : {}),
    RecordState: 'ACTIVE',
  };
}
