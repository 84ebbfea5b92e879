import { statSync } from 'node:fs';
import type { Config } from '../config.js';

/**
 * A results file of this size or more is gated on the worker thread, whose capped young generation keeps a large
 * report's peak down. Smaller ones are gated on the main thread, sparing the thread's start-up (a second load of the
 * bundle: ~0.08 s and ~15 MiB, most of the step for a small report). Measured on Node 24 (whole process, peak RSS,
 * main thread / worker thread): 4 MB 87 / 105 MiB, 8 MB 120 / 129 MiB, 16 MB 170 / 149 MiB, 41 MB 292 / 206 MiB.
 */
export const WORKER_THREAD_FROM_BYTES = 8 * 1024 * 1024;

/** Whether the step runs on the worker thread: always when it runs the scanner, whose report may be any size. */
export function runsOnWorkerThread(config: Pick<Config, 'source'>): boolean {
  if (config.source.kind !== 'results-file') return true;
  try {
    return statSync(config.source.path).size >= WORKER_THREAD_FROM_BYTES;
  } catch {
    return false; // no such file: the step says so, on either thread
  }
}
