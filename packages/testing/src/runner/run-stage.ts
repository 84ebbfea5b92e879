import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FileCommandError, parseKeyValueFile, parsePathFile } from './file-commands.js';
import type { JobStatus } from './step-condition.js';
import { WorkflowCommandReader, type Annotation, type LogLine } from './workflow-commands.js';

export interface StageResult {
  /** The process's exit code, or null when a signal ended it. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** `failure` when the exit code is not 0, the stage timed out, or the runner rejected a command. */
  outcome: JobStatus;
  stdout: string;
  stderr: string;
  /** Every output line in arrival order, with the text the runner's log would show. */
  log: LogLine[];
  /** GITHUB_OUTPUT (and the deprecated ::set-output). */
  outputs: Record<string, string>;
  /** Variables exported through GITHUB_ENV. */
  env: Record<string, string>;
  /** Directories added through GITHUB_PATH. */
  path: string[];
  /** GITHUB_STATE (and the deprecated ::save-state): what the post stage receives as STATE_<name>. */
  state: Record<string, string>;
  /** The Markdown written to GITHUB_STEP_SUMMARY. */
  summary: string;
  annotations: Annotation[];
  /** Values registered with ::add-mask:: in this stage. */
  masks: string[];
  /** ::debug:: messages. */
  debug: string[];
}
/** The runner's kill sequence on cancellation: SIGINT, then SIGTERM after 7.5 s, then SIGKILL after 2.5 s more. */
const CANCEL_SEQUENCE: readonly [NodeJS.Signals, number][] = [
  ['SIGINT', 0],
  ['SIGTERM', 7_500],
  ['SIGKILL', 10_000],
];

/** The runner refuses a step summary larger than this and says so in an error annotation. */
const SUMMARY_LIMIT = 1024 * 1024;

export interface Stage {
  script: string;
  env: Record<string, string>;
  cwd: string;
  node: string;
  timeoutMs: number;
  /** Start the timeout once stdout has shown this whole line rather than at spawn (see SimulateStepOptions). */
  timeoutStartsAfterLine?: string;
  files: string;
  inheritedMasks: readonly string[];
  /** Variables the step must not get, file-command ones included (a runner without a summary file). */
  removed?: readonly string[];
}

function fileCommandPaths(dir: string): Record<string, string> {
  mkdirSync(dir, { recursive: true });
  const paths = {
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_ENV: join(dir, 'env'),
    GITHUB_STATE: join(dir, 'state'),
    GITHUB_PATH: join(dir, 'path'),
    GITHUB_STEP_SUMMARY: join(dir, 'step_summary'),
  };
  for (const path of Object.values(paths)) writeFileSync(path, '');
  return paths;
}

/** Reads one file command as the runner does: a missing file is nothing, a malformed one fails the step. */
function readFileCommand<T>(
  path: string,
  context: string,
  parse: (text: string) => T,
  empty: T,
  failures: string[],
): T {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return empty;
    throw error;
  }
  try {
    return parse(text);
  } catch (error) {
    if (!(error instanceof FileCommandError)) throw error;
    failures.push(`Unable to process file command '${context}' successfully. ${error.message}`);
    return empty;
  }
}

/** The whole lines among the chunks printed so far (a line still being written is left out). */
function completeLines(chunks: readonly string[]): string[] {
  return chunks.join('').split('\n').slice(0, -1);
}

/** Runs one bundle the way the runner's node handler does and reads everything it left behind. */
export async function runStage(stage: Stage): Promise<StageResult> {
  const files = fileCommandPaths(stage.files);
  const reader = new WorkflowCommandReader(stage.inheritedMasks);
  const readyLine = stage.timeoutStartsAfterLine;
  const stdout: string[] = [];
  const stderr: string[] = [];
  const processEnv: Record<string, string> = { ...stage.env, ...files };
  for (const name of stage.removed ?? []) delete processEnv[name];
  const child = spawn(stage.node, [stage.script], {
    cwd: stage.cwd,
    env: processEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let timedOut = false;
  const timers: NodeJS.Timeout[] = [];
  // The runner's clock starts with the process; with timeoutStartsAfterLine, once stdout has shown that line.
  let deadline: NodeJS.Timeout | undefined;
  function startDeadline() {
    deadline = setTimeout(() => {
      timedOut = true;
      for (const [signal, after] of CANCEL_SEQUENCE) {
        timers.push(
          setTimeout(() => child.exitCode === null && child.signalCode === null && child.kill(signal), after),
        );
      }
    }, stage.timeoutMs);
  }
  if (readyLine === undefined) startDeadline();
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout.push(chunk);
    reader.write('stdout', chunk);
    if (readyLine !== undefined && deadline === undefined && completeLines(stdout).includes(readyLine)) startDeadline();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr.push(chunk);
    reader.write('stderr', chunk);
  });
  // A process it started in the background may hold the pipes open; the step ends when the action's process does.
  child.on('exit', () => {
    setTimeout(() => {
      child.stdout.destroy();
      child.stderr.destroy();
    }, 2_000).unref();
  });
  const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((done, fail) => {
    child.on('error', fail);
    child.on('close', (code, sig) => done([code, sig]));
  }).finally(() => {
    clearTimeout(deadline);
    for (const timer of timers) clearTimeout(timer);
  });
  reader.end();

  const failures = [...reader.failures];
  const outputs = {
    ...reader.outputs,
    ...readFileCommand(files.GITHUB_OUTPUT!, 'output', (t) => parseKeyValueFile(t, 'output'), {}, failures),
  };
  const env = readFileCommand(
    files.GITHUB_ENV!,
    'env',
    (t) => parseKeyValueFile(t, 'environment variable'),
    {},
    failures,
  );
  const state = {
    ...reader.state,
    ...readFileCommand(files.GITHUB_STATE!, 'state', (t) => parseKeyValueFile(t, 'state'), {}, failures),
  };
  const path = readFileCommand(files.GITHUB_PATH!, 'path', parsePathFile, [], failures);
  const annotations = [...reader.annotations];
  for (const failure of failures.slice(reader.failures.length)) {
    annotations.push({ level: 'error', message: failure, source: 'runner' });
  }
  if (timedOut) annotations.push({ level: 'error', message: 'The action has timed out.', source: 'runner' });
  const summary = readFileCommand(files.GITHUB_STEP_SUMMARY!, 'step_summary', (t) => t, '', failures);
  const summaryBytes = Buffer.byteLength(summary);
  if (summaryBytes > SUMMARY_LIMIT) {
    const message = `$GITHUB_STEP_SUMMARY upload aborted, supports content up to a size of 1024k, got ${Math.floor(summaryBytes / 1024)}k.`;
    annotations.push({ level: 'error', message, source: 'runner' });
  }
  return {
    exitCode,
    signal,
    timedOut,
    outcome: exitCode === 0 && !timedOut && failures.length === 0 ? 'success' : 'failure',
    stdout: stdout.join(''),
    stderr: stderr.join(''),
    log: reader.log,
    outputs,
    env,
    path,
    state,
    summary,
    annotations,
    masks: reader.masks,
    debug: reader.debug,
  };
}
