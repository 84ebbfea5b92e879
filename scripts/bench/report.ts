// The benchmark's tables: printed by npm run bench, and written to docs/benchmarks.md with --write.
import type { BenchRow, BenchSuite } from './measure.js';

export interface SuiteResult {
  suite: string;
  result?: BenchSuite;
  error?: string;
}

/** A row's verdict: MISSED when it misses its goal, else met (or nothing when it has no goal). */
function verdict(row: BenchRow): string {
  if (!row.goal) return '';
  return row.goal.met ? 'met' : 'MISSED';
}

function cells(row: BenchRow): string[] {
  return [
    row.work,
    row.ours,
    row.against ?? '—',
    row.ratio === undefined ? '—' : row.ratio.toFixed(2),
    row.goal?.text ?? '—',
    verdict(row),
  ];
}

const HEADER = ['work', 'ours', 'against', 'ratio', 'goal', ''];

/** The suite as text for the terminal: a padded table, then its detail lines and notes. */
export function suiteLines(suite: BenchSuite): string[] {
  const table = suite.rows.length ? [HEADER, ...suite.rows.map(cells)] : [];
  const widths = HEADER.map((_, i) => Math.max(0, ...table.map((row) => row[i]!.length)));
  const lines = [suite.name, ...table.map((row) => `  ${row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ')}`)];
  const details = suite.details ?? [];
  const width = Math.max(0, ...details.map(([label]) => label.length));
  for (const [label, value] of details) lines.push(`  ${label.padEnd(width)}  ${value}`);
  for (const note of suite.notes ?? []) lines.push(`  note: ${note}`);
  return lines;
}

const escape = (cell: string) => cell.replace(/\|/g, '\\|');
const markdownRow = (row: string[]) => `| ${row.map(escape).join(' | ')} |`;

/** docs/benchmarks.md: every suite's table with the machine, Node version and date, and how to reproduce each row. */
export function benchmarksMarkdown(
  results: readonly SuiteResult[],
  run: { machine: string; node: string; date: Date; args: readonly string[] },
): string {
  const command = `npm run bench -- ${run.args.join(' ')}`;
  const out = [
    '# Benchmarks',
    '',
    `Written by \`${command}\` on ${run.date.toISOString().slice(0, 10)}: ${run.machine}, Node ${run.node} running the`,
    'benchmark; every bundle runs on the Node 24 its action.yml declares. Each row runs whole processes of ours and',
    'of what it is measured against in turn (A, B, A, B, …): the figures are medians, the ratio is the median of the',
    'per-turn ratios, memory is the peak resident set of the child process (`/usr/bin/time -f %M`). A row that misses',
    'its goal says MISSED. Rows measured against configure-aws-credentials or amazon-ecr-login need their published',
    'bundles in the folder `BENCH_ANCHORS` names; without it they say so.',
    '',
  ];
  for (const { suite, result, error } of results) {
    if (!result) {
      out.push(`## ${suite}`, '', `Failed: ${error}`, '');
      continue;
    }
    out.push(`## ${result.name}`, '', `\`npm run bench -- ${suite}\``, '');
    if (result.rows.length) {
      out.push(markdownRow(HEADER.slice(0, 5).concat('verdict')), markdownRow(HEADER.map(() => '---')));
      for (const row of result.rows) out.push(markdownRow(cells(row)));
      out.push('');
    }
    if (result.details?.length) {
      for (const [label, value] of result.details) out.push(`- ${label}: ${value}`);
      out.push('');
    }
    for (const note of result.notes ?? []) out.push(`Note: ${note}`, '');
    if (result.rows.length) {
      out.push('How to reproduce each row by hand:', '');
      for (const row of result.rows) out.push(`- ${row.work}: ${row.reproduce}`);
      out.push('');
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}
