/** The inputs as one checked configuration: where findings come from, the policy, where reports go. Pure. */
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { ConfigurationError, confinedPath, type InputValues } from '@aws-delivery/action-kit';
import { validateAccountId, validateRegion } from '@aws-delivery/aws/names';
import type { SeverityLimits } from '@aws-delivery/findings';
import type { inputSpec } from './inputs.js';
import { checkPinnedSha256, checkVersion } from './install/release-assets.js';
import type { ResultFormat } from './parse/result-formats.js';
import type { PolicyInputs } from './policy/merge-policy.js';
import { DEFAULT_VERSIONS, type Scanner } from './scan/scanner.js';

/** A report the workflow already has: read, not scanned. */
export interface ResultsFile {
  kind: 'results-file';
  /** Absolute. */
  path: string;
  /** As given, for messages. */
  name: string;
  format: ResultFormat;
}

/** The scanner, installed (or taken from scanner-path) and run here. */
export interface ScannerRun {
  kind: 'scanner';
  scanner: Scanner;
  /** An exact release, without the `v`. */
  version: string;
  format: 'tfsec-json' | 'trivy-json';
  /** A preinstalled executable, used as it is (nothing downloaded). */
  scannerPath?: string;
  pinnedSha256?: string;
  /** A mirror of the release downloads (`download-url`). */
  mirror?: string;
  /** The tool cache the scanner is installed into. */
  cacheRoot: string;
  /** Where each run makes (and removes) the folder the scanner writes its report into. */
  tempRoot: string;
  tfvarsFiles: string[];
  configFile?: string;
  extraArgs: string[];
  terraformWorkspace: string;
}

export interface Config {
  /** The checkout, absolute. */
  workspace: string;
  /** The directory scanned (and searched for inline ignores), absolute. */
  scanDir: string;
  /** `working-directory` as given, for messages. */
  workingDirectory: string;
  /** scanDir relative to the workspace, `.` for the workspace itself: what the reports name. */
  scanned: string;
  source: ResultsFile | ScannerRun;
  /** Path globs whose findings and inline ignores are left out. */
  excludePaths: string[];
  policy: {
    /** The policy file, absolute; a missing file is no policy file. */
    file: string;
    /** As given, for messages. */
    name: string;
    /** The policy inputs, which win over the file. */
    inputs: PolicyInputs;
  };
  /** Where the reports are written, absolute. */
  outputDir: string;
  /** Where to write a new baseline of today's findings, absolute, when asked. */
  writeBaseline?: string;
  /** Where ASFF goes when a region is known: the account is the input, or the caller's when importing. */
  asff?: { region: string; accountId?: string };
  securityHubImport: boolean;
  /** The PR comment, when asked for; an empty token means none was given. */
  prComment?: { token: string; apiUrl: string; runUrl?: string };
  proxy?: string;
  /** Each request's limit per attempt (the `request-timeout-seconds` input): downloads, STS, Security Hub. */
  requestTimeoutMs: number;
}

type Inputs = InputValues<typeof inputSpec>;
type Env = Record<string, string | undefined>;

function source(inputs: Inputs, env: Env, inWorkspace: (input: string, path: string) => string): Config['source'] {
  // A scanner-version that is not an exact release is refused whether or not the scanner runs.
  const version = checkVersion(inputs['scanner-version'] || DEFAULT_VERSIONS[inputs.scanner]);
  const resultsFile = inputs['results-file'];
  if (resultsFile) {
    return {
      kind: 'results-file',
      path: inWorkspace('results-file', resultsFile),
      name: resultsFile,
      format: inputs['results-format'],
    };
  }
  const tempRoot = env.RUNNER_TEMP || tmpdir();
  return {
    kind: 'scanner',
    scanner: inputs.scanner,
    version,
    format: inputs.scanner === 'tfsec' ? 'tfsec-json' : 'trivy-json',
    ...(inputs['scanner-path'] ? { scannerPath: inputs['scanner-path'] } : {}),
    ...(inputs['scanner-sha256'] ? { pinnedSha256: checkPinnedSha256(inputs['scanner-sha256']) } : {}),
    ...(inputs['download-url'] ? { mirror: checkMirror(inputs['download-url']) } : {}),
    cacheRoot: env.RUNNER_TOOL_CACHE || join(tempRoot, 'tool-cache'),
    tempRoot,
    tfvarsFiles: inputs['tfvars-files'],
    ...(inputs['config-file'] ? { configFile: inputs['config-file'] } : {}),
    extraArgs: inputs['extra-args'],
    terraformWorkspace: inputs['terraform-workspace'],
  };
}

/** `download-url`: an http(s) URL, checked before anything is downloaded from it. */
function checkMirror(value: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value.trim().replace(/\{version\}/g, '0.0.0'));
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new ConfigurationError(
      `Input "download-url" has the value ${JSON.stringify(value)}, but it must be an http(s) URL of a mirror of the release downloads. Fix: give one such as https://mirror.example.com/tfsec/v{version}.`,
      'download-url',
    );
  }
  return value;
}

/** The policy inputs as read: unset where the workflow left them empty, so that the policy file can set them. */
function policyInputs(inputs: Inputs): PolicyInputs {
  const maxCounts: SeverityLimits = {};
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

/** The region (input, else AWS_REGION) and the account ASFF names; importing needs a region. */
function asff(inputs: Inputs, env: Env): Config['asff'] {
  const region = inputs['aws-region'] || env.AWS_REGION || env.AWS_DEFAULT_REGION || '';
  if (!region) {
    if (inputs['security-hub-import']) {
      throw new ConfigurationError(
        'security-hub-import is true but no region is known. Fix: set aws-region (or AWS_REGION).',
        'aws-region',
      );
    }
    return undefined;
  }
  return {
    region: validateRegion(region, 'aws-region'),
    ...(inputs['aws-account-id'] ? { accountId: validateAccountId(inputs['aws-account-id'], 'aws-account-id') } : {}),
  };
}

function prComment(inputs: Inputs, env: Env): Config['prComment'] {
  if (!inputs['pr-comment']) return undefined;
  // Outside a runner the default `${{ github.token }}` arrives unexpanded: that is no token.
  const token = inputs['github-token'].includes('${{') ? '' : inputs['github-token'];
  const runUrl =
    env.GITHUB_SERVER_URL && env.GITHUB_RUN_ID
      ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
      : undefined;
  return { token, apiUrl: env.GITHUB_API_URL || 'https://api.github.com', ...(runUrl ? { runUrl } : {}) };
}

export function buildConfig(inputs: Inputs, env: Env): Config {
  const workspace = resolve(env.GITHUB_WORKSPACE || '.');
  // Every path input stays in the workspace or RUNNER_TEMP (symbolic links followed): a report or baseline written
  // elsewhere could overwrite the runner's files.
  const inWorkspace = (input: string, path: string) =>
    confinedPath(input, path, { ...env, GITHUB_WORKSPACE: workspace });
  const scanDir = inWorkspace('working-directory', inputs['working-directory']);
  const findingsSource = source(inputs, env, inWorkspace);
  const asffTarget = asff(inputs, env);
  const comment = prComment(inputs, env);
  return {
    workspace,
    scanDir,
    workingDirectory: inputs['working-directory'],
    scanned: relative(workspace, scanDir).replace(/\\/g, '/') || '.',
    source: findingsSource,
    excludePaths: inputs['exclude-paths'],
    policy: {
      file: inWorkspace('policy-file', inputs['policy-file']),
      name: inputs['policy-file'],
      inputs: policyInputs(inputs),
    },
    outputDir: inWorkspace('output-dir', inputs['output-dir']),
    ...(inputs['write-baseline'] ? { writeBaseline: inWorkspace('write-baseline', inputs['write-baseline']) } : {}),
    ...(asffTarget ? { asff: asffTarget } : {}),
    securityHubImport: inputs['security-hub-import'],
    ...(comment ? { prComment: comment } : {}),
    ...(inputs['http-proxy'] ? { proxy: inputs['http-proxy'] } : {}),
    requestTimeoutMs: inputs['request-timeout-seconds'] * 1000,
  };
}
