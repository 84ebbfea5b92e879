// Whole-process measurements for the benchmarks: wall time (median of N) and peak resident memory.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface ProcessFigures {
  medianMs: number;
  peakRssMiB?: number;
}

const TIME = '/usr/bin/time';

/** A process to measure: the command, its arguments, its environment and the exit codes that mean it worked. */
export interface Command {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  okExitCodes?: readonly number[];
  /** Runs before every run, warm-up included, outside the time measured (to start each run from the same state). */
  before?: () => void;
  /** Given the standard output of every measured run (not of the warm-up). */
  onOutput?: (stdout: string) => void;
}

/** One run: wall time, (with /usr/bin/time) peak RSS in KiB, and standard output. */
function runOnce({ command, args, env, okExitCodes = [0], before }: Command): {
  ms: number;
  peakKiB?: number;
  stdout: string;
} {
  before?.();
  const withTime = existsSync(TIME);
  const started = process.hrtime.bigint();
  const result = withTime
    ? spawnSync(TIME, ['-f', '%M', command, ...args], { env, encoding: 'utf8' })
    : spawnSync(command, args, { env, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (!okExitCodes.includes(result.status ?? -1)) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.status}): ${result.stdout}\n${result.stderr}`);
  }
  const stdout = result.stdout;
  return withTime ? { ms, peakKiB: Number(result.stderr.trim().split('\n').at(-1)), stdout } : { ms, stdout };
}

function measuredRun(command: Command): { ms: number; peakKiB?: number } {
  const run = runOnce(command);
  command.onOutput?.(run.stdout);
  return run;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function figures(runs: { ms: number; peakKiB?: number }[]): ProcessFigures {
  const peaks = runs.flatMap((run) => (run.peakKiB === undefined ? [] : [run.peakKiB]));
  return {
    medianMs: median(runs.map((run) => run.ms)),
    ...(peaks.length ? { peakRssMiB: Math.max(...peaks) / 1024 } : {}),
  };
}

/**
 * Runs every command in turn (A, B, C, A, B, C, …), `runs` times each after a warm-up of each, so that all see the
 * machine at the same speed; returns each one's figures and, for any two, the median of their per-turn ratios,
 * which stays steady on a machine whose speed drifts from one minute to the next.
 */
export function measureInTurn(
  commands: readonly Command[],
  runs: number,
): { figures: ProcessFigures[]; ratio: (subject: number, baseline: number) => number } {
  for (const command of commands) runOnce(command);
  const turns = Array.from({ length: runs }, () => commands.map(measuredRun));
  return {
    figures: commands.map((_, i) => figures(turns.map((turn) => turn[i]!))),
    ratio: (subject, baseline) => median(turns.map((turn) => turn[subject]!.ms / turn[baseline]!.ms)),
  };
}

/** measureInTurn for two: the subject and its baseline, and the median per-turn ratio subject / baseline. */
export function measureBeside(
  subject: Command,
  baseline: Command,
  runs: number,
): { subject: ProcessFigures; baseline: ProcessFigures; ratio: number } {
  const {
    figures: [ours, theirs],
    ratio,
  } = measureInTurn([subject, baseline], runs);
  return { subject: ours!, baseline: theirs!, ratio: ratio(0, 1) };
}

/** Bytes of every file of a bundle folder (the entry and the chunks ncc splits off). */
export function bundleBytes(dir: string): number {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.js'))
    .reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
}

/** Bare Node start-up, the baseline every bundle is run in turn with. */
export function bareNode(node: string): Command {
  return { command: node, args: ['-e', '0'], env: { PATH: process.env.PATH } };
}

/** Measured turns per row: the suite's own number, or `--runs N` on the command line. */
export function benchRuns(suiteDefault: number): number {
  const index = process.argv.indexOf('--runs');
  const given = index >= 0 ? Number(process.argv[index + 1]) : NaN;
  return Number.isInteger(given) && given > 0 ? given : suiteDefault;
}

/** One line of the results table: what was done, our figure, what it is measured against, and the goal. */
export interface BenchRow {
  work: string;
  /** Our median and peak memory. */
  ours: string;
  /** What ours ran in turn with (bare node, the floor, an anchor) and its figures; absent: nothing to run beside. */
  against?: string;
  /** Median of the per-turn ratios ours / against. */
  ratio?: number;
  goal?: { text: string; met: boolean };
  /** How to reproduce the row by hand. */
  reproduce: string;
}

/** What a suite returns: its table rows, and detail lines (a breakdown, sizes) printed under them. */
export interface BenchSuite {
  name: string;
  rows: BenchRow[];
  details?: [string, string][];
  notes?: string[];
}

export const ANCHORS_MISSING = 'anchors not available (set BENCH_ANCHORS)';

/**
 * The published bundles of what users would pick instead (configure-aws-credentials, amazon-ecr-login), from the
 * folder BENCH_ANCHORS names, for measuring only; undefined when it is not set or does not hold them.
 */
export function anchorBundle(name: 'configure-aws-credentials' | 'amazon-ecr-login'): string | undefined {
  const folder = process.env.BENCH_ANCHORS;
  if (!folder) return undefined;
  const entry = join(folder, name, 'dist', 'index.js');
  return existsSync(entry) ? entry : undefined;
}

export const fmt = {
  ms: (ms: number) => `${ms.toFixed(0)} ms`,
  /** A median and a peak: `160 ms, 58.7 MiB`. */
  run: (figures: ProcessFigures) => `${fmt.ms(figures.medianMs)}, ${fmt.mib(figures.peakRssMiB)}`,
  mib: (mib: number | undefined) => (mib === undefined ? 'n/a (no /usr/bin/time)' : `${mib.toFixed(1)} MiB`),
  kb: (bytes: number) => `${(bytes / 1000).toFixed(0)} KB`,
};
