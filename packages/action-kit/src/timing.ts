/** The debug line `timed` writes: `timing: <what> <n> ms`. Benchmarks read it back with `TIMING_LINE`. */
export const TIMING_LINE = /^::debug::timing: (.+) (\d+) ms$/;

/**
 * Runs `work` and writes how long it took (whole milliseconds) to `debug`, whether it succeeded or threw: a step's
 * debug log then says where the time went.
 */
export async function timed<T>(what: string, work: () => T | Promise<T>, debug: (message: string) => void): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    debug(`timing: ${what} ${Math.round(performance.now() - started)} ms`);
  }
}

/** `timed` with its debug log given once: how a step times each of its parts. */
export type Stopwatch = <T>(what: string, work: () => T | Promise<T>) => Promise<T>;

export function stopwatch(debug: (message: string) => void): Stopwatch {
  return (what, work) => timed(what, work, debug);
}
