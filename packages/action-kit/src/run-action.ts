import { log } from './log.js';
import { failureLine } from './errors.js';

export interface RunActionOptions {
  /**
   * The whole step fails with a clear message after this long; the signal passed to `main` is aborted first.
   * A function is evaluated inside the error handling, so reading the limit from an input can fail cleanly.
   */
  timeoutSeconds?: number | (() => number | undefined);
  /** How the process ends after a timeout, once the error is reported; replaceable in tests. */
  exit?: (code: number) => void;
}

export class ActionTimeoutError extends Error {
  override readonly name = 'ActionTimeoutError';
}

/**
 * The entry point of every bundle: runs `main`, and turns any error into one `::error::` line that starts with
 * the action's name, with a non-zero exit code. The stack goes to the debug log only.
 */
export async function runAction(
  name: string,
  main: (signal: AbortSignal) => Promise<void>,
  options: RunActionOptions = {},
): Promise<void> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const armDeadline = (seconds: number | undefined) =>
    new Promise<never>((_, reject) => {
      if (!seconds) return;
      timer = setTimeout(() => {
        const error = new ActionTimeoutError(
          `timed out after ${seconds} s. Raise the action's timeout input if the work legitimately takes longer.`,
        );
        // Reject first: a main that winds down on abort must not turn the timeout into a success.
        reject(error);
        controller.abort(error);
      }, seconds * 1000);
    });
  try {
    const seconds = typeof options.timeoutSeconds === 'function' ? options.timeoutSeconds() : options.timeoutSeconds;
    await Promise.race([main(controller.signal), armDeadline(seconds)]);
  } catch (error) {
    if (error instanceof Error && error.stack) log.debug(error.stack);
    log.error(failureLine(name, error));
    process.exitCode = 1;
    if (error instanceof ActionTimeoutError) {
      // Whatever hung keeps the event loop alive; give the runner the failure now.
      const exit = options.exit ?? ((code: number) => process.exit(code));
      setTimeout(() => exit(1), 100).unref();
    }
  } finally {
    clearTimeout(timer);
  }
}
