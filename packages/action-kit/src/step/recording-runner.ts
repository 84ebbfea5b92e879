/**
 * A runner for tests: inputs, environment and state are given; everything the step writes is recorded in order,
 * and nothing reaches stdout or the environment of the test process.
 */
import type { AnnotationLocation } from '../log.js';
import type { Env, Log, RunnerIO } from './runner-io.js';

export type LogLevel = 'info' | 'debug' | 'warning' | 'error' | 'notice' | 'group' | 'endgroup';

export interface LogEntry {
  level: LogLevel;
  message: string;
  where?: AnnotationLocation;
}

export interface Recorded {
  log: LogEntry[];
  masks: string[];
  outputs: Record<string, string>;
  exported: Record<string, string>;
  paths: string[];
  state: Record<string, string>;
  summary: string[];
}

export interface RecordingRunner extends RunnerIO {
  readonly recorded: Recorded;
  /** The log as the runner would print it, one entry per line, with the level of each annotation. */
  lines(level?: LogLevel): string[];
}

export interface RecordingOptions {
  inputs?: Record<string, string>;
  env?: Record<string, string | undefined>;
  /** What main saved, for a post step (values as main saved them). */
  state?: Record<string, unknown>;
  debug?: boolean;
}

export function recordingRunner(options: RecordingOptions = {}): RecordingRunner {
  const recorded: Recorded = { log: [], masks: [], outputs: {}, exported: {}, paths: [], state: {}, summary: [] };
  const env: Record<string, string | undefined> = { ...options.env };
  const savedState = Object.fromEntries(
    Object.entries(options.state ?? {}).map(([key, value]) => [key, JSON.stringify(value)]),
  );
  const write = (level: LogLevel, message: string, where?: AnnotationLocation) =>
    void recorded.log.push(where && Object.keys(where).length > 0 ? { level, message, where } : { level, message });
  const log: Log = {
    info: (message) => write('info', message),
    debug: (message) => write('debug', message),
    warning: (message, where) => write('warning', message, where),
    error: (message, where) => write('error', message, where),
    notice: (message, where) => write('notice', message, where),
    isDebug: () => options.debug ?? false,
    toolOutput: (body) => body((line) => write('info', line)),
    async group(name, body) {
      write('group', name);
      try {
        return await body();
      } finally {
        write('endgroup', '');
      }
    },
  };
  return {
    recorded,
    lines: (level) => recorded.log.filter((entry) => !level || entry.level === level).map((entry) => entry.message),
    input: (name) => (options.inputs?.[name] ?? '').trim(),
    env: env as Env,
    log,
    mask: (secret) => {
      if (secret) recorded.masks.push(secret);
    },
    setOutput: (name, value) =>
      void (recorded.outputs[name] = typeof value === 'string' ? value : JSON.stringify(value)),
    exportVariable: (name, value) => {
      recorded.exported[name] = value;
      env[name] = value;
    },
    addPath: (path) => void recorded.paths.push(path),
    saveState: (key, value) => void (recorded.state[key] = JSON.stringify(value)),
    loadState: <T>(key: string) => {
      const raw = savedState[key];
      return raw === undefined ? undefined : (JSON.parse(raw) as T);
    },
    writeSummary: async (...parts) => void recorded.summary.push(parts.join('\n')),
  };
}
