// Benchmark: the tfsec-gate bundle on Node 24 (the runtime action.yml declares) gating a 100,000-finding Trivy
// report: parse, policy, SARIF + ASFF + JUnit + report JSON files, annotations and the job summary, measured as the
// whole process (wall time, peak RSS), beside bare Node start-up and the step's own start-up (a report with no
// findings). Goals (issue): under 2 s and under 300 MiB for the 100,000 findings.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeBinary, repoRoot } from '@aws-delivery/testing';
import { bundleBytes, fmt, measureBeside } from './measure.js';

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
    const gate = measureBeside({ command: node, args: [join(main, 'index.js')], env, okExitCodes: [1] }, bareNode, 5);
    for (const file of ['results.sarif', 'findings.asff.json', 'junit.xml', 'report.json']) {
      if (!existsSync(join(dir, 'out', file)))
        throw new Error(`the gate did not write out/${file}: the run measured less`);
    }
    // Start-up: the same step gating a report with no findings (it passes).
    const empty = join(dir, 'empty.json');
    writeFileSync(empty, JSON.stringify({ SchemaVersion: 2, ArtifactName: '.', Results: [] }));
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
        ['gate, whole process (goal < 2 s)', fmt.ms(gate.subject.medianMs)],
        ['gate / bare node, per turn (steady when the machine is not)', `${gate.ratio.toFixed(0)}×`],
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
