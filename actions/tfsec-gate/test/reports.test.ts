import { describe, expect, it } from '@jest/globals';
import { evaluate } from '../src/policy/evaluate.js';
import { MAX_ANNOTATIONS, planAnnotations } from '../src/report/annotations.js';
import { commentMarker, renderPrComment } from '../src/report/pr-comment-body.js';
import { renderSummary } from '../src/report/summary.js';
import { reportJsonChunks, toReportJson } from '../src/report/report-json.js';
import type { GateReport } from '../src/report/gate-report.js';
import { finding, policy } from './policy-helpers.js';

function report(
  findings = [finding('AWS-0086', 'high', 'a.tf', 3), finding('AWS-0089', 'low', 'b.tf', 9)],
  overrides = {},
): GateReport {
  const p = policy(overrides);
  const evaluation = evaluate(findings, { policy: p, ignores: [], isInBaseline: () => false, today: '2026-01-01' });
  return {
    tool: { name: 'tfsec', version: '1.28.14' },
    scanned: 'infra',
    policy: p,
    evaluation,
    files: { sarif: 'o/results.sarif', report: 'o/report.json', junit: 'o/junit.xml' },
  };
}

describe('annotations', () => {
  it('puts failing findings first as errors, reported ones as warnings, with file and line', () => {
    expect(planAnnotations(report().evaluation)).toEqual([
      expect.objectContaining({ level: 'error', file: 'a.tf', startLine: 3, title: 'AWS-0086 (high)' }),
      expect.objectContaining({ level: 'warning', file: 'b.tf', startLine: 9, title: 'AWS-0089 (low)' }),
    ]);
  });

  it('stops at the per-step limit with a notice saying how many more', () => {
    const many = Array.from({ length: 80 }, (_, i) => finding('AWS-0086', 'high', `f${i}.tf`, 1));
    const planned = planAnnotations(report(many).evaluation);
    expect(planned).toHaveLength(MAX_ANNOTATIONS);
    expect(planned.at(-1)).toMatchObject({
      level: 'notice',
      message: '31 more are in the job summary and the report files.',
    });
  });
});

describe('job summary', () => {
  it('shows the verdict, why, counts with limits, a pie chart and the failing findings', () => {
    const text = renderSummary(report());
    expect(text).toContain('## tfsec-gate: ❌ Failed');
    expect(text).toContain('- 1 new high finding(s), none allowed');
    expect(text).toContain('| high | 1 | 1 | 0 ❌ | 0 |');
    expect(text).toContain('| low | 1 | 1 | — | 0 |');
    expect(text).toContain('pie title Findings by severity');
    expect(text).toContain('| high | AWS-0086 | a.tf:3 |');
  });
});

describe('PR comment', () => {
  it('starts with the marker of its directory and lists failing findings', () => {
    const body = renderPrComment(report(), 'https://github.com/acme/infra/actions/runs/1');
    expect(body.startsWith(commentMarker('infra'))).toBe(true);
    expect(body).toContain('tfsec-gate: ❌ failed for `infra`');
    expect(body).toContain('| high | AWS-0086 | a.tf:3 |');
    expect(body).toContain('(https://github.com/acme/infra/actions/runs/1)');
  });
});

describe('report JSON', () => {
  it('streams the same report as toReportJson', () => {
    const r = report();
    expect(JSON.parse([...reportJsonChunks(r, '2026-01-01T00:00:00Z')].join(''))).toEqual(
      toReportJson(r, '2026-01-01T00:00:00Z'),
    );
    const parsed = toReportJson(r, 'now') as { passed: boolean; findings: { disposition: string; ruleId: string }[] };
    expect(parsed.passed).toBe(false);
    expect(parsed.findings.map((f) => [f.ruleId, f.disposition])).toEqual([
      ['AWS-0086', 'failing'],
      ['AWS-0089', 'reported'],
    ]);
  });
});
