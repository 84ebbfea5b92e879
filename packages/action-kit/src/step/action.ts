/**
 * The one skeleton every action is built on. An action is a plain object (`defineAction`): its input spec as
 * action.yml declares it, a pure `buildConfig`, a factory for its clients, and `run`. The skeleton reads the
 * inputs, builds the config, makes the clients, hands `run` one `Step`, bounds the whole step by the
 * `action-timeout-seconds` input, and turns any failure into the one `::error::` line. See docs/adding-an-action.md.
 */
import { input, type InputSpec, type InputSpecs, type InputValues } from '../inputs.js';
import type { Env, RunnerIO } from './runner-io.js';

/** The input that bounds the whole step, declared once here and spread into each action's spec. */
export const TIMEOUT_INPUT = 'action-timeout-seconds';

export function actionTimeout(
  defaultSeconds: number,
  limits: { min?: number; max?: number } = {},
): { [TIMEOUT_INPUT]: InputSpec<number> } {
  return {
    [TIMEOUT_INPUT]: input.integer({
      min: limits.min ?? 30,
      max: limits.max ?? 21600,
      unit: 'seconds',
      default: String(defaultSeconds),
    }),
  };
}

/** The input that bounds each network request (connect, proxy CONNECT, TLS, headers, body), declared once here. */
export const REQUEST_TIMEOUT_INPUT = 'request-timeout-seconds';

export function requestTimeout(defaultSeconds: number): { [REQUEST_TIMEOUT_INPUT]: InputSpec<number> } {
  return {
    [REQUEST_TIMEOUT_INPUT]: input.integer({ min: 1, max: 300, unit: 'seconds', default: String(defaultSeconds) }),
  };
}

/** What `run` is handed: the runner I/O, the checked config, the action's clients, and the step's abort signal. */
export interface Step<C, K> extends RunnerIO {
  /** The action's name, as the `::error::` line starts with it. */
  readonly action: string;
  readonly config: C;
  readonly clients: K;
  /** Aborted when the overall timeout fires. */
  readonly signal: AbortSignal;
}

/** The post step's view: the runner I/O (state saved by main, inputs) and the signal; no config is built. */
export interface PostStep extends RunnerIO {
  readonly action: string;
  readonly signal: AbortSignal;
}

export interface ActionDefinition<S extends InputSpecs, C, K, R> {
  name: string;
  /** Every input of action.yml (a test compares the two), including `...actionTimeout(seconds)`. */
  inputs: S;
  /**
   * Pure: the inputs and environment as one checked configuration; throws ConfigurationError. May be async, to
   * import a parser only when an input needs one (chaos-experiment's YAML probes).
   */
  buildConfig(inputs: InputValues<S>, env: Env): C | Promise<C>;
  /**
   * The real effects `run` uses (AWS, registries, clusters, processes, clock); tests pass their own. May load them
   * with `import()`: an action whose clients and `run` are imported on demand starts (and fails on an input that
   * does not check out) without loading its SDKs, parsers or node:https.
   */
  clients(config: C, io: RunnerIO): K | Promise<K>;
  run(step: Step<C, K>): Promise<R>;
  /** The error the step fails with, judged from what `run` returned (a failed rollout, a failed gate). */
  verdict?(result: R): Error | undefined | Promise<Error | undefined>;
  /** Called with the error whenever main fails, before it is reported (a gate sets `passed: false`). */
  onFailure?(io: RunnerIO, error: unknown): void;
  /**
   * Run main on a worker thread (`onWorkerThread`: tfsec-gate caps the young generation for large reports), given the
   * config the inputs build. Returns true on the main thread, once the thread has done the work; false inside the
   * thread, or when the step runs on the main thread after all.
   */
  thread?: (name: string, config: C) => Promise<boolean>;
}

export type AnyAction = ActionDefinition<InputSpecs, unknown, unknown, unknown>;

/** Keeps the types of an action definition together; the object itself is returned unchanged. */
export function defineAction<S extends InputSpecs, C, K, R>(
  definition: ActionDefinition<S, C, K, R>,
): ActionDefinition<S, C, K, R> {
  return definition;
}

/** The configured timeout; an invalid value falls back to the default and is reported when all inputs are read. */
export function timeoutSeconds(inputs: InputSpecs, io: Pick<RunnerIO, 'input'>): number | undefined {
  const spec = inputs[TIMEOUT_INPUT] as InputSpec<number> | undefined;
  if (!spec) return undefined;
  const fallback = spec.default === undefined ? undefined : Number(spec.default);
  const raw = io.input(TIMEOUT_INPUT);
  if (!raw) return fallback;
  try {
    return spec.parse(raw, TIMEOUT_INPUT);
  } catch {
    return fallback;
  }
}
