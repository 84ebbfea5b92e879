import type { Finding } from './finding.js';
import { FindingsFormatError, isRecord, parseJson } from './format-error.js';

/** A baseline: the findings accepted when it was written, by fingerprint. Only findings not in it are new. */
export interface Baseline {
  version: 1;
  generatedAt?: string;
  findings: BaselineEntry[];
}

export interface BaselineEntry {
  fingerprint: string;
  /** For people reading the file; matching uses the fingerprint only. */
  ruleId?: string;
  file?: string;
  resource?: string;
}

export function createBaseline(findings: readonly Finding[], generatedAt: string): Baseline {
  const seen = new Set<string>();
  const entries: BaselineEntry[] = [];
  for (const f of findings) {
    if (seen.has(f.fingerprint)) continue;
    seen.add(f.fingerprint);
    entries.push({
      fingerprint: f.fingerprint,
      ruleId: f.ruleId,
      file: f.location.file,
      ...(f.resource ? { resource: f.resource } : {}),
    });
  }
  entries.sort((a, b) => (a.file ?? '').localeCompare(b.file ?? '') || a.fingerprint.localeCompare(b.fingerprint));
  return { version: 1, generatedAt, findings: entries };
}

export function parseBaseline(content: string, source: string): Baseline {
  const data = parseJson(content, 'baseline JSON', source);
  if (!isRecord(data) || data.version !== 1 || !Array.isArray(data.findings)) {
    throw new FindingsFormatError('baseline JSON', source, 'expected {"version": 1, "findings": [...]}');
  }
  const findings = data.findings.map((entry, index) => {
    if (!isRecord(entry) || typeof entry.fingerprint !== 'string' || !/^[0-9a-f]{32}$/.test(entry.fingerprint)) {
      throw new FindingsFormatError(
        'baseline JSON',
        source,
        `findings[${index}] has no "fingerprint" of 32 hex digits; regenerate the baseline rather than editing it`,
      );
    }
    return entry as unknown as BaselineEntry;
  });
  return { version: 1, ...(typeof data.generatedAt === 'string' ? { generatedAt: data.generatedAt } : {}), findings };
}

/** A test for "this finding was accepted in the baseline". */
export function baselineContains(baseline: Baseline | undefined): (finding: Pick<Finding, 'fingerprint'>) => boolean {
  const known = new Set(baseline?.findings.map((entry) => entry.fingerprint) ?? []);
  return (finding) => known.has(finding.fingerprint);
}
