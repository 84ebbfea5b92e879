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
  const code = isRecord(cause.Code) ? cause.Code : {};
  const lines = Array.isArray(code.Lines) ? code.Lines.filter(isRecord) : [];
  return lines
    .filter((l) => l.IsCause !== false)
    .map((l) => str(l.Content))
    .join('\n');
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
  const intern = interner();
  return (result, r, drafts) => {
    if (!isRecord(result)) throw new FindingsFormatError(FORMAT, source, `Results[${r}] is not an object`);
    const misconfigs = result.Misconfigurations ?? [];
    if (!Array.isArray(misconfigs)) {
      throw new FindingsFormatError(FORMAT, source, `Results[${r}].Misconfigurations is not an array`);
    }
    for (const [m, misconfig] of misconfigs.entries()) {
      const where = `Results[${r}].Misconfigurations[${m}]`;
      if (!isRecord(misconfig)) throw new FindingsFormatError(FORMAT, source, `${where} is not an object`);
      if (str(misconfig.Status) !== 'FAIL') continue;
      const id = str(misconfig.ID);
      const avdId = str(misconfig.AVDID);
      if (!id && !avdId) throw new FindingsFormatError(FORMAT, source, `${where} has no ID`);
      const severity = parseSeverity(str(misconfig.Severity));
      if (!severity) {
        throw new FindingsFormatError(
          FORMAT,
          source,
          `${where}.Severity ${JSON.stringify(misconfig.Severity)} is unknown`,
        );
      }
      const cause = isRecord(misconfig.CauseMetadata) ? misconfig.CauseMetadata : {};
      const startLine = line(cause.StartLine);
      const endLine = line(cause.EndLine);
      const snippet = causeLines(cause);
      drafts.push({
        ruleId: avdId || id,
        ruleAliases: avdId && id && id !== avdId ? [id] : [],
        title: intern(str(misconfig.Title) || id),
        message: str(misconfig.Message) || str(misconfig.Description),
        severity,
        originalSeverity: intern(str(misconfig.Severity)),
        location: {
          file: str(result.Target),
          ...(startLine ? { startLine } : {}),
          ...(endLine ? { endLine } : {}),
        },
        ...(str(cause.Resource) ? { resource: str(cause.Resource) } : {}),
        ...(snippet ? { snippet } : {}),
        ...(str(misconfig.PrimaryURL) ? { helpUri: intern(str(misconfig.PrimaryURL)) } : {}),
        ...(str(misconfig.Resolution) ? { resolution: intern(str(misconfig.Resolution)) } : {}),
        tool,
      });
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
