import type { ManagedProcess } from './managed-process.js';

export interface ReadinessOptions {
  /** What is starting, for messages: "moto_server on 127.0.0.1:4566". */
  what: string;
  process: ManagedProcess;
  /** Resolves true once the service answers; false or a rejection means "not yet". */
  probe: () => Promise<boolean>;
  timeoutMs: number;
  intervalMs?: number;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Polls `probe` until it succeeds, the process exits, or the deadline passes. Failures name the service, say what
 * happened, and quote the end of the service's log.
 */
export async function waitUntilReady(options: ReadinessOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let lastProblem = 'no answer yet';
  for (;;) {
    const exit = options.process.exitStatus();
    if (exit !== undefined) {
      const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${String(exit.code)}`;
      throw new Error(
        `${options.what} ${how} before it was ready. Last lines of its log (${options.process.logPath}):\n` +
          options.process.logTail(),
      );
    }
    try {
      if (await options.probe()) return;
    } catch (error) {
      lastProblem = (error as Error).message;
    }
    if (Date.now() >= deadline) {
      throw new Error(
        `${options.what} did not answer within ${options.timeoutMs} ms (last probe: ${lastProblem}). ` +
          `Last lines of its log (${options.process.logPath}):\n${options.process.logTail()}`,
      );
    }
    await sleep(options.intervalMs ?? 100);
  }
}
