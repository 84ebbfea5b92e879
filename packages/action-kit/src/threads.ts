import { pathToFileURL } from 'node:url';
import { failureLine } from './errors.js';
import { log } from './log.js';

export interface ThreadOptions {
  /**
   * A cap on the thread's young generation, in MiB. Node 24's V8 grows the young generation to 128 MiB when most
   * new objects survive (as when a large report is parsed into objects that are all kept); capped, the same work
   * needs far less memory.
   */
  youngGenerationMb?: number;
}

/**
 * Runs the bundle at `entry` (its own `import.meta.url`) again on a worker thread, where `isMainThread` is false and
 * the bundle does the action's work, and gives the process the thread's exit code. The thread reports its own
 * failures (it runs runAction); one that dies of an uncaught error or a resource limit is reported here, in
 * runAction's format, so the step never fails without saying why.
 */
export async function runOnWorkerThread(name: string, entry: string | URL, options: ThreadOptions = {}): Promise<void> {
  // Loaded when a step runs on a thread, not when action-kit loads.
  const { Worker } = await import('node:worker_threads');
  return new Promise((resolve) => {
    const worker = new Worker(new URL(entry), {
      ...(options.youngGenerationMb ? { resourceLimits: { maxYoungGenerationSizeMb: options.youngGenerationMb } } : {}),
    });
    worker.on('error', (error) => {
      log.error(failureLine(name, error));
      process.exitCode = 1;
    });
    worker.on('exit', (code) => {
      if (code !== 0) process.exitCode = code;
      resolve();
    });
  });
}

/**
 * For `defineAction({ thread })`: on the main thread, runs this same bundle (the script node was started with) on a
 * worker thread and resolves true when it is done; inside the thread, resolves false so the step runs there.
 */
export function onWorkerThread(options: ThreadOptions = {}): (name: string) => Promise<boolean> {
  return async (name) => {
    const { isMainThread } = await import('node:worker_threads');
    if (!isMainThread || !process.argv[1]) return false;
    await runOnWorkerThread(name, pathToFileURL(process.argv[1]), options);
    return true;
  };
}
