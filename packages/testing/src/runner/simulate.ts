import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readActionMetadata, resolveActionDir, type ActionMetadata } from '../action-metadata.js';
import { applyOverrides, inputEnvironment, pushEvent, runnerDefaults } from './env.js';
import { FileCommandError, parseKeyValueFile, parsePathFile, prependPath } from './file-commands.js';
import { nodeBinary, type NodeRuntime } from './node-binary.js';
import { stageRuns, type JobStatus } from './step-condition.js';
import { WorkflowCommandReader, type Annotation, type LogLine } from './workflow-commands.js';

export interface SimulateStepOptions {
  /** The action's name (`hello-world`), its folder relative to the repository root, or an absolute folder. */
  action: string;
  /** The step's `with:`; booleans and numbers are passed as YAML would (`true` -> "true"). */
  inputs?: Readonly<Record<string, string | number | boolean>>;
  /** Variables on top of the runner's defaults (the job's and step's `env:`); `undefined` removes a default. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Which Node runs the bundles; defaults to action.yml's `runs.using`. */
  node?: NodeRuntime;
  /** GITHUB_WORKSPACE, and the working directory unless `cwd` is given; defaults to a fresh temporary folder. */
  workspace?: string;
  /** The processes' working directory; the runner uses the workspace. */
  cwd?: string;
  /** The value of `${{ github.token }}` in input defaults. */
  token?: string;
  /** Per stage (pre, main, post): then the process is cancelled as the runner cancels it. Default 60 s. */
  timeoutMs?: number;
  /** Run the post stage when action.yml has one (default true). */
  post?: boolean;
}

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

export interface StepResult extends StageResult {
  pre?: StageResult;
  post?: StageResult;
}

/** The runner's kill sequence on cancellation: SIGINT, then SIGTERM after 7.5 s, then SIGKILL after 2.5 s more. */
const CANCEL_SEQUENCE: readonly [NodeJS.Signals, number][] = [
  ['SIGINT', 0],
  ['SIGTERM', 7_500],
  ['SIGKILL', 10_000],
];

/** The runner refuses a step summary larger than this and says so in an error annotation. */
const SUMMARY_LIMIT = 1024 * 1024;

interface Stage {
  script: string;
  env: Record<string, string>;
  cwd: string;
  node: string;
  timeoutMs: number;
  files: string;
  inheritedMasks: readonly string[];
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

function readFileCommand<T>(path: string, parse: (text: string) => T, empty: T, failures: string[]): T {
  try {
    return parse(readFileSync(path, 'utf8'));
  } catch (error) {
    if (!(error instanceof FileCommandError)) throw error;
    failures.push(error.message);
    return empty;
  }
}

/** Runs one bundle the way the runner's node handler does and reads everything it left behind. */
async function runStage(stage: Stage): Promise<StageResult> {
  const files = fileCommandPaths(stage.files);
  const reader = new WorkflowCommandReader(stage.inheritedMasks);
  const stdout: string[] = [];
  const stderr: string[] = [];
  const child = spawn(stage.node, [stage.script], {
    cwd: stage.cwd,
    env: { ...stage.env, ...files },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout.push(chunk);
    reader.write('stdout', chunk);
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
  let timedOut = false;
  const timers: NodeJS.Timeout[] = [];
  const deadline = setTimeout(() => {
    timedOut = true;
    for (const [signal, after] of CANCEL_SEQUENCE) {
      timers.push(setTimeout(() => child.exitCode === null && child.signalCode === null && child.kill(signal), after));
    }
  }, stage.timeoutMs);
  const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((done, fail) => {
    child.on('error', fail);
    child.on('close', (code, sig) => done([code, sig]));
  }).finally(() => {
    clearTimeout(deadline);
    for (const timer of timers) clearTimeout(timer);
  });
  reader.end();

  const failures = [...reader.failures];
  const outputs = { ...reader.outputs, ...readFileCommand(files.GITHUB_OUTPUT!, (t) => parseKeyValueFile(t, 'output'), {}, failures) };
  const env = readFileCommand(files.GITHUB_ENV!, (t) => parseKeyValueFile(t, 'environment variable'), {}, failures);
  const state = { ...reader.state, ...readFileCommand(files.GITHUB_STATE!, (t) => parseKeyValueFile(t, 'state'), {}, failures) };
  const path = readFileCommand(files.GITHUB_PATH!, parsePathFile, [], failures);
  const annotations = [...reader.annotations];
  for (const failure of failures.slice(reader.failures.length)) {
    annotations.push({ level: 'error', message: `Unable to process file command successfully. ${failure}`, source: 'runner' });
  }
  if (timedOut) annotations.push({ level: 'error', message: 'The action has timed out.', source: 'runner' });
  const summaryFile = files.GITHUB_STEP_SUMMARY!;
  const summary = readFileSync(summaryFile, 'utf8');
  if (statSync(summaryFile).size > SUMMARY_LIMIT) {
    annotations.push({
      level: 'error',
      message: `$GITHUB_STEP_SUMMARY upload aborted, supports content up to a size of 1024k, got ${Math.floor(statSync(summaryFile).size / 1024)}k.`,
      source: 'runner',
    });
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

function entryScript(actionDir: string, metadata: ActionMetadata, key: 'main' | 'pre' | 'post'): string {
  const script = resolve(actionDir, metadata.runs[key] ?? '');
  if (!existsSync(script)) {
    const name = actionDir.split('/').pop();
    throw new Error(
      `runs.${key} of ${join(actionDir, 'action.yml')} is ${metadata.runs[key]}, but ${script} does not exist. ` +
        `Build it: node scripts/build.mjs --action ${name} --skip-typecheck`,
    );
  }
  return script;
}

function nodeRuntime(metadata: ActionMetadata, actionDir: string, wanted: NodeRuntime | undefined): NodeRuntime {
  const using = metadata.runs.using;
  if (using !== 'node20' && using !== 'node24') {
    throw new Error(
      `simulateStep runs node actions only; ${join(actionDir, 'action.yml')} has runs.using: ${JSON.stringify(using)}.`,
    );
  }
  return wanted ?? using;
}

/**
 * Runs an action's bundles as a GitHub runner runs a node action's step: pre (when declared), main, then post
 * (when declared) with main's state as STATE_<name>, main's exported variables and PATH additions, and each
 * stage's own fresh file-command files. Nothing from the test process's INPUT_*, GITHUB_* or other variables
 * reaches the action beyond PATH, HOME and the locale.
 *
 * The runner's folders (RUNNER_TEMP, the default workspace, the file-command files) live in a temporary folder
 * that is removed when the step ends. A test that inspects files the action leaves behind passes `workspace`, or
 * `env: { RUNNER_TEMP: dir }`, with a folder of its own.
 */
export async function simulateStep(options: SimulateStepOptions): Promise<StepResult> {
  const actionDir = resolveActionDir(options.action);
  const metadata = readActionMetadata(actionDir);
  const node = nodeBinary(nodeRuntime(metadata, actionDir, options.node));
  const main = entryScript(actionDir, metadata, 'main');
  const pre = metadata.runs.pre ? entryScript(actionDir, metadata, 'pre') : undefined;
  const post = metadata.runs.post && options.post !== false ? entryScript(actionDir, metadata, 'post') : undefined;

  const root = mkdtempSync(join(tmpdir(), `simulate-${actionDir.split('/').pop()}-`));
  const dirs = {
    workspace: options.workspace ?? join(root, 'workspace'),
    temp: join(root, 'temp'),
    toolCache: join(root, 'tool-cache'),
    eventPath: join(root, 'event.json'),
  };
  for (const dir of [dirs.workspace, dirs.temp, dirs.toolCache]) mkdirSync(dir, { recursive: true });
  const jobEnv = applyOverrides(runnerDefaults(dirs), options.env);
  writeFileSync(dirs.eventPath, JSON.stringify(pushEvent(jobEnv)));
  const inputs = inputEnvironment(metadata.inputs, options.inputs ?? {}, jobEnv, options.token ?? '');
  const runnerWarnings: Annotation[] = inputs.warnings.map((message) => ({ level: 'warning', message, source: 'runner' }));

  const cwd = options.cwd ?? jobEnv.GITHUB_WORKSPACE ?? dirs.workspace;
  const timeoutMs = options.timeoutMs ?? 60_000;
  let exported: Record<string, string> = {};
  let added: string[] = [];
  let masks: string[] = [];
  let status: JobStatus = 'success';
  const stage = async (script: string, name: string, state: Record<string, string> = {}): Promise<StageResult> => {
    const stateEnv = Object.fromEntries(Object.entries(state).map(([key, value]) => [`STATE_${key}`, value]));
    const env = { ...jobEnv, ...exported, ...stateEnv, ...inputs.variables };
    if (added.length > 0) env.PATH = prependPath(added, env.PATH);
    const result = await runStage({
      script,
      env,
      cwd,
      node,
      timeoutMs,
      files: join(root, 'file-commands', name),
      inheritedMasks: masks,
    });
    exported = { ...exported, ...result.env };
    added = [...added.filter((p) => !result.path.includes(p)), ...result.path];
    masks = [...masks, ...result.masks];
    if (result.outcome === 'failure') status = 'failure';
    return result;
  };

  try {
    const preResult = pre && stageRuns(metadata.runs['pre-if'], status) ? await stage(pre, 'pre') : undefined;
    const mainResult = await stage(main, 'main');
    mainResult.annotations.unshift(...runnerWarnings);
    const postResult =
      post && stageRuns(metadata.runs['post-if'], status) ? await stage(post, 'post', mainResult.state) : undefined;
    return {
      ...mainResult,
      ...(preResult ? { pre: preResult } : {}),
      ...(postResult ? { post: postResult } : {}),
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
