import { FindingsFormatError, isRecord, parseJson, parseSeverity, type FindingDraft } from '@aws-delivery/findings';
import type { ElementReader } from './element-reader.js';
import { interner } from './interner.js';

const FORMAT = 'Trivy JSON';

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function line(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;
}

function causeLines(cause: Record<string, unknown>): string {
  // Most reports carry no code lines: no arrays made for them.
  if (!isRecord(cause.Code) || !Array.isArray(cause.Code.Lines)) return '';
  return cause.Code.Lines.filter(isRecord)
    .filter((l) => l.IsCause !== false)
    .map((l) => str(l.Content))
    .join('\n');
}

/** Where a misconfiguration is, for error messages (made only for one). */
function where(result: number, misconfig: number): string {
  return `Results[${result}].Misconfigurations[${misconfig}]`;
}

/** The draft of one FAIL misconfiguration; its keys in the order report.json has always written them. */
function draftOf(
  misconfig: Record<string, unknown>,
  target: string,
  ruleId: string,
  ruleAliases: string[],
  severity: FindingDraft['severity'],
  shared: { intern: (text: string) => string; tool: FindingDraft['tool'] },
): FindingDraft {
  const { intern } = shared;
  const cause = isRecord(misconfig.CauseMetadata) ? misconfig.CauseMetadata : {};
  const startLine = line(cause.StartLine);
  const endLine = line(cause.EndLine);
  const id = str(misconfig.ID);
  const resource = str(cause.Resource);
  const snippet = causeLines(cause);
  const helpUri = str(misconfig.PrimaryURL);
  const resolution = str(misconfig.Resolution);
  // One literal: keys assigned one by one after it made 100,000 drafts ~7 MiB larger at peak.
  return {
    ruleId,
    ruleAliases,
    title: intern(str(misconfig.Title) || id),
    message: str(misconfig.Message) || str(misconfig.Description),
    severity,
    originalSeverity: intern(str(misconfig.Severity)),
    location: { file: target, ...(startLine ? { startLine } : {}), ...(endLine ? { endLine } : {}) },
    ...(resource ? { resource } : {}),
    ...(snippet ? { snippet } : {}),
    ...(helpUri ? { helpUri: intern(helpUri) } : {}),
    ...(resolution ? { resolution: intern(resolution) } : {}),
    tool: shared.tool,
  };
}

/**
 * Checks a Trivy document apart from its `Results` (which may be given empty: see read-results.ts) and returns the
 * reader of one `Results` element. Findings of one report share their tool object and repeated texts.
 */
export function trivyResultReader(data: unknown, source: string): ElementReader {
  if (!isRecord(data) || (data.SchemaVersion !== undefined && data.SchemaVersion !== 2)) {
    throw new FindingsFormatError(FORMAT, source, `expected an object with "SchemaVersion": 2`);
  }
  if (!('Results' in data) && !('ArtifactName' in data)) {
    throw new FindingsFormatError(FORMAT, source, 'it has neither "Results" nor "ArtifactName"');
  }
  if (data.Results !== undefined && data.Results !== null && !Array.isArray(data.Results)) {
    throw new FindingsFormatError(FORMAT, source, '"Results" is not an array');
  }
  const version = isRecord(data.Trivy) ? str(data.Trivy.Version) : '';
  const tool = { name: 'trivy', ...(version ? { version } : {}) };
  const shared = { intern: interner(), tool };
  return (result, r, drafts) => {
    if (!isRecord(result)) throw new FindingsFormatError(FORMAT, source, `Results[${r}] is not an object`);
    const misconfigs = result.Misconfigurations ?? [];
    if (!Array.isArray(misconfigs)) {
      throw new FindingsFormatError(FORMAT, source, `Results[${r}].Misconfigurations is not an array`);
    }
    const target = str(result.Target);
    for (let m = 0; m < misconfigs.length; m++) {
      const misconfig: unknown = misconfigs[m];
      if (!isRecord(misconfig)) throw new FindingsFormatError(FORMAT, source, `${where(r, m)} is not an object`);
      if (str(misconfig.Status) !== 'FAIL') continue;
      const id = str(misconfig.ID);
      const avdId = str(misconfig.AVDID);
      if (!id && !avdId) throw new FindingsFormatError(FORMAT, source, `${where(r, m)} has no ID`);
      const severity = parseSeverity(str(misconfig.Severity));
      if (!severity) {
        throw new FindingsFormatError(
          FORMAT,
          source,
          `${where(r, m)}.Severity ${JSON.stringify(misconfig.Severity)} is unknown`,
        );
      }
      const aliases = avdId && id && id !== avdId ? [id] : [];
      drafts.push(draftOf(misconfig, target, avdId || id, aliases, severity, shared));
    }
  };
}

/**
 * Refuses a report of no scanned target. Trivy lists every configuration file it scanned in `Results`, clean ones
 * too (with a `MisconfSummary`, or no findings key at all); `Results` absent, null or empty means it found nothing to
 * scan (a wrong directory, or files it does not read), so a pass would prove nothing.
 */
export function requireScannedTarget(targets: number, source: string): void {
  if (targets === 0) {
    throw new FindingsFormatError(FORMAT, source, 'its "Results" list no scanned file, so no scan ran');
  }
}

/**
 * Reads `trivy config --format json` (schema 2). Both id generations: `ID: AVD-AWS-0086` with `AVDID` (before
 * 0.69.1) and `ID: AWS-0086` (after). Only FAIL misconfigurations are findings.
 * Paths are the `Target`s, relative to the scanned directory. A report of no scanned file is refused.
 */
export function readTrivyJson(input: unknown, source: string): FindingDraft[] {
  const data = typeof input === 'string' ? parseJson(input, FORMAT, source) : input;
  const read = trivyResultReader(data, source);
  const drafts: FindingDraft[] = [];
  const results = (data as { Results?: unknown[] | null }).Results ?? [];
  results.forEach((result, r) => read(result, r, drafts));
  requireScannedTarget(results.length, source);
  return drafts;
}
