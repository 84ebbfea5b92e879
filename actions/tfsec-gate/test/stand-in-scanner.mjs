#!/usr/bin/env node
// A stand-in for the tfsec and trivy executables in tests and the demo: it replays a real scanner output (the file
// in STAND_IN_FIXTURE) to the --out / --output path the gate asks for, and exits with the code the real scanner
// gives for that output: tfsec 0 (nothing failed), 1 (a CRITICAL/HIGH/MEDIUM failure), 2 (only LOW); trivy 0, or
// the --exit-code value when something failed. STAND_IN_MODE=crash dies like a Go panic (exit 2, no report);
// STAND_IN_MODE=garbage writes an unreadable report. STAND_IN_ARGS_LOG receives the argv as JSON. STAND_IN_SAY is
// printed first, to stdout and to stderr (output a hostile scanner or module could print). Asked its version as
// each real scanner is (`tfsec --version`, `trivy version --format json`), it answers in that scanner's form with
// STAND_IN_VERSION (default 1.28.14 and 0.72.0).
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';

const args = process.argv.slice(2);
const scanner = args[0] === 'config' ? 'trivy' : 'tfsec';
if (process.env.STAND_IN_SAY) {
  process.stdout.write(`${process.env.STAND_IN_SAY}\n`);
  process.stderr.write(`${process.env.STAND_IN_SAY}\n`);
}
if (process.env.STAND_IN_ARGS_LOG) appendFileSync(process.env.STAND_IN_ARGS_LOG, JSON.stringify(args) + '\n');
if (args.join(' ') === '--version') {
  // tfsec prints its version alone on one line.
  process.stdout.write(`v${process.env.STAND_IN_VERSION ?? '1.28.14'}\n`);
  process.exit(0);
}
if (args.join(' ') === 'version --format json') {
  const version = process.env.STAND_IN_VERSION ?? '0.72.0';
  process.stdout.write(`${JSON.stringify({ Version: version, VulnerabilityDB: { Version: 2 } }, null, 2)}\n`);
  process.exit(0);
}

const valueOf = (flag) => {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
};
const out = valueOf(scanner === 'tfsec' ? '--out' : '--output');
if (valueOf('--format') !== 'json' || !out) {
  process.stderr.write(`stand-in ${scanner}: expected --format json and an output file, got ${args.join(' ')}\n`);
  process.exit(3);
}

if (process.env.STAND_IN_MODE === 'crash') {
  process.stderr.write('panic: runtime error: invalid memory address or nil pointer dereference\n[signal SIGSEGV]\n');
  process.exit(2);
}
if (process.env.STAND_IN_MODE === 'garbage') {
  writeFileSync(out, '{"results": [ {"rule_id": ');
  process.exit(0);
}

const report = readFileSync(process.env.STAND_IN_FIXTURE, 'utf8');
writeFileSync(out, report);
const data = JSON.parse(report);
let code = 0;
if (scanner === 'tfsec') {
  const failed = (data.results ?? []).filter((r) => (r.status ?? 0) === 0);
  if (failed.some((r) => ['CRITICAL', 'HIGH', 'MEDIUM'].includes(r.severity))) code = 1;
  else if (failed.length > 0) code = 2;
  if (args.includes('--soft-fail')) code = 0;
} else {
  const failed = (data.Results ?? []).flatMap((r) => r.Misconfigurations ?? []).filter((m) => m.Status === 'FAIL');
  const declared = valueOf('--exit-code');
  if (failed.length > 0 && declared) code = Number(declared);
}
process.stderr.write(`stand-in ${scanner}: replayed ${process.env.STAND_IN_FIXTURE}, exit ${code}\n`);
process.exit(code);
