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
