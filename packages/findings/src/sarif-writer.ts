import type { Finding } from './finding.js';
import { jsonString } from './json-text.js';
import { SEVERITIES, compareSeverity, sarifLevel, securitySeverityScore, type Severity } from './severity.js';

export interface SarifTool {
  name: string;
  version?: string;
  informationUri?: string;
}

export interface SarifEntry {
  finding: Finding;
  /** SARIF baselineState: `new` when not in the baseline, `unchanged` when it is. Left out without a baseline. */
  baselineState?: 'new' | 'unchanged';
}

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const FINGERPRINT_KEY = 'findingFingerprint/v1';
const FINGERPRINT_KEY_JSON = JSON.stringify(FINGERPRINT_KEY);

interface SarifRule {
  id: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  helpUri?: string;
  help: { text: string; markdown: string };
  properties: { 'security-severity': string; tags: string[]; aliases?: string[] };
}

/** The first text that is not blank: GitHub refuses a blank message or description (GH1015). */
function firstNonBlank(...texts: (string | undefined)[]): string {
  return texts.find((t) => t && t.trim() !== '') ?? texts[texts.length - 1] ?? '';
}

/** An absolute URL, or undefined: SARIF requires helpUri to be one (SARIF1005), and scanner text may be anything. */
function absoluteUrl(uri: string | undefined): string | undefined {
  if (!uri) return undefined;
  try {
    const url = new URL(uri);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** A relative path as a URI reference: encodeURI leaves `#` and `?`, which would start a fragment or query. */
function pathUri(file: string): string {
  return encodeURI(file).replace(/[#?]/g, (c) => (c === '#' ? '%23' : '%3F'));
}

/** GitHub code scanning requires `help` on every rule (GH2012): the resolution and the link, as text and markdown. */
function helpFor(finding: Finding): SarifRule['help'] {
  const what = firstNonBlank(finding.resolution, `See the ${finding.tool.name} documentation of ${finding.ruleId}.`);
  const uri = absoluteUrl(finding.helpUri);
  const link = uri ? `\n\n${uri}` : '';
  const markdownLink = uri ? `\n\n<${uri}>` : '';
  return { text: `${what}${link}`, markdown: `${what}${markdownLink}` };
}

function ruleFor(finding: Finding, severity: Severity): SarifRule {
  const title = firstNonBlank(finding.title, finding.message, finding.ruleId);
  const helpUri = absoluteUrl(finding.helpUri);
  return {
    id: finding.ruleId,
    shortDescription: { text: title },
    fullDescription: { text: title },
    ...(helpUri ? { helpUri } : {}),
    help: helpFor(finding),
    properties: {
      'security-severity': securitySeverityScore(severity),
      tags: ['security'],
      ...(finding.ruleAliases.length ? { aliases: finding.ruleAliases } : {}),
    },
  };
}

function region(finding: Finding): { startLine: number; endLine?: number } | undefined {
  const start = finding.location.startLine;
  if (!start || start < 1) return undefined;
  const end = finding.location.endLine;
  return end && end >= start ? { startLine: start, endLine: end } : { startLine: start };
}

function rulesOf(entries: readonly SarifEntry[]): { rules: SarifRule[]; index: Map<string, number> } {
  const worst = new Map<string, Finding>();
  for (const { finding } of entries) {
    const seen = worst.get(finding.ruleId);
    if (!seen || compareSeverity(finding.severity, seen.severity) < 0) worst.set(finding.ruleId, finding);
  }
  const ruleIds = [...worst.keys()].sort();
  return {
    rules: ruleIds.map((id) => ruleFor(worst.get(id)!, worst.get(id)!.severity)),
    index: new Map(ruleIds.map((id, i) => [id, i])),
  };
}

function resultFor({ finding, baselineState }: SarifEntry, ruleIndex: number): object {
  const where = region(finding);
  return {
    ruleId: finding.ruleId,
    ruleIndex,
    level: sarifLevel(finding.severity),
    message: { text: firstNonBlank(finding.message, finding.title, finding.ruleId) },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: pathUri(finding.location.file), uriBaseId: '%SRCROOT%' },
          ...(where ? { region: where } : {}),
        },
      },
    ],
    partialFingerprints: { [FINGERPRINT_KEY]: finding.fingerprint },
    ...(baselineState ? { baselineState } : {}),
    properties: {
      severity: finding.severity,
      'security-severity': securitySeverityScore(finding.severity),
      ...(finding.resource ? { resource: finding.resource } : {}),
    },
  };
}

function logWithResults(rules: SarifRule[], tool: SarifTool, results: object[]): object {
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: tool.name,
            ...(tool.version ? { version: tool.version } : {}),
            ...(tool.informationUri ? { informationUri: tool.informationUri } : {}),
            rules,
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The root of the repository checkout.' } } },
        results,
      },
    ],
  };
}

/**
 * A SARIF 2.1.0 log of exactly the findings given (the caller decides what is reported). One rule per rule id,
 * rated by the most severe finding of that rule; results keep their own level.
 */
export function toSarif(entries: readonly SarifEntry[], tool: SarifTool): object {
  const { rules, index } = rulesOf(entries);
  return logWithResults(
    rules,
    tool,
    entries.map((entry) => resultFor(entry, index.get(entry.finding.ruleId)!)),
  );
}

/** `"level":…` up to the message, and `"properties":{"severity":…,"security-severity":…` of each severity. */
const LEVEL_JSON = Object.fromEntries(
  SEVERITIES.map((s) => [s, `,"level":${JSON.stringify(sarifLevel(s))},"message":{"text":`]),
) as Record<Severity, string>;
const PROPERTIES_JSON = Object.fromEntries(
  SEVERITIES.map((s) => [
    s,
    `,"properties":{"severity":${JSON.stringify(s)},"security-severity":${JSON.stringify(securitySeverityScore(s))}`,
  ]),
) as Record<Severity, string>;

/**
 * `JSON.stringify(resultFor(entry, ruleIndex))`, written directly: the same keys in the same order, without building
 * the objects (this runs once per finding of a large scan). `uris` caches the quoted URI of each file.
 */
function resultJson({ finding, baselineState }: SarifEntry, ruleIndex: number, uris: Map<string, string>): string {
  const q = jsonString;
  const { file } = finding.location;
  let uri = uris.get(file);
  if (uri === undefined) {
    uri = q(pathUri(file));
    uris.set(file, uri);
  }
  const where = region(finding);
  const regionJson = where
    ? `,"region":{"startLine":${JSON.stringify(where.startLine)}${where.endLine !== undefined ? `,"endLine":${JSON.stringify(where.endLine)}` : ''}}`
    : '';
  return (
    `{"ruleId":${q(finding.ruleId)},"ruleIndex":${JSON.stringify(ruleIndex)}` +
    LEVEL_JSON[finding.severity] +
    `${q(firstNonBlank(finding.message, finding.title, finding.ruleId))}}` +
    `,"locations":[{"physicalLocation":{"artifactLocation":{"uri":${uri},"uriBaseId":"%SRCROOT%"}${regionJson}}}]` +
    `,"partialFingerprints":{${FINGERPRINT_KEY_JSON}:${q(finding.fingerprint)}}` +
    (baselineState ? `,"baselineState":${q(baselineState)}` : '') +
    PROPERTIES_JSON[finding.severity] +
    (finding.resource ? `,"resource":${q(finding.resource)}` : '') +
    '}}'
  );
}

/** The same log as `toSarif`, as JSON text in pieces, so a large log is written without holding it whole. */
export function* sarifJsonChunks(entries: readonly SarifEntry[], tool: SarifTool): Generator<string> {
  const { rules, index } = rulesOf(entries);
  const shell = JSON.stringify(logWithResults(rules, tool, []));
  const cut = shell.lastIndexOf('[]');
  const uris = new Map<string, string>();
  yield shell.slice(0, cut + 1);
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    yield (i ? ',' : '') + resultJson(entry, index.get(entry.finding.ruleId)!, uris);
  }
  yield shell.slice(cut + 1);
}
