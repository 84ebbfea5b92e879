import { pathError, type Stopwatch } from '@aws-delivery/action-kit';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import {
  asffJsonChunks,
  createBaseline,
  junitXmlChunks,
  sarifJsonChunks,
  writeChunks,
  type AsffContext,
  type Finding,
  type JUnitCase,
} from '@aws-delivery/findings';
import type { Config } from '../config.js';
import type { EvaluatedFinding, Evaluation } from '../policy/evaluate.js';
import type { GateReport } from '../report/gate-report.js';
import { reportJsonChunks } from '../report/report-json.js';

/** Writes a file an input named (with its folders); an OS error names the input. */
function write(input: string, path: string, text: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  } catch (error) {
    throw pathError(input, path, error);
  }
}

/** What is reported (SARIF, ASFF): failing and reported findings; never hidden or suppressed ones. */
export function reportedFindings(evaluation: Evaluation) {
  return evaluation.findings.filter((f) => f.disposition === 'failing' || f.disposition === 'reported');
}

function junitCase(f: EvaluatedFinding): JUnitCase {
  return {
    finding: f.finding,
    outcome: f.disposition === 'failing' ? 'failed' : f.disposition === 'suppressed' ? 'skipped' : 'passed',
    ...(f.suppression ? { detail: `${f.suppression.kind}: ${f.suppression.reason}` } : {}),
  };
}

/** The JUnit test cases (every finding that is not hidden), made one at a time each time they are iterated. */
function junitCases(evaluation: Evaluation): Iterable<JUnitCase> {
  return {
    *[Symbol.iterator]() {
      for (const f of evaluation.findings) if (f.disposition !== 'hidden') yield junitCase(f);
    },
  };
}

export interface AsffTarget {
  productArn: string;
  accountId: string;
  region: string;
}

export function asffContext(target: AsffTarget, observedAt: string): AsffContext {
  return {
    productArn: target.productArn,
    awsAccountId: target.accountId,
    generator: 'tfsec-gate',
    observedAt,
    region: target.region,
  };
}

/**
 * Writes SARIF, JUnit, the JSON report, ASFF (when an account is known) and a new baseline (when asked), each timed.
 * The large files are written in pieces. Returns the reported findings (for a Security Hub import).
 */
export async function writeReports(
  report: GateReport,
  paths: Pick<Config, 'workspace' | 'writeBaseline'>,
  observedAt: string,
  asffTarget: AsffTarget | undefined,
  time: Stopwatch,
): Promise<Finding[]> {
  const abs = (p: string) => join(paths.workspace, p);
  const writeFile = (file: string, chunks: Iterable<string>) =>
    time(`write ${basename(file)}`, () => {
      try {
        writeChunks(abs(file), chunks);
      } catch (error) {
        throw pathError('output-dir', abs(file), error);
      }
    });
  const reported = reportedFindings(report.evaluation);
  const withBaseline = Boolean(report.policy.baselineFile);
  const tool = {
    name: 'tfsec-gate',
    ...(report.tool.version ? { version: report.tool.version } : {}),
    informationUri: 'https://github.com/aquasecurity/tfsec',
  };
  const entries = reported.map((f) => ({
    finding: f.finding,
    ...(withBaseline ? { baselineState: f.isNew ? ('new' as const) : ('unchanged' as const) } : {}),
  }));
  await writeFile(report.files.sarif, sarifJsonChunks(entries, tool));
  await writeFile(report.files.junit, junitXmlChunks(`tfsec-gate ${report.scanned}`, junitCases(report.evaluation)));
  await writeFile(report.files.report, reportJsonChunks(report, observedAt));
  const findings = reported.map((f) => f.finding);
  if (asffTarget && report.files.asff) {
    await writeFile(report.files.asff, asffJsonChunks(findings, asffContext(asffTarget, observedAt)));
  }
  if (paths.writeBaseline) {
    const active = report.evaluation.findings.filter((f) => f.disposition !== 'suppressed').map((f) => f.finding);
    write('write-baseline', paths.writeBaseline, JSON.stringify(createBaseline(active, observedAt), null, 2) + '\n');
  }
  return findings;
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
