import type { FindingDraft } from './finding.js';
import { FindingsFormatError, isRecord, parseJson } from './format-error.js';
import { parseSeverity, severityFromSarifLevel, severityFromSecurityScore, type Severity } from './severity.js';

type Json = Record<string, unknown>;

function text(value: unknown): string {
  return isRecord(value) && typeof value.text === 'string' ? value.text : '';
}

function positiveInt(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;
}

/**
 * A SARIF artifact URI as a path: `file://` URIs become absolute paths, others are percent-decoded. A URI that is
 * not one (`file://:`, a stray `%`) is kept as written: it names a file no scan result can be annotated on.
 */
export function sarifUriToPath(uri: string): string {
  try {
    return decodeURIComponent(uri.startsWith('file://') ? new URL(uri).pathname : uri);
  } catch {
    return uri;
  }
}

function severityOf(result: Json, rule: Json | undefined): { severity: Severity; original?: string } {
  for (const props of [result.properties, rule?.properties]) {
    if (!isRecord(props)) continue;
    // A score is a number or a numeric string; anything else (blank, an object, even one without a prototype) is none.
    const given = props['security-severity'];
    const score = typeof given === 'number' || (typeof given === 'string' && given.trim()) ? Number(given) : NaN;
    if (Number.isFinite(score)) return { severity: severityFromSecurityScore(score), original: String(given) };
    const named = typeof props.severity === 'string' ? parseSeverity(props.severity) : undefined;
    if (named) return { severity: named, original: String(props.severity) };
  }
  const config = isRecord(rule?.defaultConfiguration) ? rule.defaultConfiguration : {};
  const level = typeof result.level === 'string' ? result.level : (config.level as string | undefined);
  return { severity: severityFromSarifLevel(level), ...(level ? { original: level } : {}) };
}

function rulesOf(run: Json): Json[] {
  const tool = isRecord(run.tool) ? run.tool : {};
  const driver = isRecord(tool.driver) ? tool.driver : {};
  return Array.isArray(driver.rules) ? driver.rules.filter(isRecord) : [];
}

function ruleFor(result: Json, rules: Json[]): Json | undefined {
  if (typeof result.ruleIndex === 'number' && isRecord(rules[result.ruleIndex])) return rules[result.ruleIndex];
  return rules.find((rule) => rule.id === result.ruleId);
}

function locationOf(result: Json): FindingDraft['location'] & { snippet?: string } {
  const first = Array.isArray(result.locations) ? result.locations.find(isRecord) : undefined;
  const physical = first && isRecord(first.physicalLocation) ? first.physicalLocation : {};
  const artifact = isRecord(physical.artifactLocation) ? physical.artifactLocation : {};
  const region = isRecord(physical.region) ? physical.region : {};
  const startLine = positiveInt(region.startLine);
  const endLine = positiveInt(region.endLine);
  const snippet = text(region.snippet);
  return {
    file: typeof artifact.uri === 'string' ? sarifUriToPath(artifact.uri) : '',
    ...(startLine ? { startLine } : {}),
    ...(endLine ? { endLine } : {}),
    ...(snippet ? { snippet } : {}),
  };
}

/** Why a run shows that its tool did not scan, or undefined when it scanned. */
function notScanned(run: Json, index: number): string | undefined {
  const where = `runs[${index}]`;
  const invocations = Array.isArray(run.invocations) ? run.invocations.filter(isRecord) : [];
  const failed = invocations.findIndex((invocation) => invocation.executionSuccessful === false);
  if (failed >= 0) {
    const notes = invocations[failed]!.toolExecutionNotifications;
    const first = Array.isArray(notes) ? notes.find(isRecord) : undefined;
    const why = text(first?.message);
    return `${where}.invocations[${failed}].executionSuccessful is false${why ? ` (${JSON.stringify(why)})` : ''}`;
  }
  // SARIF 2.1.0 §3.14.23: an absent or null "results" means the tool did not run, or failed; [] means it found nothing.
  if (!Array.isArray(run.results)) return `${where} has no "results" array, so its tool did not complete a scan`;
  return undefined;
}

/**
 * Reads every result of every run of a SARIF 2.1.0 log. Rule ids and paths are returned as the log writes them;
 * results the log marks as suppressed are kept with `ignoredByScanner`. `input` is the text, or the parsed JSON.
 * A log that shows no scan ran (no run, a run without results, a failed invocation) is refused: it proves nothing.
 */
export function readSarif(input: unknown, source = 'SARIF input'): FindingDraft[] {
  const log = typeof input === 'string' ? parseJson(input, 'SARIF', source) : input;
  if (!isRecord(log) || !Array.isArray(log.runs)) {
    throw new FindingsFormatError('SARIF', source, 'it has no "runs" array');
  }
  if (log.version !== '2.1.0') {
    throw new FindingsFormatError('SARIF', source, `version is ${JSON.stringify(log.version)}, expected "2.1.0"`);
  }
  const runs = log.runs.filter(isRecord);
  if (runs.length === 0) throw new FindingsFormatError('SARIF', source, 'it has no run, so no scan ran');
  runs.forEach((run, index) => {
    const why = notScanned(run, index);
    if (why) throw new FindingsFormatError('SARIF', source, why);
  });
  const drafts: FindingDraft[] = [];
  for (const run of runs) {
    const tool = isRecord(run.tool) && isRecord(run.tool.driver) ? run.tool.driver : {};
    const toolName = typeof tool.name === 'string' ? tool.name : 'sarif';
    const toolVersion = typeof tool.version === 'string' ? tool.version : undefined;
    // One tool object for the run's findings: writers that see it shared know the findings share their tool.
    const findingTool = { name: toolName, ...(toolVersion ? { version: toolVersion } : {}) };
    const rules = rulesOf(run);
    for (const result of run.results as unknown[]) {
      if (!isRecord(result)) throw new FindingsFormatError('SARIF', source, 'a result is not an object');
      const rule = ruleFor(result, rules);
      const ruleId = typeof result.ruleId === 'string' ? result.ruleId : typeof rule?.id === 'string' ? rule.id : '';
      if (!ruleId) throw new FindingsFormatError('SARIF', source, 'a result has no ruleId');
      const { snippet, ...location } = locationOf(result);
      const { severity, original } = severityOf(result, rule);
      const suppressed = Array.isArray(result.suppressions) && result.suppressions.length > 0;
      drafts.push({
        ruleId,
        ruleAliases: [],
        title: text(rule?.shortDescription) || ruleId,
        message: text(result.message),
        severity,
        ...(original ? { originalSeverity: original } : {}),
        location,
        ...(snippet ? { snippet } : {}),
        ...(typeof rule?.helpUri === 'string' ? { helpUri: rule.helpUri } : {}),
        ...(text(rule?.help) ? { resolution: text(rule?.help) } : {}),
        tool: findingTool,
        ...(suppressed ? { ignoredByScanner: true } : {}),
      });
    }
  }
  return drafts;
}
