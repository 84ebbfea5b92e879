/**
 * Everything a step does to the runner, in one interface: the inputs and environment it reads, and the log,
 * annotations, masks, outputs, exported variables, PATH entries, state and job summary it writes. Actions reach the
 * runner only through this (the `Step` they are given); `processRunner` is the real one, and tests pass a recording one.
 */
import type { AnnotationLocation } from '../log.js';

export type Env = Readonly<Record<string, string | undefined>>;

export interface Log {
  info(message: string): void;
  debug(message: string): void;
  warning(message: string, where?: AnnotationLocation): void;
  error(message: string, where?: AnnotationLocation): void;
  notice(message: string, where?: AnnotationLocation): void;
  /** A collapsible group around `body`'s lines. */
  group<T>(name: string, body: () => Promise<T>): Promise<T>;
  isDebug(): boolean;
  /**
   * Runs `body` with a printer for a tool's output lines (a build's, a scanner's): shown as the tool wrote them,
   * fenced so that no workflow command in them runs, while this step's own annotations and masks keep working.
   */
  toolOutput<T>(body: (printLine: (line: string) => void) => Promise<T>): Promise<T>;
}

export interface RunnerIO {
  /** The raw value of an input as the workflow passed it (trimmed; empty when not set). */
  input(name: string): string;
  /** The step's environment; `exportVariable` adds to it. */
  readonly env: Env;
  readonly log: Log;
  /** Registers a secret so every later log line shows *** in its place (each line of a multi-line secret too). */
  mask(secret: string | undefined): void;
  /** A step output; objects and arrays are written as JSON. */
  setOutput(name: string, value: unknown): void;
  /** A variable for later steps, and for this step's own environment. */
  exportVariable(name: string, value: string): void;
  addPath(path: string): void;
  /** Saves a JSON value for the post step; never printed. */
  saveState(key: string, value: unknown): void;
  /** What main saved, or undefined when it saved nothing. */
  loadState<T>(key: string): T | undefined;
  /** Appends Markdown to the job summary (joined by newlines). */
  writeSummary(...parts: string[]): Promise<void>;
}
