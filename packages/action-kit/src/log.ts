import * as core from '@actions/core';

export interface AnnotationLocation {
  file?: string;
  startLine?: number;
  endLine?: number;
  startColumn?: number;
  title?: string;
}

/** The runner's log and workflow commands: the one place that talks to @actions/core for output. */
export const log = {
  info: (message: string) => core.info(message),
  debug: (message: string) => core.debug(message),
  warning: (message: string, where: AnnotationLocation = {}) => core.warning(message, where),
  error: (message: string, where: AnnotationLocation = {}) => core.error(message, where),
  notice: (message: string, where: AnnotationLocation = {}) => core.notice(message, where),
  isDebug: () => core.isDebug(),
  async group<T>(name: string, body: () => Promise<T>): Promise<T> {
    return core.group(name, body);
  },
};

/** Step outputs: objects and arrays are written as JSON. */
export function setOutput(name: string, value: unknown): void {
  core.setOutput(name, typeof value === 'string' ? value : JSON.stringify(value));
}

export function exportVariable(name: string, value: string): void {
  core.exportVariable(name, value);
}

export function addPath(path: string): void {
  core.addPath(path);
}

/** The GitHub OIDC token for an audience; the runner masks it. */
export function getIdToken(audience: string): Promise<string> {
  return core.getIDToken(audience);
}

/** The raw value of an input as the runner passes it (INPUT_<NAME>), for readInputs. */
export function inputFromRunner(name: string): string {
  return core.getInput(name, { trimWhitespace: true });
}
