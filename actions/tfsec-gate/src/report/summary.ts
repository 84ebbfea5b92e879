import { details, heading, mermaidPie, table } from '@aws-delivery/action-kit';
import { describeLimits, limitFor, SEVERITIES } from '@aws-delivery/findings';
import type { EvaluatedFinding } from '../policy/evaluate.js';
import type { GateReport } from './gate-report.js';

const MAX_ROWS = 50;

function where(f: EvaluatedFinding): string {
  const { file, startLine } = f.finding.location;
  return startLine ? `${file}:${startLine}` : file;
}

function rows(list: EvaluatedFinding[], columns: (f: EvaluatedFinding) => unknown[]): unknown[][] {
  return list.slice(0, MAX_ROWS).map(columns);
}

function more(list: unknown[]): string {
  return list.length > MAX_ROWS ? `\n…and ${list.length - MAX_ROWS} more (see the report file).\n` : '';
}

/** The job summary: verdict, counts by severity (table and pie), failing findings, suppressed ones and why. */
export function renderSummary(report: GateReport): string {
  const { evaluation: e, policy } = report;
  const tool = report.tool.version ? `${report.tool.name} ${report.tool.version}` : report.tool.name;
  const verdict = e.passed ? '✅ Passed' : '❌ Failed';
  const parts = [
    heading(`tfsec-gate: ${verdict}`),
    `Scanned \`${report.scanned}\` with ${tool}. Fail-on: **${policy.failOn}**; reported from: **${policy.reportThreshold}**; ${describeLimits(policy)}.\n`,
  ];
  if (!e.passed) parts.push(`**Why it failed:**\n\n${e.reasons.map((r) => `- ${r}`).join('\n')}\n`);
  const suppressed = e.findings.filter((f) => f.disposition === 'suppressed');
  const suppressedCount = (s: string) => suppressed.filter((f) => f.finding.severity === s).length;
  parts.push(
    table(
      ['severity', 'findings', 'new', 'limit for new', 'suppressed'],
      SEVERITIES.map((s) => {
        const limit = limitFor(policy, s);
        const shown = Number.isFinite(limit) ? String(limit) : '—';
        const breached = e.breaches.some((b) => b.severity === s);
        return [s, e.counts[s], e.newCounts[s], breached ? `${shown} ❌` : shown, suppressedCount(s)];
      }),
    ),
  );
  parts.push(
    mermaidPie(
      'Findings by severity',
      SEVERITIES.map((s) => [s, e.counts[s]] as const),
    ),
  );
  const failing = e.findings.filter((f) => f.disposition === 'failing');
  if (failing.length) {
    parts.push(heading('Failing findings', 3));
    parts.push(
      table(
        ['severity', 'rule', 'where', 'resource', 'message'],
        rows(failing, (f) => [
          f.finding.severity,
          f.finding.ruleId,
          where(f),
          f.finding.resource ?? '',
          f.finding.message,
        ]),
      ),
    );
    parts.push(more(failing));
  }
  const reported = e.findings.filter((f) => f.disposition === 'reported');
  if (reported.length) {
    parts.push(
      details(
        `Other reported findings (${reported.length})`,
        table(
          ['severity', 'rule', 'where', 'new', 'message'],
          rows(reported, (f) => [
            f.finding.severity,
            f.finding.ruleId,
            where(f),
            f.isNew ? 'yes' : 'baseline',
            f.finding.message,
          ]),
        ) + more(reported),
      ),
    );
  }
  if (suppressed.length) {
    parts.push(
      details(
        `Suppressed findings (${suppressed.length})`,
        table(
          ['severity', 'rule', 'where', 'by', 'owner', 'reason', 'expires'],
          rows(suppressed, (f) => [
            f.finding.severity,
            f.finding.ruleId,
            where(f),
            f.suppression?.kind,
            f.suppression?.owner ?? '',
            f.suppression?.reason,
            f.suppression?.expires ?? 'never',
          ]),
        ) + more(suppressed),
      ),
    );
  }
  if (e.problems.length) {
    parts.push(heading('Exceptions and ignores to review', 3));
    parts.push(e.problems.map((p) => `- ${p.fails ? '❌' : '⚠️'} ${p.message}`).join('\n') + '\n');
  }
  parts.push(
    `Files: SARIF \`${report.files.sarif}\`, report \`${report.files.report}\`, JUnit \`${report.files.junit}\`${report.files.asff ? `, ASFF \`${report.files.asff}\`` : ''}.\n`,
  );
  return parts.join('\n');
}
