// Whole-process measurements for the benchmarks: wall time (median of N) and peak resident memory.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface ProcessFigures {
  medianMs: number;
  peakRssMiB?: number;
}

const TIME = '/usr/bin/time';

/** Runs a command `runs` times (after one warm-up) and returns the median wall time and the largest peak RSS. */
export function measureProcess(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  runs = 15,
  okExitCodes: readonly number[] = [0],
): ProcessFigures {
  const withTime = existsSync(TIME);
  const times: number[] = [];
  let peakKiB = 0;
  for (let i = 0; i <= runs; i++) {
    const started = process.hrtime.bigint();
    const result = withTime
      ? spawnSync(TIME, ['-f', '%M', command, ...args], { env, encoding: 'utf8' })
      : spawnSync(command, args, { env, encoding: 'utf8' });
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    if (!okExitCodes.includes(result.status ?? -1)) {
      throw new Error(`${command} ${args.join(' ')} failed (${result.status}): ${result.stdout}\n${result.stderr}`);
    }
    if (i === 0) continue; // warm-up: file cache, moto's first request
    times.push(elapsedMs);
    if (withTime) peakKiB = Math.max(peakKiB, Number(result.stderr.trim().split('\n').at(-1)));
  }
  times.sort((a, b) => a - b);
  return {
    medianMs: times[Math.floor(times.length / 2)] ?? 0,
    ...(withTime ? { peakRssMiB: peakKiB / 1024 } : {}),
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
