import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readActionMetadata, resolveActionDir, type ActionMetadata } from '../action-metadata.js';
import { applyOverrides, inputEnvironment, profileDefaults, pushEvent, type RunnerProfile } from './env.js';
import { prependPath } from './file-commands.js';
import { nodeBinary, type NodeRuntime } from './node-binary.js';
import { stageRuns, type JobStatus } from './step-condition.js';
import { runStage, type StageResult } from './run-stage.js';
import type { Annotation } from './workflow-commands.js';

export interface SimulateStepOptions {
  /** The action's name (`hello-world`), its folder relative to the repository root, or an absolute folder. */
  action: string;
  /** The step's `with:`; booleans and numbers are passed as YAML would (`true` -> "true"). */
  inputs?: Readonly<Record<string, string | number | boolean>>;
  /**
   * Variables on top of the runner's defaults (the job's and step's `env:`); `undefined` removes a default, the
   * file-command variables too (`GITHUB_STEP_SUMMARY: undefined`: a runner that gives no summary file).
   */
  env?: Readonly<Record<string, string | undefined>>;
  /** Whose environment the step gets: a GitHub-hosted runner's (default) or act's (see actDefaults). */
  runner?: RunnerProfile;
  /** Which Node runs the bundles; defaults to action.yml's `runs.using`. */
  node?: NodeRuntime;
  /** GITHUB_WORKSPACE, and the working directory unless `cwd` is given; defaults to a fresh temporary folder. */
  workspace?: string;
  /** The processes' working directory; the runner uses the workspace. */
  cwd?: string;
  /** The value of `${{ github.token }}` in input defaults. */
  token?: string;
  /** Per stage (pre, main, post); then the process is cancelled as the runner cancels it. Default 30 s. */
  timeoutMs?: number;
  /**
   * Start each stage's timeout only once the process has printed this whole line on stdout. The runner starts it
   * with the process; a test of the cancellation itself sets this so the timeout cannot reach the process before
   * the handlers it tests are in place (Node's start-up alone can outlast a short timeout on a loaded machine).
   * A stage that never prints the line is not timed out.
   */
  timeoutStartsAfterLine?: string;
  /** Run the post stage when action.yml has one (default true). */
  post?: boolean;
  /** Called between main and post, e.g. to look at files main wrote before post removes them. */
  beforePost?: (main: StageResult) => void | Promise<void>;
}
export interface StepResult extends StageResult {
  pre?: StageResult;
  post?: StageResult;
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
  const jobEnv = applyOverrides(profileDefaults(options.runner ?? 'github-hosted', dirs), options.env);
  const removed = Object.keys(options.env ?? {}).filter((name) => options.env?.[name] === undefined);
  writeFileSync(dirs.eventPath, JSON.stringify(pushEvent(jobEnv)));
  const inputs = inputEnvironment(metadata.inputs, options.inputs ?? {}, jobEnv, options.token ?? '');
  const runnerWarnings: Annotation[] = inputs.warnings.map((message) => ({
    level: 'warning',
    message,
    source: 'runner',
  }));

  const cwd = options.cwd ?? jobEnv.GITHUB_WORKSPACE ?? dirs.workspace;
  const timeoutMs = options.timeoutMs ?? 30_000;
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
      timeoutStartsAfterLine: options.timeoutStartsAfterLine,
      files: join(root, 'file-commands', name),
      inheritedMasks: masks,
      removed,
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
    await options.beforePost?.(mainResult);
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
