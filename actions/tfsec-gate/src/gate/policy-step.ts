import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { ConfigurationError } from '@aws-delivery/action-kit';
import {
  baselineContains,
  FindingsFormatError,
  parseBaseline,
  type Baseline,
  type Finding,
} from '@aws-delivery/findings';
import type { Config } from '../config.js';
import { evaluate, type Evaluation } from '../policy/evaluate.js';
import type { TfsecGatePolicy } from '../policy/gate-policy.js';
import { mergePolicy } from '../policy/merge-policy.js';
import { inlineIgnoresUnder } from './terraform-sources.js';

/** The merged policy and the baseline it names, read and checked before anything is scanned. */
export interface LoadedPolicy {
  policy: TfsecGatePolicy;
  baseline?: Baseline;
}

function readBaseline(path: string, workspace: string): Baseline {
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

/** The policy file merged with the policy inputs, and the baseline: every mistake in them is found before the scan. */
export async function loadPolicy(config: Config): Promise<LoadedPolicy> {
  const file = await readPolicyFile(config.policy.file, config.policy.name);
  const policy = mergePolicy(config.policy.inputs, file);
  return policy.baselineFile ? { policy, baseline: readBaseline(policy.baselineFile, config.workspace) } : { policy };
}

/** The gate's decision on the findings, with the inline ignores of the scanned directory. */
export function policyStep(config: Config, loaded: LoadedPolicy, findings: Finding[], today: string): Evaluation {
  const ignores = existsSync(config.scanDir)
    ? inlineIgnoresUnder(config.scanDir, config.workspace, config.excludePaths)
    : [];
  return evaluate(findings, {
    policy: loaded.policy,
    ignores,
    isInBaseline: baselineContains(loaded.baseline),
    today,
  });
}
