import { appendFileSync } from 'node:fs';

/**
 * The runner protocol, as GitHub documents it: workflow commands on stdout (`::name key=value::message`) and file
 * commands appended to the files named by GITHUB_OUTPUT, GITHUB_ENV, GITHUB_STATE, GITHUB_PATH and
 * GITHUB_STEP_SUMMARY. Written here rather than bundling @actions/core, whose HTTP client alone adds ~0.5 MB to
 * every bundle (see docs/decisions.md).
 */

/** The line ending of the runner's OS (as os.EOL, without loading node:os at start-up). */
const EOL = process.platform === 'win32' ? '\r\n' : '\n';

function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function issueCommand(
  name: string,
  properties: Record<string, string | number | undefined>,
  message: string,
): void {
  const props = Object.entries(properties)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined && entry[1] !== '')
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
    .join(',');
  process.stdout.write(`::${name}${props ? ` ${props}` : ''}::${escapeData(message)}${EOL}`);
}

/**
 * A line the runner would read as a workflow command: `::name::` (or the older `##[name]`) at its start, spaces
 * and tabs before it allowed.
 */
const COMMAND_LIKE = /^([ \t]*)(::|##\[)/;

/**
 * Untrusted text as plain log lines: each line that looks like a workflow command (a server's answer, a build's
 * output, an input echoed back) gets a zero-width space after its first character, so the runner shows it but
 * never runs it (`::add-mask::`, `::stop-commands::` and the like stay inert). Our own commands go through
 * `issueCommand`, whose message cannot start a line.
 */
export function neutralise(text: string): string {
  return text
    .split(/(\r\n|\r|\n)/)
    .map((part) =>
      part.replace(
        COMMAND_LIKE,
        (_all, indent: string, marker: string) => `${indent}${marker[0]}\u200b${marker.slice(1)}`,
      ),
    )
    .join('');
}

export function writeLine(message: string): void {
  process.stdout.write(neutralise(message) + EOL);
}

/** Appends `name<<delimiter` … `delimiter` to a file command; the random delimiter cannot occur in the value. */
function appendKeyValue(file: string, name: string, value: string): void {
  // The global Web Crypto object loads node:crypto on first use: a step that writes no multi-line value never does.
  const delimiter = `ghadelimiter_${globalThis.crypto.randomUUID()}`;
  if (name.includes(delimiter) || value.includes(delimiter)) throw new Error(`Unexpected delimiter in ${name}`);
  appendFileSync(file, `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`, 'utf8');
}

type FileCommand = 'GITHUB_OUTPUT' | 'GITHUB_ENV' | 'GITHUB_STATE';

/** Writes a key/value file command; outside a runner (no such file) the value is not persisted anywhere. */
export function fileCommand(command: FileCommand, name: string, value: string): boolean {
  const file = process.env[command];
  if (!file) return false;
  appendKeyValue(file, name, value);
  return true;
}

export function appendPathCommand(path: string): boolean {
  const file = process.env.GITHUB_PATH;
  if (!file) return false;
  appendFileSync(file, path + EOL, 'utf8');
  return true;
}

export function appendSummary(markdown: string): boolean {
  const file = process.env.GITHUB_STEP_SUMMARY;
  if (!file) return false;
  appendFileSync(file, markdown.endsWith('\n') ? markdown : markdown + EOL, 'utf8');
  return true;
}

/** INPUT_<NAME> as the runner sets it: upper case, spaces as underscores, dashes kept. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}
