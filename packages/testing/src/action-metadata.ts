import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** The repository root: packages/testing/src is three levels below it. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** One input as action.yml declares it, every scalar kept as the text written there (what the runner sees). */
export interface DeclaredInput {
  description?: string;
  required?: string;
  default?: string;
  deprecationMessage?: string;
}

/** The parts of action.yml the simulator and the checks use; scalars are strings exactly as written. */
export interface ActionMetadata {
  name?: string;
  description?: string;
  inputs: Record<string, DeclaredInput>;
  outputs: Record<string, { description?: string; value?: string }>;
  runs: Record<string, string | undefined>;
}

/**
 * The folder of an action: an absolute path, a path relative to the repository root (`actions/hello-world`), or
 * just the action's name (`hello-world`).
 */
export function resolveActionDir(actionDir: string): string {
  if (isAbsolute(actionDir)) return actionDir;
  const underRoot = resolve(repoRoot, actionDir);
  if (existsSync(join(underRoot, 'action.yml'))) return underRoot;
  const byName = join(repoRoot, 'actions', actionDir);
  if (!actionDir.includes('/') && existsSync(join(byName, 'action.yml'))) return byName;
  return underRoot;
}

function record(value: unknown, where: string): Record<string, unknown> {
  if (value === undefined || value === null || value === '') return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new Error(`${where} must be a mapping`);
  return value as Record<string, unknown>;
}

/**
 * Reads actions/<name>/action.yml with YAML's failsafe schema, so `default: false` is the string "false" and
 * `default: 1.0` stays "1.0": the runner passes the text as written, never a re-printed number or boolean.
 */
export function readActionMetadata(actionDir: string): ActionMetadata {
  const dir = resolveActionDir(actionDir);
  const file = join(dir, 'action.yml');
  if (!existsSync(file)) throw new Error(`No action.yml in ${dir}. Every action folder needs one.`);
  const doc = record(parse(readFileSync(file, 'utf8'), { schema: 'failsafe' }), file);
  const inputs: Record<string, DeclaredInput> = {};
  for (const [name, value] of Object.entries(record(doc.inputs, `${file}: inputs`))) {
    inputs[name] = record(value, `${file}: inputs.${name}`) as DeclaredInput;
  }
  const outputs: ActionMetadata['outputs'] = {};
  for (const [name, value] of Object.entries(record(doc.outputs, `${file}: outputs`))) {
    outputs[name] = record(value, `${file}: outputs.${name}`) as { description?: string };
  }
  return {
    ...(typeof doc.name === 'string' ? { name: doc.name } : {}),
    ...(typeof doc.description === 'string' ? { description: doc.description } : {}),
    inputs,
    outputs,
    runs: record(doc.runs, `${file}: runs`) as Record<string, string | undefined>,
  };
}

/** The names of the outputs action.yml declares, in the order written. */
export function actionOutputs(actionDir: string): string[] {
  return Object.keys(readActionMetadata(actionDir).outputs);
}

/** The part of an action-kit input spec that action.yml must agree with. */
export interface DeclaredInputSpec {
  readonly required: boolean;
  readonly default?: string;
}

/**
 * Compares action.yml's inputs with the action's input spec (`actions/<name>/src/inputs.ts`) both ways and throws
 * one error listing every disagreement: an input read but not declared, declared but never read, a different
 * `required`, or a different `default`. Values are compared as text; no default and an empty default are the same
 * thing to the runner and to `readInputs`, so they compare equal.
 */
export function checkActionInputs(actionDir: string, spec: Readonly<Record<string, DeclaredInputSpec>>): void {
  const declared = readActionMetadata(actionDir).inputs;
  const file = join(resolveActionDir(actionDir), 'action.yml');
  const problems: string[] = [];
  for (const name of Object.keys(spec)) {
    if (!(name in declared)) {
      problems.push(`input "${name}" is read by the input spec but not declared in action.yml: add it under inputs:`);
    }
  }
  for (const name of Object.keys(declared)) {
    if (!(name in spec)) {
      problems.push(`input "${name}" is declared in action.yml but not in the input spec: read it or remove it`);
    }
  }
  for (const [name, input] of Object.entries(declared)) {
    const wanted = spec[name];
    if (!wanted) continue;
    const required = input.required ?? 'false';
    if (required !== String(wanted.required)) {
      problems.push(
        `input "${name}": action.yml has required: ${JSON.stringify(required)}, the spec has required: ${wanted.required}`,
      );
    }
    const ymlDefault = input.default ?? '';
    const specDefault = wanted.default ?? '';
    if (ymlDefault !== specDefault) {
      problems.push(
        `input "${name}": action.yml has default ${JSON.stringify(ymlDefault)}, the spec has default ${JSON.stringify(specDefault)}`,
      );
    }
  }
  if (problems.length > 0) {
    throw new Error(
      `${file} and the input spec disagree (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n- ${problems.join('\n- ')}`,
    );
  }
}
