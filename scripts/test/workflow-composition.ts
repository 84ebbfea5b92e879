// Checks that the workflows compose: every `with:` key is an input of the action or reusable workflow it calls,
// required inputs are given, `steps.X.outputs.Y` and `needs.X.outputs.Y` name real outputs, and a job that reaches
// AWS by OIDC has `id-token: write`. Our own actions and reusable workflows are resolved from this repository,
// whether named `my-org/aws-delivery-actions/...@ref` or by a `./` path; other actions are not checked.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const REPO = 'my-org/aws-delivery-actions/';

type Map = Record<string, unknown>;
interface Callee {
  inputs: Map;
  outputs: string[];
  needsOidc: boolean;
}
/**
 * Actions that reach AWS, so a job using them gets its credentials by OIDC (assume-role) and needs id-token: write.
 * docker-build-push counts even though a non-ECR registry needs no AWS: every use here pushes to ECR.
 */
const AWS_ACTIONS = new Set(['assume-role', 'eks-deploy', 'chaos-experiment', 'docker-build-push']);

function asMap(value: unknown): Map {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Map) : {};
}

/** The repository-relative path a `uses:` of ours points at, or undefined for someone else's action. */
function localPath(uses: string): string | undefined {
  const bare = uses.split('@')[0] ?? '';
  if (bare.startsWith('./')) return bare.slice(2);
  if (bare.startsWith(REPO)) return bare.slice(REPO.length);
  return undefined;
}

function actionName(uses: string): string | undefined {
  return /^actions\/([a-z0-9-]+)$/.exec(localPath(uses) ?? '')?.[1];
}

/** Inputs and outputs of what a step or job calls, read from this repository; undefined when it is not ours. */
export function resolveCallee(root: string, uses: string, read = readYaml): Callee | undefined {
  const path = localPath(uses);
  if (path === undefined) return undefined;
  if (path.startsWith('.github/workflows/')) {
    const workflow = read(root, path);
    const call = asMap(asMap(asMap(workflow).on).workflow_call);
    return {
      inputs: asMap(call.inputs),
      outputs: Object.keys(asMap(call.outputs)),
      needsOidc: Object.values(asMap(asMap(workflow).jobs)).some((job) => grants(asMap(job).permissions)),
    };
  }
  const metadata = asMap(read(root, join(path, 'action.yml')));
  return {
    inputs: asMap(metadata.inputs),
    outputs: Object.keys(asMap(metadata.outputs)),
    needsOidc: AWS_ACTIONS.has(actionName(uses) ?? ''),
  };
}

function readYaml(root: string, path: string): unknown {
  const file = join(root, path);
  if (!existsSync(file)) throw new Error(`${path} does not exist`);
  return parse(readFileSync(file, 'utf8'));
}

function grants(permissions: unknown): boolean {
  return permissions === 'write-all' || asMap(permissions)['id-token'] === 'write';
}

function isRequired(spec: unknown): boolean {
  const s = asMap(spec);
  return s.required === true && s.default === undefined;
}

/** Every string in a value, walked deeply. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

function references(value: unknown, scope: 'steps' | 'needs'): [string, string][] {
  return strings(value).flatMap((text) =>
    [...text.matchAll(new RegExp(`\\b${scope}\\.([A-Za-z0-9_-]+)\\.outputs\\.([A-Za-z0-9_-]+)`, 'g'))].map(
      (m) => [m[1] ?? '', m[2] ?? ''] as [string, string],
    ),
  );
}

function withProblems(where: string, uses: string, given: unknown, callee: Callee): string[] {
  const keys = Object.keys(asMap(given));
  return [
    ...keys.filter((k) => !(k in callee.inputs)).map((k) => `${where}: with: ${k} is not an input of ${uses}`),
    ...Object.entries(callee.inputs)
      .filter(([k, spec]) => isRequired(spec) && !keys.includes(k))
      .map(([k]) => `${where}: the required input ${k} of ${uses} is missing`),
  ];
}

/** Every composition problem of one parsed workflow; `file` names it in the messages. */
export function compositionProblems(root: string, file: string, workflow: unknown, read = readYaml): string[] {
  const top = asMap(workflow);
  const jobs = asMap(top.jobs);
  const problems: string[] = [];
  const jobOutputs = new Map<string, string[]>();
  for (const [id, raw] of Object.entries(jobs)) {
    const job = asMap(raw);
    const callee = typeof job.uses === 'string' ? resolveCallee(root, job.uses, read) : undefined;
    jobOutputs.set(id, callee ? callee.outputs : Object.keys(asMap(job.outputs)));
  }
  for (const [id, raw] of Object.entries(jobs)) {
    const job = asMap(raw);
    const where = `${file}: jobs.${id}`;
    const oidc = grants(job.permissions ?? top.permissions);
    let needsOidc = false;
    if (typeof job.uses === 'string') {
      const callee = resolveCallee(root, job.uses, read);
      if (callee) {
        problems.push(...withProblems(where, job.uses, job.with, callee));
        needsOidc ||= callee.needsOidc;
      }
    }
    const stepOutputs = new Map<string, string[] | undefined>();
    const steps = Array.isArray(job.steps) ? job.steps.map(asMap) : [];
    steps.forEach((step, n) => {
      const uses = typeof step.uses === 'string' ? step.uses : undefined;
      const callee = uses ? resolveCallee(root, uses, read) : undefined;
      if (typeof step.id === 'string') stepOutputs.set(step.id, callee?.outputs);
      if (uses && callee) {
        problems.push(...withProblems(`${where}.steps[${n}]`, uses, step.with, callee));
        needsOidc ||= callee.needsOidc;
      }
    });
    for (const [step, output] of references(job, 'steps')) {
      if (!stepOutputs.has(step)) problems.push(`${where}: steps.${step} is not a step of this job`);
      const known = stepOutputs.get(step);
      if (known && !known.includes(output)) problems.push(`${where}: steps.${step} has no output ${output}`);
    }
    for (const [other, output] of references(job, 'needs')) {
      const known = jobOutputs.get(other);
      if (!known) problems.push(`${where}: needs.${other} is not a job of this workflow`);
      else if (!known.includes(output)) problems.push(`${where}: needs.${other} has no output ${output}`);
    }
    if (needsOidc && !oidc) problems.push(`${where}: calls AWS by OIDC but lacks permissions id-token: write`);
  }
  for (const [name, spec] of Object.entries(asMap(asMap(asMap(top.on).workflow_call).outputs))) {
    for (const m of strings(asMap(spec).value).flatMap((t) => [
      ...t.matchAll(/\bjobs\.([\w-]+)\.outputs\.([\w-]+)/g),
    ])) {
      const known = jobOutputs.get(m[1] ?? '');
      if (!known?.includes(m[2] ?? ''))
        problems.push(`${file}: output ${name} reads jobs.${m[1]}.outputs.${m[2]}, which does not exist`);
    }
  }
  return problems;
}
