import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { ConfigurationError } from '@aws-delivery/action-kit';
import { baselineContains, FindingsFormatError, parseBaseline, type Finding } from '@aws-delivery/findings';
import type { Inputs } from '../inputs.js';
import { evaluate, type Evaluation } from '../policy/evaluate.js';
import type { TfsecGatePolicy } from '../policy/gate-policy.js';
import { mergePolicy } from '../policy/merge-policy.js';
import { policyInputs, type RunSettings } from '../settings.js';
import { inlineIgnoresUnder } from './terraform-sources.js';

function readBaseline(path: string, workspace: string) {
  const full = isAbsolute(path) ? path : join(workspace, path);
  if (!existsSync(full)) {
    throw new ConfigurationError(
      `The baseline file ${JSON.stringify(path)} does not exist. Fix: create it with write-baseline: ${path} on the default branch, or remove baseline-file.`,
      'baseline-file',
    );
  }
  try {
    return parseBaseline(readFileSync(full, 'utf8'), path);
  } catch (error) {
    if (error instanceof FindingsFormatError) throw new ConfigurationError(`${error.message}.`, 'baseline-file');
    throw error;
  }
}

/** The policy file, when there is one; its YAML parser is loaded only then (a chunk of its own in the bundle). */
async function readPolicyFile(path: string, name: string) {
  if (!existsSync(path)) return undefined;
  const { parsePolicyFile } = await import('../policy/policy-file.js');
  return parsePolicyFile(readFileSync(path, 'utf8'), name);
}

/** The merged policy and the gate's decision. */
export async function policyStep(
  inputs: Inputs,
  settings: RunSettings,
  findings: Finding[],
  today: string,
): Promise<{ policy: TfsecGatePolicy; evaluation: Evaluation }> {
  const file = await readPolicyFile(settings.policyFile, inputs['policy-file']);
  const policy = mergePolicy(policyInputs(inputs), file);
  const baseline = policy.baselineFile ? readBaseline(policy.baselineFile, settings.workspace) : undefined;
  const ignores = existsSync(settings.scanDir)
    ? inlineIgnoresUnder(settings.scanDir, settings.workspace, inputs['exclude-paths'])
    : [];
  const evaluation = evaluate(findings, { policy, ignores, isInBaseline: baselineContains(baseline), today });
  return { policy, evaluation };
}
