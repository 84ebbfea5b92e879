import { table } from '@aws-delivery/action-kit';
import { SEVERITIES } from '@aws-delivery/findings';
import type { GateReport } from './gate-report.js';

/** The hidden marker that finds our comment again; one per scanned directory, so two gates in a job do not clash. */
export function commentMarker(scanned: string): string {
  return `<!-- tfsec-gate:${scanned} -->`;
}

const MAX_LISTED = 20;

/** The pull-request comment: verdict, counts, failing findings, a link to the run. */
export function renderPrComment(report: GateReport, runUrl?: string): string {
  const e = report.evaluation;
  const failing = e.findings.filter((f) => f.disposition === 'failing');
  const lines = [
    commentMarker(report.scanned),
    `### tfsec-gate: ${e.passed ? '✅ passed' : '❌ failed'} for \`${report.scanned}\``,
    '',
    table(
      ['severity', 'findings', 'new'],
      SEVERITIES.filter((s) => e.counts[s] > 0 || e.newCounts[s] > 0).map((s) => [s, e.counts[s], e.newCounts[s]]),
    ),
  ];
  if (!e.passed) lines.push(e.reasons.map((r) => `- ${r}`).join('\n'), '');
  if (failing.length) {
    lines.push(
      table(
        ['severity', 'rule', 'where', 'message'],
        failing
          .slice(0, MAX_LISTED)
          .map((f) => [
            f.finding.severity,
            f.finding.ruleId,
            `${f.finding.location.file}:${f.finding.location.startLine ?? ''}`,
            f.finding.message,
          ]),
      ),
    );
    if (failing.length > MAX_LISTED) lines.push(`…and ${failing.length - MAX_LISTED} more.`, '');
  }
  if (runUrl) lines.push(`[Full report in the job summary](${runUrl})`);
  return lines.join('\n');
}
