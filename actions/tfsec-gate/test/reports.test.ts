import { describe, expect, it } from '@jest/globals';
import { evaluate, type Evaluation, type PolicyProblem } from '../src/policy/evaluate.js';
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

describe('annotations of a large scan', () => {
  const problem = (n: number, fails: boolean): PolicyProblem => ({
    kind: 'expired-ignore',
    message: `problem ${n}`,
    fails,
    file: 'main.tf',
    line: n,
  });
  /** Failing, reported and hidden findings interleaved, as a real scan lists them. */
  function evaluation(failing: number, reported: number, problems: PolicyProblem[]): Evaluation {
    const findings = [
      ...Array.from({ length: failing }, (_, i) => finding('AWS-0086', 'high', `fail${i}.tf`, i + 1)),
      ...Array.from({ length: reported }, (_, i) => finding('AWS-0089', 'low', `rep${i}.tf`, i + 1)),
      ...Array.from({ length: 5 }, (_, i) => finding('AWS-0090', 'informational', `hid${i}.tf`, i + 1)),
    ].sort((a, b) => a.location.startLine! - b.location.startLine! || a.location.file.localeCompare(b.location.file));
    const e = evaluate(findings, { policy: policy(), ignores: [], isInBaseline: () => false, today: '2026-01-01' });
    return { ...e, problems: [...problems, { kind: 'unused-exception', message: 'never shown', fails: false }] };
  }
  const order = (planned: ReturnType<typeof planAnnotations>) =>
    planned.map((a) => (a.level === 'notice' ? a.message : `${a.level} ${a.file}`));

  it('lists failing findings, then policy problems, then reported ones, all of them when they fit', () => {
    const planned = planAnnotations(evaluation(2, 3, [problem(1, true), problem(2, false)]));
    expect(order(planned)).toEqual([
      'error fail0.tf',
      'error fail1.tf',
      'error main.tf',
      'warning main.tf',
      'warning rep0.tf',
      'warning rep1.tf',
      'warning rep2.tf',
    ]);
  });

  it('fills the limit in that order and says how many more there are', () => {
    const planned = planAnnotations(evaluation(30, 40, [problem(1, true), problem(2, false), problem(3, true)]));
    expect(planned).toHaveLength(MAX_ANNOTATIONS);
    expect(order(planned)).toEqual([
      ...Array.from({ length: 30 }, (_, i) => `error fail${i}.tf`),
      'error main.tf',
      'warning main.tf',
      'error main.tf',
      ...Array.from({ length: 16 }, (_, i) => `warning rep${i}.tf`),
      '24 more are in the job summary and the report files.',
    ]);
  });

  it('cuts into the policy problems when failing findings nearly fill the limit', () => {
    const planned = planAnnotations(evaluation(48, 10, [problem(1, true), problem(2, true)]));
    expect(order(planned).slice(-3)).toEqual([
      'error fail47.tf',
      'error main.tf',
      '11 more are in the job summary and the report files.',
    ]);
  });

  it('is exactly the limit, without a notice, when everything fits exactly', () => {
    const planned = planAnnotations(evaluation(45, 3, [problem(1, true), problem(2, true)]));
    expect(planned).toHaveLength(MAX_ANNOTATIONS);
    expect(planned.some((a) => a.level === 'notice')).toBe(false);
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
  it('streams exactly the text of JSON.stringify(toReportJson(...)), suppressions included', () => {
    const findings = [
      finding('AWS-0086', 'high', 'a.tf', 3),
      finding('AWS-0089', 'low', 'b "quoted".tf', 9, undefined, { ignoredByScanner: true, snippet: 'x = "ü"' }),
      finding('AWS-0090', 'medium', 'c.tf', 1, 'aws_s3_bucket.c', { originalSeverity: 'MEDIUM', helpUri: 'h' }),
    ];
    const r = report(findings, {
      exceptions: [
        {
          rule: 'AWS-0090',
          paths: [],
          owner: 'team "a"',
          reason: 'accepted\nrisk',
          until: '2999-01-01',
          origin: '.tfsec-gate.yml exceptions[0]',
        },
      ],
    });
    expect(r.evaluation.findings.map((f) => f.disposition)).toEqual(['failing', 'suppressed', 'suppressed']);
    expect([...reportJsonChunks(r, '2026-01-01T00:00:00Z')].join('')).toBe(
      JSON.stringify(toReportJson(r, '2026-01-01T00:00:00Z')),
    );
  });

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
