// Benchmark: the tfsec-gate bundle on Node 24 (the runtime action.yml declares) gating a 100,000-finding Trivy
// report. The goal (issue #6) names the work: "parse, apply policy and write SARIF + ASFF + summary for 100,000
// findings: under 2 s and under 300 MiB, and the bundle's start-up against bare Node". So the run is measured three
// ways: the named work, timed inside the bundle by the step's own debug timings; the whole process (start-up, the
// named work, and the JUnit and report JSON files the gate also writes) with its peak RSS, in turn with bare Node;
// and the step's start-up (a report with no findings).
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TIMING_LINE } from '@aws-delivery/action-kit';
import { nodeBinary, repoRoot } from '@aws-delivery/testing';
import { bundleBytes, fmt, measureBeside, median } from './measure.js';

const COUNT = 100_000;
const RULES = ['AWS-0086', 'AWS-0087', 'AVD-AWS-0088', 'AWS-0089', 'AWS-0090', 'AWS-0132'];
const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'];

/** A Trivy config report with COUNT failures over 1,000 files, shaped like the real fixture. */
function trivyReport(): string {
  const results = Array.from({ length: 1000 }, (_, f) => ({
    Target: `modules/m${f % 50}/file${f}.tf`,
    Class: 'config',
    Type: 'terraform',
    Misconfigurations: Array.from({ length: COUNT / 1000 }, (_, i) => ({
      Type: 'Terraform Security Check',
      ID: RULES[i % RULES.length],
      Title: 'S3 Access block should block public ACL',
      Message: `finding ${f}-${i}`,
      Resolution: 'Enable blocking any PUT calls with a public ACL specified',
      Severity: SEVERITIES[(f + i) % SEVERITIES.length],
      PrimaryURL: 'https://avd.aquasec.com/misconfig/aws-0086',
      Status: 'FAIL',
      CauseMetadata: {
        Resource: `aws_s3_bucket.b${i}`,
        Provider: 'AWS',
        Service: 's3',
        StartLine: i * 3 + 1,
        EndLine: i * 3 + 3,
      },
    })),
  }));
  return JSON.stringify({ SchemaVersion: 2, Trivy: { Version: '0.72.0' }, ArtifactName: '.', Results: results });
}

/** The parts of the step the goal names, by the names the step's debug timings give them. */
const GOAL_PARTS = {
  'read and parse': 'scan',
  policy: 'policy',
  SARIF: 'write results.sarif',
  ASFF: 'write findings.asff.json',
  summary: 'job summary and annotations',
} as const;
const ALSO_WRITTEN = { JUnit: 'write junit.xml', 'report JSON': 'write report.json' } as const;

/** The step's debug timings from its standard output: what → milliseconds. */
function timingsOf(stdout: string): Map<string, number> {
  const timings = new Map<string, number>();
  for (const line of stdout.split('\n')) {
    const match = TIMING_LINE.exec(line.trimEnd());
    if (match) timings.set(match[1]!, Number(match[2]));
  }
  for (const what of [...Object.values(GOAL_PARTS), ...Object.values(ALSO_WRITTEN)]) {
    if (!timings.has(what)) throw new Error(`the step printed no timing for "${what}": the run measured less`);
  }
  return timings;
}

export async function bench(): Promise<{ name: string; rows: [string, string][] }> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-tfsec-gate-'));
  try {
    const report = join(dir, 'trivy.json');
    writeFileSync(report, trivyReport());
    const files = Object.fromEntries(
      ['GITHUB_OUTPUT', 'GITHUB_STEP_SUMMARY'].map((name) => [name, join(dir, name)] as const),
    );
    for (const path of Object.values(files)) writeFileSync(path, '');
    const env = {
      PATH: process.env.PATH,
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: dir,
      ...files,
      'INPUT_RESULTS-FILE': report,
      'INPUT_RESULTS-FORMAT': 'trivy-json',
      'INPUT_OUTPUT-DIR': join(dir, 'out'),
      'INPUT_FAIL-ON': 'high',
      // A region and an account make the gate write ASFF too (the goal covers SARIF + ASFF); nothing is imported.
      'INPUT_AWS-REGION': 'us-east-1',
      'INPUT_AWS-ACCOUNT-ID': '123456789012',
    };
    const main = join(repoRoot, 'dist/tfsec-gate/main');
    // The runtime action.yml declares (runs.using: node24), for the bundle and the bare start-up alike.
    const node = nodeBinary('node24');
    const bareNode = { command: node, args: ['-e', '0'], env: { PATH: process.env.PATH } };
    // The gate fails (exit 1): the report is full of HIGH and CRITICAL findings, as the policy decides.
    const runs: Map<string, number>[] = [];
    const gate = measureBeside(
      {
        command: node,
        args: [join(main, 'index.js')],
        env,
        okExitCodes: [1],
        // Each run writes into a new output folder, as a fresh job does: overwriting the last run's 225 MB of
        // reports costs the kernel ~0.1–0.15 s of freeing pages, which a benchmark's own loop should not add.
        before: () => rmSync(join(dir, 'out'), { recursive: true, force: true }),
        onOutput: (out) => runs.push(timingsOf(out)),
      },
      bareNode,
      5,
    );
    const totals = (whats: readonly string[]) =>
      runs.map((timings) => whats.reduce((sum, what) => sum + timings.get(what)!, 0));
    const medianOf = (whats: readonly string[]) => median(totals(whats));
    const parts = (names: Record<string, string>) =>
      Object.entries(names)
        .map(([name, what]) => `${name} ${fmt.ms(medianOf([what]))}`)
        .join(', ');
    for (const file of ['results.sarif', 'findings.asff.json', 'junit.xml', 'report.json']) {
      if (!existsSync(join(dir, 'out', file)))
        throw new Error(`the gate did not write out/${file}: the run measured less`);
    }
    // Start-up: the same step gating a report with no findings (it passes).
    const empty = join(dir, 'empty.json');
    const clean = {
      Target: 'main.tf',
      Class: 'config',
      Type: 'terraform',
      MisconfSummary: { Successes: 1, Failures: 0 },
    };
    writeFileSync(empty, JSON.stringify({ SchemaVersion: 2, ArtifactName: '.', Results: [clean] }));
    const startUp = measureBeside(
      { command: node, args: [join(main, 'index.js')], env: { ...env, 'INPUT_RESULTS-FILE': empty } },
      bareNode,
      15,
    );
    return {
      name: `tfsec-gate (${COUNT.toLocaleString('en')} findings, whole bundle process)`,
      rows: [
        [
          'bare node -e 0, run in turn with the gate',
          `${fmt.ms(gate.baseline.medianMs)}, ${fmt.mib(gate.baseline.peakRssMiB)}`,
        ],
        [
          'parse, policy, SARIF + ASFF + summary, timed in the bundle (goal < 2 s)',
          `${fmt.ms(medianOf(Object.values(GOAL_PARTS)))} (slowest of ${runs.length}: ${fmt.ms(Math.max(...totals(Object.values(GOAL_PARTS))))})`,
        ],
        ['  of which (medians)', parts(GOAL_PARTS)],
        ['  also written by the step (medians)', parts(ALSO_WRITTEN)],
        ['whole process: start-up, all of the above, exit', fmt.ms(gate.subject.medianMs)],
        ['whole process / bare node, per turn (steady when the machine is not)', `${gate.ratio.toFixed(0)}×`],
        ['peak memory (goal < 300 MiB)', fmt.mib(gate.subject.peakRssMiB)],
        [
          'start-up: the step gating no findings',
          `${fmt.ms(startUp.subject.medianMs)}, ${fmt.mib(startUp.subject.peakRssMiB)} (${startUp.ratio.toFixed(1)}× bare node)`,
        ],
        ['main bundle size', fmt.kb(bundleBytes(main))],
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
