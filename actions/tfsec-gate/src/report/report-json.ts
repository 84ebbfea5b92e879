import type { Disposition } from '@aws-delivery/findings';
import type { EvaluatedFinding } from '../policy/evaluate.js';
import type { GateReport } from './gate-report.js';

/** The machine-readable report: verdict, policy, counts, every finding with its disposition and suppression. */
export function toReportJson(report: GateReport, generatedAt: string): object {
  const e = report.evaluation;
  return {
    version: 1,
    generatedAt,
    tool: report.tool,
    scanned: report.scanned,
    passed: e.passed,
    reasons: e.reasons,
    policy: { ...report.policy, exceptions: report.policy.exceptions.length },
    counts: e.counts,
    newCounts: e.newCounts,
    breaches: e.breaches,
    problems: e.problems,
    findings: e.findings.map((f) => ({
      disposition: f.disposition,
      new: f.isNew,
      ...(f.suppression ? { suppression: f.suppression } : {}),
      ...f.finding,
    })),
  };
}

/** The same report as JSON text in pieces: the findings are serialised one at a time. */
export function* reportJsonChunks(report: GateReport, generatedAt: string): Generator<string> {
  const { findings: _all, ...head } = toReportJson(
    { ...report, evaluation: { ...report.evaluation, findings: [] } },
    generatedAt,
  ) as {
    findings: unknown[];
  };
  const shell = JSON.stringify({ ...head, findings: [] });
  const cut = shell.lastIndexOf('[]');
  yield shell.slice(0, cut + 1);
  let first = true;
  for (const f of report.evaluation.findings) {
    yield (first ? '' : ',') + findingEntryJson(f);
    first = false;
  }
  yield shell.slice(cut + 1);
}

/** The start of each finding's entry, up to the value of `new`. */
const ENTRY_START: Record<Disposition, string> = {
  failing: '{"disposition":"failing","new":',
  reported: '{"disposition":"reported","new":',
  hidden: '{"disposition":"hidden","new":',
  suppressed: '{"disposition":"suppressed","new":',
};

/**
 * `JSON.stringify({ disposition, new, suppression?, ...finding })` without copying the finding into a new object
 * (a finding always has keys, so its own JSON continues the entry after its opening brace).
 */
function findingEntryJson(f: EvaluatedFinding): string {
  const suppression = f.suppression ? `,"suppression":${JSON.stringify(f.suppression)}` : '';
  return `${ENTRY_START[f.disposition]}${f.isNew}${suppression},${JSON.stringify(f.finding).slice(1)}`;
}
