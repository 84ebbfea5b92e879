// Benchmark of the tfsec-gate hot path: parse 100,000 findings (Trivy JSON), apply the policy (baseline,
// exceptions, inline ignores), write SARIF + ASFF + the job summary; time, peak memory, and the bundle's start-up
// against bare Node. Goals (issue 6): under 2 s and under 300 MiB. Run: npx tsx scripts/bench/tfsec-gate.ts
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createBaseline, toAsff, toSarif, baselineContains } from '@aws-delivery/findings';
import { readScanResults } from '../../actions/tfsec-gate/src/parse/read-results.js';
import { evaluate } from '../../actions/tfsec-gate/src/policy/evaluate.js';
import { findInlineIgnores } from '../../actions/tfsec-gate/src/policy/inline-ignores.js';
import { renderSummary } from '../../actions/tfsec-gate/src/report/summary.js';
import type { GatePolicy } from '../../actions/tfsec-gate/src/policy/gate-policy.js';

const root = new URL('../..', import.meta.url).pathname;
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
  return JSON.stringify({
    SchemaVersion: 2,
    Trivy: { Version: '0.72.0' },
    ArtifactName: '.',
    ArtifactType: 'filesystem',
    Results: results,
  });
}

function time<T>(label: string, timings: [string, number][], work: () => T): T {
  const start = performance.now();
  const result = work();
  timings.push([label, performance.now() - start]);
  return result;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function startupMs(args: string[], env: NodeJS.ProcessEnv, runs = 9): number {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    spawnSync(process.execPath, args, { env, stdio: 'ignore' });
    samples.push(performance.now() - start);
  }
  return median(samples);
}

const report = trivyReport();
const rssBefore = process.resourceUsage().maxRSS / 1024;
const timings: [string, number][] = [];
const paths = { workspace: '/w', scanRoot: '/w' };
const findings = time('parse (Trivy JSON)', timings, () =>
  readScanResults(report, { format: 'auto', source: 'bench', paths }),
);
const baseline = createBaseline(
  findings.filter((_, i) => i % 2 === 0),
  '2026-01-01T00:00:00Z',
);
const policy: GatePolicy = {
  failOn: 'high',
  reportThreshold: 'low',
  maxCounts: { medium: 1000 },
  failOnExpired: false,
  requireIgnoreExpiry: false,
  workspace: 'default',
  exceptions: Array.from({ length: 50 }, (_, i) => ({
    rule: 'AWS002',
    paths: [`modules/m${i}/**`],
    owner: 'team',
    reason: 'r',
    expires: '2099-01-01',
    origin: `p exceptions[${i}]`,
  })),
};
const ignores = findInlineIgnores(
  'modules/m0/file0.tf',
  Array.from(
    { length: 200 },
    (_, i) => `# tfsec:ignore:AWS-0090:exp:2099-01-01\nresource "aws_s3_bucket" "b${i}" {}`,
  ).join('\n'),
);
const evaluation = time('policy (baseline, 50 exceptions, 200 ignores)', timings, () =>
  evaluate(findings, { policy, ignores, isInBaseline: baselineContains(baseline), today: '2026-06-01' }),
);
const reported = evaluation.findings.filter((f) => f.disposition === 'failing' || f.disposition === 'reported');
time(
  'SARIF',
  timings,
  () =>
    JSON.stringify(
      toSarif(
        reported.map((f) => ({ finding: f.finding, baselineState: f.isNew ? 'new' : 'unchanged' })),
        { name: 'tfsec-gate' },
      ),
    ).length,
);
time(
  'ASFF',
  timings,
  () =>
    JSON.stringify(
      toAsff(
        reported.map((f) => f.finding),
        {
          productArn: 'arn:aws:securityhub:eu-west-1:111122223333:product/111122223333/default',
          awsAccountId: '111122223333',
          generator: 'tfsec-gate',
          observedAt: '2026-01-01T00:00:00Z',
        },
      ),
    ).length,
);
time(
  'summary',
  timings,
  () =>
    renderSummary({
      tool: { name: 'trivy' },
      scanned: '.',
      policy,
      evaluation,
      files: { sarif: 's', report: 'r', junit: 'j' },
    }).length,
);
const total = timings.reduce((sum, [, ms]) => sum + ms, 0);
const peak = process.resourceUsage().maxRSS / 1024;

const bundle = join(root, 'dist/tfsec-gate/main/index.js');
if (!existsSync(bundle))
  execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), '--action', 'tfsec-gate', '--skip-typecheck'], {
    stdio: 'inherit',
  });
const bare = startupMs(['-e', '0'], process.env);
// An invalid input makes the bundle load everything, read its inputs and stop at once.
const loaded = startupMs([bundle], {
  ...process.env,
  INPUT_SCANNER: 'not-a-scanner',
  GITHUB_OUTPUT: '',
  GITHUB_STEP_SUMMARY: '',
});

console.log(
  `tfsec-gate benchmark: ${COUNT.toLocaleString('en')} findings, ${reported.length.toLocaleString('en')} reported, Node ${process.version}`,
);
console.log('| step | ms |');
console.log('| --- | ---: |');
for (const [label, ms] of timings) console.log(`| ${label} | ${ms.toFixed(0)} |`);
console.log(`| **total** (goal < 2000) | **${total.toFixed(0)}** |`);
console.log(`| peak RSS MiB (goal < 300; ${rssBefore.toFixed(0)} before the run) | ${peak.toFixed(0)} |`);
console.log(`| start-up: bare node -e 0 | ${bare.toFixed(0)} |`);
console.log(`| start-up: bundle to its first input error | ${loaded.toFixed(0)} (+${(loaded - bare).toFixed(0)}) |`);
process.exitCode = total < 2000 && peak < 300 ? 0 : 1;
