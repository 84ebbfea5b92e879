import fs, { appendFileSync } from 'node:fs';
import { quote } from './quote.js';

/**
 * The runner protocol, as GitHub documents it: workflow commands on stdout (`::name key=value::message`) and file
 * commands appended to the files named by GITHUB_OUTPUT, GITHUB_ENV, GITHUB_STATE, GITHUB_PATH and
 * GITHUB_STEP_SUMMARY. Written here rather than bundling @actions/core, whose HTTP client alone adds ~0.5 MB to
 * every bundle (see docs/decisions.md).
 */

/** The line ending of the runner's OS (as os.EOL, without loading node:os at start-up). */
const EOL = process.platform === 'win32' ? '\r\n' : '\n';

/** File descriptor 1, the runner's command channel. */
const STDOUT_FD = 1;

/** Set once a write to the descriptor failed: from then on every write goes through the stream, in order. */
let throughStream = false;

/**
 * Writes `text` to stdout. Straight to the descriptor, synchronously, as Node itself writes stdout when it is a file
 * or (on Linux) a pipe: `process.stdout` is a stream whose first use loads Node's stream and net modules, more than
 * a small step's whole work. Should the descriptor refuse a write (EAGAIN on a pipe its reader made non-blocking,
 * EPIPE, a closed descriptor), the rest of this write and every later one go through `process.stdout`, which
 * handles those as it always has.
 *
 * `fs.writeSync` is looked up at each call (not imported by name), like `process.stdout.write`, so that a test's
 * capture of stdout sees these writes.
 */
export function writeStdout(text: string): void {
  if (throughStream) {
    process.stdout.write(text);
    return;
  }
  const bytes = Buffer.from(text, 'utf8');
  let written = 0;
  try {
    while (written < bytes.length) written += fs.writeSync(STDOUT_FD, bytes, written, bytes.length - written);
  } catch {
    throughStream = true;
    process.stdout.write(bytes.subarray(written));
  }
}

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
  const line = `::${name}${props ? ` ${props}` : ''}::${escapeData(message)}${EOL}`;
  if (fence === undefined) {
    writeStdout(line);
    return;
  }
  // Our own command while tool output is fenced: resume commands for it, then fence again with a new token.
  closeFence(fence);
  writeStdout(line);
  fence.token = openFence();
}

/**
 * Tool output between `::stop-commands::<token>` and `::<token>::`: the runner runs no command in it and shows
 * it as written. The token is random per fence, so the tool cannot end the fence; `depth` counts nested fences.
 */
interface Fence {
  token: string;
  depth: number;
}

let fence: Fence | undefined;

function openFence(): string {
  const token = `tool-output-${globalThis.crypto.randomUUID().replaceAll('-', '')}`;
  writeStdout(`::stop-commands::${token}${EOL}`);
  return token;
}

function closeFence(open: Fence): void {
  writeStdout(`::${open.token}::${EOL}`);
}

/**
 * Runs `body` with a printer for a tool's output lines (a build's, a scanner's), printed as the tool wrote them
 * inside a stop-commands fence: a `RUN echo ::stop-commands::x` or `::error::` in them is shown, never run, and
 * our own commands (annotations, masks, groups) issued meanwhile still work. A line printed after the fence has
 * closed (a late chunk of output) is neutralised instead.
 */
export async function printFenced<T>(body: (printLine: (line: string) => void) => Promise<T>): Promise<T> {
  const open: Fence = fence ?? { token: openFence(), depth: 0 };
  fence = open;
  open.depth += 1;
  let closed = false;
  const printLine = (line: string) => {
    if (closed) return writeLine(line);
    for (const part of line.split(/\r\n|\r|\n/)) {
      // The token is secret to this process; should a line hold it anyway, it is neutralised like any line.
      writeStdout((part.includes(open.token) ? neutralise(part) : part) + EOL);
    }
  };
  try {
    return await body(printLine);
  } finally {
    closed = true;
    open.depth -= 1;
    if (open.depth === 0) {
      closeFence(open);
      fence = undefined;
    }
  }
}

/**
 * The start of a line the runner reads as a workflow command: `::` after any white space (the runner trims the
 * line with .NET's TrimStart, which takes every Unicode white space, U+0085 and U+2028 included).
 */
const COMMAND_START = /^([\s\u0085]*)::/;
/** The older `##[name]` form, which the runner looks for anywhere in a line, not only at its start. */
const LEGACY_COMMAND = /##\[/g;

/**
 * Untrusted text as plain log lines: in each line that the runner could read as a workflow command (a server's
 * answer, a build's output, an input echoed back) a zero-width space goes after the first character of the
 * marker, so the runner shows it but never runs it (`::add-mask::`, `::stop-commands::`, `##[error]` and the like
 * stay inert). Our own commands go through `issueCommand`, whose message cannot start a line.
 */
export function neutralise(text: string): string {
  return text
    .split(/(\r\n|\r|\n)/)
    .map((part) =>
      part.replace(COMMAND_START, (_all, indent: string) => `${indent}:\u200b:`).replace(LEGACY_COMMAND, '#\u200b#['),
    )
    .join('');
}

export function writeLine(message: string): void {
  writeStdout(neutralise(message) + EOL);
}

/**
 * 128 random bits as hex, from Math.random (seeded by V8 from the OS at start-up). Web Crypto would load node:crypto,
 * which costs a small step a fifth of Node's own start-up.
 */
function randomHex(): string {
  let hex = '';
  for (let i = 0; i < 4; i++)
    hex += Math.floor(Math.random() * 2 ** 32)
      .toString(16)
      .padStart(8, '0');
  return hex;
}

/**
 * Appends `name<<delimiter` … `delimiter` to a file command. The check below, not the delimiter's secrecy, is what
 * keeps a value from ending the entry early; a random delimiter only makes it one no value can hit on purpose.
 */
function appendKeyValue(file: string, name: string, value: string): void {
  // A name is one line of the file, before `<<`: a line break, `=` or `<<` in it would start another entry.
  if (!name || /[\r\n=]|<</.test(name)) throw new Error(`Not a valid name for a file command: ${quote(name)}`);
  const delimiter = `ghadelimiter_${randomHex()}`;
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
