// npm run bench: every benchmark in scripts/bench/<suite>.ts, whole processes side by side with what they are
// measured against (bare node, the floor script, the anchors), each suite printed as a table beside the machine.
// Usage: npm run bench -- [suite ...] [--runs N] [--write]
//   suite    only these suites (file names under scripts/bench/: startup, assume-role, tfsec-gate, ...)
//   --runs   measured turns per row instead of each suite's own number
//   --write  also write docs/benchmarks.md from this run's tables
// BENCH_ANCHORS names the folder holding the anchors' published bundles (configure-aws-credentials/,
// amazon-ecr-login/); rows that need them say so when it is not set.
import { readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { benchmarksMarkdown, suiteLines, type SuiteResult } from './bench/report.js';
import type { BenchSuite } from './bench/measure.js';

const dir = join(new URL('.', import.meta.url).pathname, 'bench');
const args = process.argv.slice(2);
const write = args.includes('--write');
const runsIndex = args.indexOf('--runs');
const only = args.filter((arg, i) => !arg.startsWith('--') && !(runsIndex >= 0 && i === runsIndex + 1));
const HELPERS = new Set(['measure', 'report', 'floor-sts', 'fake-kubernetes-server']);
const suites = readdirSync(dir)
  .filter((name) => name.endsWith('.ts'))
  .map((name) => name.slice(0, -3))
  .filter((name) => !HELPERS.has(name))
  .filter((name) => only.length === 0 || only.includes(name));
const unknown = only.filter((name) => !suites.includes(name));
if (unknown.length) throw new Error(`no benchmark suite named ${unknown.join(', ')} in scripts/bench/`);

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`;
console.log(`machine: ${machine}, Node ${process.version}`);
const results: SuiteResult[] = [];
for (const suite of suites) {
  const { bench } = (await import(join(dir, `${suite}.ts`))) as { bench: () => Promise<BenchSuite> };
  try {
    const result = await bench();
    results.push({ suite, result });
    console.log(`\n${suiteLines(result).join('\n')}`);
  } catch (error) {
    results.push({ suite, error: (error as Error).message });
    console.log(`\n${suite}: FAILED: ${(error as Error).message}`);
  }
}
const missed = results.flatMap((r) => r.result?.rows.filter((row) => row.goal && !row.goal.met) ?? []);
if (missed.length) console.log(`\n${missed.length} row(s) MISSED their goal: ${missed.map((r) => r.work).join('; ')}`);
if (write) {
  const path = join(dir, '..', '..', 'docs', 'benchmarks.md');
  writeFileSync(path, benchmarksMarkdown(results, { machine, node: process.version, date: new Date(), args }));
  console.log(`\nwrote ${path}`);
}
process.exitCode = results.some((r) => r.error) ? 1 : 0;
