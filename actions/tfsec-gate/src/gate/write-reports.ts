import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { createBaseline, toAsff, toJUnit, toSarif, type AsffFinding } from '@aws-delivery/findings';
import type { Evaluation } from '../policy/evaluate.js';
import type { GateReport } from '../report/gate-report.js';
import { toReportJson } from '../report/report-json.js';

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/** What is reported (SARIF, ASFF): failing and reported findings; never hidden or suppressed ones. */
export function reportedFindings(evaluation: Evaluation) {
  return evaluation.findings.filter((f) => f.disposition === 'failing' || f.disposition === 'reported');
}

export interface AsffTarget {
  productArn: string;
  accountId: string;
  region: string;
}

/** Writes SARIF, JUnit, the JSON report, ASFF (when an account is known) and a new baseline (when asked). */
export function writeReports(
  report: GateReport,
  paths: { workspace: string; outputDir: string; writeBaseline?: string },
  observedAt: string,
  asffTarget?: AsffTarget,
): { asff?: AsffFinding[] } {
  const abs = (p: string) => join(paths.workspace, p);
  const reported = reportedFindings(report.evaluation);
  const withBaseline = Boolean(report.policy.baselineFile);
  write(
    abs(report.files.sarif),
    JSON.stringify(
      toSarif(
        reported.map((f) => ({
          finding: f.finding,
          ...(withBaseline ? { baselineState: f.isNew ? ('new' as const) : ('unchanged' as const) } : {}),
        })),
        {
          name: 'tfsec-gate',
          ...(report.tool.version ? { version: report.tool.version } : {}),
          informationUri: 'https://github.com/aquasecurity/tfsec',
        },
      ),
      null,
      2,
    ),
  );
  write(
    abs(report.files.junit),
    toJUnit(
      `tfsec-gate ${report.scanned}`,
      report.evaluation.findings
        .filter((f) => f.disposition !== 'hidden')
        .map((f) => ({
          finding: f.finding,
          outcome: f.disposition === 'failing' ? 'failed' : f.disposition === 'suppressed' ? 'skipped' : 'passed',
          ...(f.suppression ? { detail: `${f.suppression.kind}: ${f.suppression.reason}` } : {}),
        })),
    ),
  );
  write(abs(report.files.report), JSON.stringify(toReportJson(report, observedAt), null, 2));
  let asff: AsffFinding[] | undefined;
  if (asffTarget && report.files.asff) {
    asff = toAsff(
      reported.map((f) => f.finding),
      {
        productArn: asffTarget.productArn,
        awsAccountId: asffTarget.accountId,
        generator: 'tfsec-gate',
        observedAt,
        region: asffTarget.region,
      },
    );
    write(abs(report.files.asff), JSON.stringify(asff, null, 2));
  }
  if (paths.writeBaseline) {
    const active = report.evaluation.findings.filter((f) => f.disposition !== 'suppressed').map((f) => f.finding);
    const target = isAbsolute(paths.writeBaseline) ? paths.writeBaseline : abs(paths.writeBaseline);
    write(target, JSON.stringify(createBaseline(active, observedAt), null, 2) + '\n');
  }
  return asff ? { asff } : {};
}

export function outputPaths(workspace: string, outputDir: string, withAsff: boolean): GateReport['files'] {
  const rel = (name: string) => relative(workspace, join(outputDir, name)).replace(/\\/g, '/');
  return {
    sarif: rel('results.sarif'),
    report: rel('report.json'),
    junit: rel('junit.xml'),
    ...(withAsff ? { asff: rel('findings.asff.json') } : {}),
  };
}
