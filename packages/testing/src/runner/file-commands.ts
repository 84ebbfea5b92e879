/**
 * The runner's file commands: after a step, the runner reads GITHUB_OUTPUT, GITHUB_ENV and GITHUB_STATE as
 * `name=value` lines or `name<<DELIMITER` heredocs, and GITHUB_PATH as one directory per line. These parsers follow
 * the runner (actions/runner, FileCommandManager) on Linux: lines end at LF, a CR stays part of the value.
 */

/** A file command the runner would reject; the step fails with this message. */
export class FileCommandError extends Error {
  override readonly name = 'FileCommandError';
}

function set(target: Record<string, string>, name: string, value: string): void {
  // defineProperty, so a name like __proto__ is a plain key and not the object's prototype.
  Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
}

/** The next line from `index`, without its LF, or undefined at the end of the text. */
function readLine(text: string, at: { index: number }): string | undefined {
  if (at.index >= text.length) return undefined;
  const start = at.index;
  const lf = text.indexOf('\n', start);
  if (lf < 0) {
    at.index = text.length;
    return text.slice(start);
  }
  at.index = lf + 1;
  return text.slice(start, lf);
}

/**
 * Parses a GITHUB_OUTPUT / GITHUB_ENV / GITHUB_STATE file. A later line for the same name wins. `what` names the
 * file in error messages ("output", "environment variable", "state").
 */
export function parseKeyValueFile(text: string, what = 'environment variable'): Record<string, string> {
  const result: Record<string, string> = {};
  const at = { index: 0 };
  for (let line = readLine(text, at); line !== undefined; line = readLine(text, at)) {
    if (line === '') continue;
    const equals = line.indexOf('=');
    const heredoc = line.indexOf('<<');
    if (equals >= 0 && (heredoc < 0 || equals < heredoc)) {
      const name = line.slice(0, equals);
      if (name === '') throw new FileCommandError(`Invalid ${what} format '${line}'. The name must not be empty`);
      set(result, name, line.slice(equals + 1));
    } else if (heredoc >= 0) {
      const name = line.slice(0, heredoc);
      const delimiter = line.slice(heredoc + 2);
      if (name === '' || delimiter === '') {
        throw new FileCommandError(
          `Invalid ${what} format '${line}'. The name must not be empty and the delimiter must not be empty`,
        );
      }
      const start = at.index;
      let end = start;
      for (let next = readLine(text, at); next !== delimiter; next = readLine(text, at)) {
        if (next === undefined) {
          throw new FileCommandError(`Invalid ${what} value. Matching delimiter not found '${delimiter}'`);
        }
        end = at.index - (text[at.index - 1] === '\n' ? 1 : 0);
      }
      set(result, name, text.slice(start, end));
    } else {
      throw new FileCommandError(`Invalid ${what} format '${line}'`);
    }
  }
  return result;
}

/**
 * Parses a GITHUB_PATH file into the directories the runner prepends to PATH for later steps, in the order they
 * were added (a directory added twice moves to the end, as in the runner).
 */
export function parsePathFile(text: string): string[] {
  const paths: string[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const seen = paths.indexOf(line);
    if (seen >= 0) paths.splice(seen, 1);
    paths.push(line);
  }
  return paths;
}

/** PATH as a later step sees it: the most recently added directory first, then the original PATH. */
export function prependPath(added: readonly string[], original: string | undefined): string {
  const front = [...added].reverse();
  return original ? [...front, original].join(':') : front.join(':');
}
