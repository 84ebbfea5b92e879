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

/** What findings of one rule share in ASFF (given the same title, remediation, aliases and tool). */
interface AsffRuleParts {
  generatorId: string;
  title: string;
  recommendationText: string | undefined;
  recommendationUrl: string | undefined;
  tool: string;
  ruleAliases: string | undefined;
}

/** What differs from one ASFF finding to the next. */
interface AsffFindingParts {
  id: string;
  severity: Finding['severity'];
  originalSeverity: string | undefined;
  description: string;
  sourceUrl: string | undefined;
  fingerprint: string;
  resourceId: string;
  file: string;
  lines: string | undefined;
  resource: string | undefined;
}

function rulePartsOf(finding: Finding, context: AsffContext): AsffRuleParts {
  return {
    generatorId: clip(`${context.generator}/${finding.ruleId}`, LIMITS.id),
    title: clip(nonEmpty(`${finding.ruleId}: ${finding.title}`, finding.ruleId), LIMITS.title),
    recommendationText: finding.resolution ? clip(finding.resolution, LIMITS.recommendation) : undefined,
    recommendationUrl: finding.helpUri || undefined,
    tool: finding.tool.version ? `${finding.tool.name} ${finding.tool.version}` : finding.tool.name,
    ruleAliases: finding.ruleAliases.length ? finding.ruleAliases.join(' ') : undefined,
  };
}

function findingPartsOf(finding: Finding, context: AsffContext): AsffFindingParts {
  const { file } = finding.location;
  const where = lines(finding);
  const location = where ? `${file}:${where}` : file;
  return {
    id: clip(`${context.generator}/${finding.fingerprint}`, LIMITS.id),
    severity: finding.severity,
    originalSeverity: finding.originalSeverity || undefined,
    description: clip(nonEmpty(finding.message, nonEmpty(finding.title, finding.ruleId)), LIMITS.description),
    sourceUrl: context.sourceUrl?.(finding) || undefined,
    fingerprint: finding.fingerprint,
    resourceId: clip(finding.resource ? `${location} ${finding.resource}` : location, LIMITS.resourceId),
    file,
    lines: where || undefined,
    resource: finding.resource ? clip(finding.resource, LIMITS.fieldValue) : undefined,
  };
}

/**
 * Whether two findings certainly give the same AsffRuleParts: the same texts, and the very same alias array and tool
 * object (parsers share those between findings of one rule; findings that do not share them are just not reused).
 */
function sameRuleParts(a: Finding, b: Finding): boolean {
  return (
    a.ruleId === b.ruleId &&
    a.title === b.title &&
    a.resolution === b.resolution &&
    a.helpUri === b.helpUri &&
    a.ruleAliases === b.ruleAliases &&
    a.tool === b.tool
  );
}

function asffFinding(finding: Finding, context: AsffContext): AsffFinding {
  const p = { ...rulePartsOf(finding, context), ...findingPartsOf(finding, context) };
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
 * `JSON.stringify(asffFinding(finding, context))`, written from text fixed per context, text fixed per rule (made
 * once for a run of findings of the same rule) and the finding's own parts: most of an ASFF finding is the same for
 * every finding, which matters for 100,000 of them. The keys are asffFinding's, in its order; a test holds the two to
 * the same text.
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
  /** The rule's text, from GeneratorId's value to Severity's key, and from Title's key to ProductFields'. */
  const ruleJson = (finding: Finding) => {
    const r = rulePartsOf(finding, context);
    const text = r.recommendationText ? `"Text":${q(r.recommendationText)}` : '';
    const url = r.recommendationUrl ? `${text ? ',' : ''}"Url":${q(r.recommendationUrl)}` : '';
    return {
      from: finding,
      generator: q(r.generatorId) + severityKey,
      title: `,"Title":${q(r.title)},"Description":`,
      remediation: text || url ? `,"Remediation":{"Recommendation":{${text}${url}}}` : '',
      productFields:
        `,"findings/tool":${q(r.tool)}` +
        (r.ruleAliases !== undefined ? `,"findings/rule-aliases":${q(r.ruleAliases)}}` : '}') +
        `,"Resources":[{"Type":"Other","Id":`,
    };
  };
  const rules = new Map<string, ReturnType<typeof ruleJson>>();
  // Files and the scanner's severity words repeat across findings: each is quoted once.
  const quoted = new Map<string, string>();
  const quote = (text: string) => {
    let json = quoted.get(text);
    if (json === undefined) {
      json = q(text);
      quoted.set(text, json);
    }
    return json;
  };
  return (finding) => {
    let rule = rules.get(finding.ruleId);
    if (!rule || !sameRuleParts(rule.from, finding)) {
      rule = ruleJson(finding);
      rules.set(finding.ruleId, rule);
    }
    const p = findingPartsOf(finding, context);
    return (
      idKey +
      q(p.id) +
      generatorKey +
      rule.generator +
      SEVERITY_JSON[p.severity] +
      (p.originalSeverity ? `,"Original":${quote(p.originalSeverity)}}` : '}') +
      rule.title +
      q(p.description) +
      rule.remediation +
      (p.sourceUrl ? `,"SourceUrl":${q(p.sourceUrl)}` : '') +
      fingerprintKey +
      q(p.fingerprint) +
      rule.productFields +
      `${q(p.resourceId)}${region},"Details":{"Other":{"file":${quote(p.file)}` +
      (p.lines ? `,"lines":${q(p.lines)}` : '') +
      (p.resource ? `,"resource":${q(p.resource)}` : '') +
      `}}}]${region},"RecordState":"ACTIVE"}`
    );
  };
}
