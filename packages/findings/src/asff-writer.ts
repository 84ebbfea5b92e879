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
  severity: AsffFinding['Severity'];
  title: string;
  description: string;
  recommendation: { Text?: string; Url?: string } | undefined;
  sourceUrl: string | undefined;
  /** Our own ProductFields, after the context's. */
  fields: Record<string, string>;
  resourceId: string;
  other: Record<string, string>;
}

function partsOf(finding: Finding, context: AsffContext): AsffParts {
  // Plain assignments rather than conditional spreads: this runs once per finding of a large scan.
  const { file } = finding.location;
  const where = lines(finding);
  const location = where ? `${file}:${where}` : file;
  const other: Record<string, string> = { file };
  if (where) other.lines = where;
  if (finding.resource) other.resource = clip(finding.resource, LIMITS.fieldValue);
  const severity: AsffFinding['Severity'] = {
    Label: ASFF_LABEL[finding.severity],
    Normalized: asffNormalized(finding.severity),
  };
  if (finding.originalSeverity) severity.Original = finding.originalSeverity;
  let recommendation: AsffParts['recommendation'];
  if (finding.resolution || finding.helpUri) {
    recommendation = {};
    if (finding.resolution) recommendation.Text = clip(finding.resolution, LIMITS.recommendation);
    if (finding.helpUri) recommendation.Url = finding.helpUri;
  }
  const fields: Record<string, string> = {
    'findings/fingerprint': finding.fingerprint,
    'findings/tool': finding.tool.version ? `${finding.tool.name} ${finding.tool.version}` : finding.tool.name,
  };
  if (finding.ruleAliases.length) fields['findings/rule-aliases'] = finding.ruleAliases.join(' ');
  return {
    id: clip(`${context.generator}/${finding.fingerprint}`, LIMITS.id),
    generatorId: clip(`${context.generator}/${finding.ruleId}`, LIMITS.id),
    severity,
    title: clip(nonEmpty(`${finding.ruleId}: ${finding.title}`, finding.ruleId), LIMITS.title),
    description: clip(nonEmpty(finding.message, nonEmpty(finding.title, finding.ruleId)), LIMITS.description),
    recommendation,
    sourceUrl: context.sourceUrl?.(finding),
    fields,
    resourceId: clip(finding.resource ? `${location} ${finding.resource}` : location, LIMITS.resourceId),
    other,
  };
}

function asffFinding(finding: Finding, context: AsffContext): AsffFinding {
  const p = partsOf(finding, context);
  return {
    SchemaVersion: '2018-10-08',
    Id: p.id,
    ProductArn: context.productArn,
    GeneratorId: p.generatorId,
    AwsAccountId: context.awsAccountId,
    Types: context.types ?? [...DEFAULT_TYPES],
    CreatedAt: context.observedAt,
    UpdatedAt: context.observedAt,
    Severity: p.severity,
    Title: p.title,
    Description: p.description,
    ...(p.recommendation ? { Remediation: { Recommendation: p.recommendation } } : {}),
    ...(p.sourceUrl ? { SourceUrl: p.sourceUrl } : {}),
    ProductFields: { ...context.productFields, ...p.fields },
    Resources: [
      {
        Type: 'Other',
        Id: p.resourceId,
        ...(context.region ? { Region: context.region } : {}),
        Details: { Other: p.other },
      },
    ],
    ...(context.region ? { Region: context.region } : {}),
    RecordState: 'ACTIVE',
  };
}

/**
 * `JSON.stringify(asffFinding(finding, context))`, written from text fixed per context and the finding's parts:
 * about twice as fast, which matters for 100,000 findings (most of an ASFF finding is the same for every finding).
 * The key order is asffFinding's; a test holds the two to the same text.
 */
function asffJsonWriter(context: AsffContext): (finding: Finding) => string {
  const json = JSON.stringify;
  const contextFields = context.productFields ?? {};
  if (Object.keys(contextFields).some((key) => key.startsWith('findings/'))) {
    // Our keys would replace the context's in place: leave that ordering to JSON.stringify.
    return (finding) => json(asffFinding(finding, context));
  }
  const contextFieldsJson = json(contextFields).slice(1, -1);
  const idKey = '{"SchemaVersion":"2018-10-08","Id":';
  const generatorKey = `,"ProductArn":${json(context.productArn)},"GeneratorId":`;
  const severityKey =
    `,"AwsAccountId":${json(context.awsAccountId)},"Types":${json(context.types ?? DEFAULT_TYPES)}` +
    `,"CreatedAt":${json(context.observedAt)},"UpdatedAt":${json(context.observedAt)},"Severity":`;
  const fieldsKey = `,"ProductFields":{${contextFieldsJson}${contextFieldsJson ? ',' : ''}`;
  const region = context.region ? `,"Region":${json(context.region)}` : '';
  return (finding) => {
    const p = partsOf(finding, context);
    return (
      idKey +
      json(p.id) +
      generatorKey +
      json(p.generatorId) +
      severityKey +
      json(p.severity) +
      ',"Title":' +
      json(p.title) +
      ',"Description":' +
      json(p.description) +
      (p.recommendation ? `,"Remediation":{"Recommendation":${json(p.recommendation)}}` : '') +
      (p.sourceUrl ? `,"SourceUrl":${json(p.sourceUrl)}` : '') +
      fieldsKey +
      json(p.fields).slice(1) +
      ',"Resources":[{"Type":"Other","Id":' +
      json(p.resourceId) +
      region +
      ',"Details":{"Other":' +
      json(p.other) +
      '}}]' +
      region +
      ',"RecordState":"ACTIVE"}'
    );
  };
}
