import { FindingsFormatError, isRecord, parseJson, parseSeverity, type FindingDraft } from '@aws-delivery/findings';
import type { ElementReader } from './element-reader.js';
import { interner } from './interner.js';

const FORMAT = 'tfsec JSON';

/** tfsec's `status`: 0 failed, 1 passed, 2 ignored (an inline ignore it honoured). */
const STATUS = { failed: 0, passed: 1, ignored: 2 } as const;

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function line(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;
}

/**
 * Checks a tfsec document apart from its `results` (which may be given empty: see read-results.ts) and returns the
 * reader of one result. Findings of one report share their tool object and repeated texts.
 */
export function tfsecResultReader(data: unknown, source: string, version?: string): ElementReader {
  if (!isRecord(data) || !('results' in data)) {
    throw new FindingsFormatError(FORMAT, source, 'it has no "results" key');
  }
  if (data.results !== null && !Array.isArray(data.results)) {
    throw new FindingsFormatError(FORMAT, source, '"results" is not an array');
  }
  const tool = { name: 'tfsec', ...(version ? { version } : {}) };
  const intern = interner();
  return (result, index, drafts) => {
    const where = `results[${index}]`;
    if (!isRecord(result)) throw new FindingsFormatError(FORMAT, source, `${where} is not an object`);
    const status = result.status ?? STATUS.failed;
    if (status === STATUS.passed) return;
    if (status !== STATUS.failed && status !== STATUS.ignored) {
      throw new FindingsFormatError(FORMAT, source, `${where}.status is ${JSON.stringify(status)}, not 0, 1 or 2`);
    }
    const ruleId = str(result.rule_id);
    const longId = str(result.long_id);
    if (!ruleId && !longId) throw new FindingsFormatError(FORMAT, source, `${where} has no rule_id or long_id`);
    const severity = parseSeverity(str(result.severity));
    if (!severity) {
      throw new FindingsFormatError(FORMAT, source, `${where}.severity ${JSON.stringify(result.severity)} is unknown`);
    }
    const location = isRecord(result.location) ? result.location : {};
    const file = str(location.filename);
    if (!file) throw new FindingsFormatError(FORMAT, source, `${where}.location.filename is missing`);
    const startLine = line(location.start_line);
    const endLine = line(location.end_line);
    const links = Array.isArray(result.links) ? result.links.filter((l): l is string => typeof l === 'string') : [];
    drafts.push({
      ruleId: ruleId || longId,
      ruleAliases: ruleId && longId ? [longId] : [],
      title: intern(str(result.rule_description) || longId || ruleId),
      message: str(result.description) || str(result.rule_description),
      severity,
      originalSeverity: intern(str(result.severity)),
      location: { file, ...(startLine ? { startLine } : {}), ...(endLine ? { endLine } : {}) },
      ...(str(result.resource) ? { resource: str(result.resource) } : {}),
      ...(links[0] ? { helpUri: intern(links[0]) } : {}),
      ...(str(result.resolution) ? { resolution: intern(str(result.resolution)) } : {}),
      tool,
      ...(status === STATUS.ignored ? { ignoredByScanner: true } : {}),
    });
  };
}

/**
 * Reads `tfsec --format json`. `results` may be null (nothing found). Passed results are dropped; ignored ones are
 * kept, marked `ignoredByScanner`. Ids and paths are returned as tfsec printed them (absolute filenames).
 */
export function readTfsecJson(input: unknown, source: string, version?: string): FindingDraft[] {
  const data = typeof input === 'string' ? parseJson(input, FORMAT, source) : input;
  const read = tfsecResultReader(data, source, version);
  const drafts: FindingDraft[] = [];
  ((data as { results: unknown[] | null }).results ?? []).forEach((result, index) => read(result, index, drafts));
  return drafts;
}
