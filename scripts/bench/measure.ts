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
 * Runs `subject` and `baseline` in turn, `runs` times each (after a warm-up of each), so that both see the machine
 * at the same speed; returns both figures and the median of the per-turn ratios subject / baseline, which stays
 * steady on a machine whose speed drifts from one minute to the next.
 */
export function measureBeside(
  subject: Command,
  baseline: Command,
  runs: number,
): { subject: ProcessFigures; baseline: ProcessFigures; ratio: number } {
  runOnce(subject);
  runOnce(baseline);
  const turns = Array.from({ length: runs }, () => ({
    subject: measuredRun(subject),
    baseline: measuredRun(baseline),
  }));
  return {
    subject: figures(turns.map((turn) => turn.subject)),
    baseline: figures(turns.map((turn) => turn.baseline)),
    ratio: median(turns.map((turn) => turn.subject.ms / turn.baseline.ms)),
  };
}

/** Bytes of every file of a bundle folder (the entry and the chunks ncc splits off). */
export function bundleBytes(dir: string): number {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.js'))
    .reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
}

export const fmt = {
  ms: (ms: number) => `${ms.toFixed(0)} ms`,
  mib: (mib: number | undefined) => (mib === undefined ? 'n/a (no /usr/bin/time)' : `${mib.toFixed(1)} MiB`),
  kb: (bytes: number) => `${(bytes / 1000).toFixed(0)} KB`,
};
