import { isAbsolute, join, relative, resolve } from 'node:path';
import type { Severity } from '@aws-delivery/findings';
import type { Inputs } from './inputs.js';
import { checkVersion } from './install/release-assets.js';
import type { PolicyInputs } from './policy/merge-policy.js';
import { DEFAULT_VERSIONS } from './scan/scanner.js';

/** Paths and choices derived from the inputs and the runner's environment (pure). */
export interface RunSettings {
  workspace: string;
  scanDir: string;
  /** scanDir relative to the workspace, `.` for the workspace itself. */
  scanned: string;
  outputDir: string;
  version: string;
  cacheRoot: string;
  policyFile: string;
}

export function runSettings(inputs: Inputs, env: NodeJS.ProcessEnv, tmp: string): RunSettings {
  const workspace = resolve(env.GITHUB_WORKSPACE || process.cwd());
  const inWorkspace = (path: string) => (isAbsolute(path) ? path : join(workspace, path));
  const scanDir = inWorkspace(inputs['working-directory']);
  return {
    workspace,
    scanDir,
    scanned: relative(workspace, scanDir).replace(/\\/g, '/') || '.',
    outputDir: inWorkspace(inputs['output-dir']),
    version: checkVersion(inputs['scanner-version'] || DEFAULT_VERSIONS[inputs.scanner]),
    cacheRoot: env.RUNNER_TOOL_CACHE || join(env.RUNNER_TEMP || tmp, 'tool-cache'),
    policyFile: inWorkspace(inputs['policy-file']),
  };
}

export function policyInputs(inputs: Inputs): PolicyInputs {
  const maxCounts: Partial<Record<Severity, number>> = {};
  for (const severity of ['critical', 'high', 'medium', 'low'] as const) {
    const value = inputs[`max-${severity}`];
    if (value !== undefined) maxCounts[severity] = value;
  }
  return {
    ...(inputs['fail-on'] ? { failOn: inputs['fail-on'] } : {}),
    ...(inputs['report-threshold'] ? { reportThreshold: inputs['report-threshold'] } : {}),
    maxCounts,
    ...(inputs['baseline-file'] ? { baselineFile: inputs['baseline-file'] } : {}),
    ...(inputs['fail-on-expired'] !== undefined ? { failOnExpired: inputs['fail-on-expired'] } : {}),
    ...(inputs['require-ignore-expiry'] !== undefined ? { requireIgnoreExpiry: inputs['require-ignore-expiry'] } : {}),
    workspace: inputs['terraform-workspace'],
  };
}
