import { appendPathCommand, fileCommand, inputVariable, issueCommand, printFenced, writeLine } from './protocol.js';

export interface AnnotationLocation {
  file?: string;
  startLine?: number;
  endLine?: number;
  startColumn?: number;
  title?: string;
}

function annotate(level: 'error' | 'warning' | 'notice', message: string, where: AnnotationLocation): void {
  issueCommand(
    level,
    { title: where.title, file: where.file, line: where.startLine, endLine: where.endLine, col: where.startColumn },
    message,
  );
}

/** The runner's log and annotations. */
export const log = {
  info: (message: string) => writeLine(message),
  debug: (message: string) => issueCommand('debug', {}, message),
  warning: (message: string, where: AnnotationLocation = {}) => annotate('warning', message, where),
  error: (message: string, where: AnnotationLocation = {}) => annotate('error', message, where),
  notice: (message: string, where: AnnotationLocation = {}) => annotate('notice', message, where),
  isDebug: () => process.env.RUNNER_DEBUG === '1',
  toolOutput: printFenced,
  async group<T>(name: string, body: () => Promise<T>): Promise<T> {
    issueCommand('group', {}, name);
    try {
      return await body();
    } finally {
      issueCommand('endgroup', {}, '');
    }
  },
};

/** Step outputs: objects and arrays are written as JSON. */
export function setOutput(name: string, value: unknown): void {
  fileCommand('GITHUB_OUTPUT', name, typeof value === 'string' ? value : JSON.stringify(value));
}

/** Exports a variable to later steps (and to this process). */
export function exportVariable(name: string, value: string): void {
  fileCommand('GITHUB_ENV', name, value);
  process.env[name] = value;
}

export function addPath(path: string): void {
  appendPathCommand(path);
  process.env.PATH = `${path}${process.platform === 'win32' ? ';' : ':'}${process.env.PATH ?? ''}`;
}

/** The raw value of an input as the runner passes it (INPUT_<NAME>), for readInputs. */
export function inputFromRunner(name: string): string {
  return (process.env[inputVariable(name)] ?? '').trim();
}
