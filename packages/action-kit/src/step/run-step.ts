/** Runs an action's main or post step under the skeleton's rules: one deadline, one `::error::` line on failure. */
import { actNotice } from '../act.js';
import { failureLine } from '../errors.js';
import { input, readInputs, type InputSpecs } from '../inputs.js';
import { TIMEOUT_INPUT, timeoutSeconds, type ActionDefinition, type PostStep } from './action.js';
import { processRunner } from './process-runner.js';
import { describeWaits } from '../waits.js';
import type { RunnerIO } from './runner-io.js';

export class ActionTimeoutError extends Error {
  override readonly name = 'ActionTimeoutError';
}

export interface RunOptions<C, K> {
  /** The runner to talk to; default the real one. When given (a test), the process's exit code is left alone. */
  io?: RunnerIO;
  /** Replaces the action's real clients. */
  clients?: (config: C, io: RunnerIO) => K | Promise<K>;
  /** How the process is ended when something keeps it alive after the step is over; replaceable in tests. */
  exit?: (code: number) => void;
}

export type StepOutcome<R> = { ok: true; result: R } | { ok: false; error: unknown };

/** After the step is over, whatever still holds the event loop (a socket that never answers) may not keep it alive. */
const EXIT_GRACE_MS = 100;

/**
 * Runs `work` with a deadline: the signal is aborted and the step fails when it passes. Failures become one
 * `::error::` line (the stack goes to the debug log).
 */
async function bounded<T>(
  name: string,
  seconds: number | undefined,
  io: RunnerIO,
  work: (signal: AbortSignal) => Promise<T>,
  onFailure?: (error: unknown) => void,
): Promise<StepOutcome<T>> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    if (!seconds) return;
    timer = setTimeout(() => {
      const waiting = describeWaits();
      const error = new ActionTimeoutError(
        `timed out after ${seconds} s${waiting ? ` while waiting for ${waiting}` : ''}. Raise the action's ` +
          'timeout input if the work legitimately takes longer.',
      );
      // Reject first: work that winds down on abort must not turn the timeout into a success.
      reject(error);
      controller.abort(error);
    }, seconds * 1000);
  });
  try {
    return { ok: true, result: await Promise.race([work(controller.signal), deadline]) };
  } catch (error) {
    try {
      onFailure?.(error);
    } finally {
      if (error instanceof Error && error.stack) io.log.debug(error.stack);
      io.log.error(failureLine(name, error));
    }
    return { ok: false, error };
  } finally {
    clearTimeout(timer);
  }
}

/** In the real process: the exit code, and an end to anything that would keep the finished step alive. */
function settle<R>(outcome: StepOutcome<R>, options: Pick<RunOptions<never, never>, 'io' | 'exit'>): StepOutcome<R> {
  if (options.io) return outcome;
  if (!outcome.ok) process.exitCode = 1;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  setTimeout(() => exit(outcome.ok ? Number(process.exitCode ?? 0) : 1), EXIT_GRACE_MS).unref();
  return outcome;
}

/**
 * The config, when the inputs read and it builds (else undefined); secrets are masked by the run that follows, not by
 * this check.
 */
async function configThatBuilds<S extends InputSpecs, C>(
  action: ActionDefinition<S, C, unknown, unknown>,
  io: RunnerIO,
): Promise<{ config: C } | undefined> {
  try {
    return {
      config: await action.buildConfig(
        readInputs(action.inputs, io.input, () => {}),
        io.env,
      ),
    };
  } catch {
    return undefined;
  }
}

/**
 * On the main thread of an action that runs on a worker thread, starts it (when its `thread` asks, from the config)
 * and waits for it: true once the thread has done the work. A step whose inputs do not check out fails on the main
 * thread at once, without starting a thread (or anything it loads).
 */
async function ranOnThread<S extends InputSpecs, C, K, R>(
  action: ActionDefinition<S, C, K, R>,
  io: RunnerIO,
): Promise<boolean> {
  if (!action.thread) return false;
  const built = await configThatBuilds(action, io);
  return built !== undefined && (await action.thread(action.name, built.config));
}

/** Under act, says once, as the step starts, what differs from a GitHub runner. */
function announceAct(io: RunnerIO): void {
  const notice = actNotice(io.env);
  if (notice) io.log.notice(notice);
}

/**
 * main: inputs → config → clients → run → verdict. Tests call it with a recording `io` (and their own clients)
 * and read what was recorded and the outcome.
 */
export async function runMain<S extends InputSpecs, C, K, R>(
  action: ActionDefinition<S, C, K, R>,
  options: RunOptions<C, K> = {},
): Promise<StepOutcome<R> | undefined> {
  const io = options.io ?? processRunner();
  if (!options.io && (await ranOnThread(action, io))) return undefined;
  announceAct(io);
  const outcome = await bounded(
    action.name,
    timeoutSeconds(action.inputs, io),
    io,
    async (signal) => {
      const config = await action.buildConfig(readInputs(action.inputs, io.input, io.mask), io.env);
      const clients = await (options.clients ?? action.clients)(config, io);
      const result = await action.run({ ...io, action: action.name, config, clients, signal });
      const failure = await action.verdict?.(result);
      if (failure) throw failure;
      return result;
    },
    action.onFailure && ((error) => action.onFailure!(io, error)),
  );
  return settle(outcome, options);
}

/** A post step is bounded by the same input as main; its own default when the input is not set. */
const POST_TIMEOUT = input.integer({ min: 1, max: 21600, unit: 'seconds', default: '300' });

/**
 * post: the action's cleanup, with main's saved state. It takes the post function alone, not the action, so the
 * post bundle carries none of main's code.
 */
export async function runPost(
  action: string,
  post: (step: PostStep) => Promise<void>,
  options: Pick<RunOptions<never, never>, 'io' | 'exit'> = {},
): Promise<StepOutcome<void>> {
  const io = options.io ?? processRunner();
  const seconds = timeoutSeconds({ [TIMEOUT_INPUT]: POST_TIMEOUT }, io);
  const outcome = await bounded(`${action} post`, seconds, io, (signal) => post({ ...io, action, signal }));
  return settle(outcome, options);
}
