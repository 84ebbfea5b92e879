import type { Finding } from './finding.js';
import { jsonString } from './json-text.js';
import { ASFF_LABEL, SEVERITIES, asffNormalized } from './severity.js';

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

/** A JSON array of ASFF findings, as text in pieces (the same text as `JSON.stringify(toAsff(...))`). */
export function* asffJsonChunks(findings: Iterable<Finding>, context: AsffContext): Generator<string> {
  const json = asffJsonWriter(context);
  yield '[';
  let first = true;
  for (const finding of findings) {
    yield (first ? '' : ',') + json(finding);
    first = false;
  }
  yield ']';
}

const DEFAULT_TYPES = ['Software and Configuration Checks'];

/** What differs from one ASFF finding to the next: computed here once, for the object and for its JSON alike. */
interface AsffParts {
  id: string;
  generatorId: string;
  severity: Finding['severity'];
  originalSeverity: string | undefined;
  title: string;
  description: string;
  recommendationText: string | undefined;
  recommendationUrl: string | undefined;
  sourceUrl: string | undefined;
  fingerprint: string;
  tool: string;
  ruleAliases: string | undefined;
  resourceId: string;
  file: string;
  lines: string | undefined;
  resource: string | undefined;
}

function partsOf(finding: Finding, context: AsffContext): AsffParts {
  const { file } = finding.location;
  const where = lines(finding);
  const location = where ? `${file}:${where}` : file;
  return {
    id: clip(`${context.generator}/${finding.fingerprint}`, LIMITS.id),
    generatorId: clip(`${context.generator}/${finding.ruleId}`, LIMITS.id),
    severity: finding.severity,
    originalSeverity: finding.originalSeverity || undefined,
    title: clip(nonEmpty(`${finding.ruleId}: ${finding.title}`, finding.ruleId), LIMITS.title),
    description: clip(nonEmpty(finding.message, nonEmpty(finding.title, finding.ruleId)), LIMITS.description),
    recommendationText: finding.resolution ? clip(finding.resolution, LIMITS.recommendation) : undefined,
    recommendationUrl: finding.helpUri || undefined,
    sourceUrl: context.sourceUrl?.(finding) || undefined,
    fingerprint: finding.fingerprint,
    tool: finding.tool.version ? `${finding.tool.name} ${finding.tool.version}` : finding.tool.name,
    ruleAliases: finding.ruleAliases.length ? finding.ruleAliases.join(' ') : undefined,
    resourceId: clip(finding.resource ? `${location} ${finding.resource}` : location, LIMITS.resourceId),
    file,
    lines: where || undefined,
    resource: finding.resource ? clip(finding.resource, LIMITS.fieldValue) : undefined,
  };
}

function asffFinding(finding: Finding, context: AsffContext): AsffFinding {
  const p = partsOf(finding, context);
  const recommendation: { Text?: string; Url?: string } = {};
  if (p.recommendationText) recommendation.Text = p.recommendationText;
  if (p.recommendationUrl) recommendation.Url = p.recommendationUrl;
  const other: Record<string, string> = { file: p.file };
  if (p.lines) other.lines = p.lines;
  if (p.resource) other.resource = p.resource;
  return {
    SchemaVersion: '2018-10-08',
    Id: p.id,
    ProductArn: context.productArn,
    GeneratorId: p.generatorId,
    AwsAccountId: context.awsAccountId,
    Types: context.types ?? [...DEFAULT_TYPES],
    CreatedAt: context.observedAt,
    UpdatedAt: context.observedAt,
    Severity: {
      Label: ASFF_LABEL[p.severity],
      Normalized: asffNormalized(p.severity),
      ...(p.originalSeverity ? { Original: p.originalSeverity } : {}),
    },
    Title: p.title,
    Description: p.description,
    ...(p.recommendationText || p.recommendationUrl ? { Remediation: { Recommendation: recommendation } } : {}),
    ...(p.sourceUrl ? { SourceUrl: p.sourceUrl } : {}),
    ProductFields: {
      ...context.productFields,
      'findings/fingerprint': p.fingerprint,
      'findings/tool': p.tool,
      ...(p.ruleAliases !== undefined ? { 'findings/rule-aliases': p.ruleAliases } : {}),
    },
    Resources: [
      {
        Type: 'Other',
        Id: p.resourceId,
        ...(context.region ? { Region: context.region } : {}),
        Details: { Other: other },
      },
    ],
    ...(context.region ? { Region: context.region } : {}),
    RecordState: 'ACTIVE',
  };
}

/** `{"Label":…,"Normalized":…` of each severity. */
const SEVERITY_JSON = Object.fromEntries(
  SEVERITIES.map((s) => [s, `{"Label":${JSON.stringify(ASFF_LABEL[s])},"Normalized":${asffNormalized(s)}`]),
) as Record<Finding['severity'], string>;

/**
 * `JSON.stringify(asffFinding(finding, context))`, written from text fixed per context and the finding's parts:
 * about twice as fast, which matters for 100,000 findings (most of an ASFF finding is the same for every finding).
 * The keys are asffFinding's, in its order; a test holds the two to the same text.
 */
function asffJsonWriter(context: AsffContext): (finding: Finding) => string {
  const contextFields = context.productFields ?? {};
  if (Object.keys(contextFields).some((key) => key.startsWith('findings/'))) {
    // Our keys would replace the context's in place: leave that ordering to JSON.stringify.
    return (finding) => JSON.stringify(asffFinding(finding, context));
  }
  const q = jsonString;
  const contextFieldsJson = JSON.stringify(contextFields).slice(1, -1);
  const idKey = '{"SchemaVersion":"2018-10-08","Id":';
  const generatorKey = `,"ProductArn":${JSON.stringify(context.productArn)},"GeneratorId":`;
  const severityKey =
    `,"AwsAccountId":${JSON.stringify(context.awsAccountId)},"Types":${JSON.stringify(context.types ?? DEFAULT_TYPES)}` +
    `,"CreatedAt":${JSON.stringify(context.observedAt)},"UpdatedAt":${JSON.stringify(context.observedAt)},"Severity":`;
  const fingerprintKey = `,"ProductFields":{${contextFieldsJson}${contextFieldsJson ? ',' : ''}"findings/fingerprint":`;
  const region = context.region ? `,"Region":${JSON.stringify(context.region)}` : '';
  return (finding) => {
    const p = partsOf(finding, context);
    const text = p.recommendationText ? `"Text":${q(p.recommendationText)}` : '';
    const url = p.recommendationUrl ? `${text ? ',' : ''}"Url":${q(p.recommendationUrl)}` : '';
    return (
      idKey +
      q(p.id) +
      generatorKey +
      q(p.generatorId) +
      severityKey +
      SEVERITY_JSON[p.severity] +
      (p.originalSeverity ? `,"Original":${q(p.originalSeverity)}}` : '}') +
      `,"Title":${q(p.title)},"Description":${q(p.description)}` +
      (text || url ? `,"Remediation":{"Recommendation":{${text}${url}}}` : '') +
      (p.sourceUrl ? `,"SourceUrl":${q(p.sourceUrl)}` : '') +
      fingerprintKey +
      q(p.fingerprint) +
      `,"findings/tool":${q(p.tool)}` +
      (p.ruleAliases !== undefined ? `,"findings/rule-aliases":${q(p.ruleAliases)}}` : '}') +
      `,"Resources":[{"Type":"Other","Id":${q(p.resourceId)}${region},"Details":{"Other":{"file":${q(p.file)}` +
      (p.lines ? `,"lines":${q(p.lines)}` : '') +
      (p.resource ? `,"resource":${q(p.resource)}` : '') +
      `}}}]${region},"RecordState":"ACTIVE"}`
    );
  };
}
