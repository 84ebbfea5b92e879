import { join, relative, resolve } from 'node:path';
import { ConfigurationError, confinedPath, pathError, quote, type InputValues } from '@aws-delivery/action-kit';
import { BUILDER_KINDS, type BuilderKind } from './build/builders.js';
import { isRemoteContext } from './build/build-paths.js';
import type { CacheSettings } from './build/cache.js';
import type { RepositorySettings } from './ecr/repository-settings.js';
import { readGitContext, type GitContext } from './refs/git-context.js';
import { isValidRepositoryPath } from '@aws-delivery/k8s/image-ref';
import { ociLabels } from './refs/labels.js';
import { computeTags, parseAutoTags, type TagPlan } from './refs/tags.js';
import { parseAllowList, type AllowEntry } from './scan/allow-list.js';
import type { FailOn } from './scan/gate-policy.js';
import type { inputSpec } from './inputs.js';
import type { RegistryTarget } from './targets/registry-target.js';
import { parseTargets } from './targets/parse-targets.js';

export type Inputs = InputValues<typeof inputSpec>;

export interface BuildSettings {
  context: string;
  file?: string;
  /** The Dockerfile relative to the workspace, for findings. */
  dockerfileForReports: string;
  target?: string;
  buildArgs: Record<string, string>;
  /** id -> value (masked input); written to 0600 files for the build only. */
  secretValues: Record<string, string>;
  /** id -> the user's own file. */
  secretFiles: Record<string, string>;
  /** id -> name of an environment variable holding the value. */
  secretEnvs: Record<string, string>;
  labels: Record<string, string>;
  platforms: string[];
  network?: string;
  noCache: boolean;
  pull: boolean;
  lambdaCompatible: boolean;
}

export interface ScanSettings {
  mode: 'off' | 'first' | 'all';
  failOn: FailOn;
  allowList: AllowEntry[];
  timeoutSeconds: number;
  sarifFile?: string;
}

export interface Config {
  targets: RegistryTarget[];
  createRepository: boolean;
  repositorySettings: RepositorySettings;
  builder: 'auto' | BuilderKind;
  builderPath?: string;
  build: BuildSettings;
  cache: CacheSettings;
  git: GitContext;
  tags: TagPlan;
  pushAttempts: number;
  scan: ScanSettings;
  keepLogin: boolean;
  /** Log in to every target and export the logins; no build, no push (keepLogin is then true). */
  loginOnly: boolean;
  network: { proxy?: string; caBundle?: string; requestTimeoutMs: number };
  workspace: string;
}

export interface ConfigSources {
  env: Readonly<Record<string, string | undefined>>;
  /** Reads a file (lifecycle policy and allow-list, by absolute path; event payload); throws ENOENT when missing. */
  readText: (path: string) => string;
  now: Date;
}

const SECRET_ID = /^[A-Za-z0-9_.-]+$/;

/**
 * The text of a file an input names (lifecycle policy, allow-list): kept in the workspace or RUNNER_TEMP, symbolic
 * links followed, and an OS error on it reported naming the input.
 */
function readNamedFile(sources: ConfigSources, value: string, input: string): string {
  const path = confinedPath(input, value, sources.env);
  try {
    return sources.readText(path);
  } catch (error) {
    throw pathError(input, value, error, 'Fix: check the path (relative to the workspace).');
  }
}

function checkSecretIds(ids: string[], input: string): void {
  for (const id of ids) {
    if (!SECRET_ID.test(id)) {
      throw new ConfigurationError(
        `Input "${input}" has the id "${id}", but a secret id is letters, digits, _ . and -. Fix: rename it.`,
        input,
      );
    }
  }
}

function repositorySettings(values: Inputs, sources: ConfigSources): RepositorySettings {
  if (values['repository-kms-key'] && values['repository-encryption'] !== 'KMS') {
    throw new ConfigurationError(
      'Input "repository-kms-key" is set but repository-encryption is AES256. Fix: set repository-encryption: KMS.',
      'repository-kms-key',
    );
  }
  let lifecyclePolicy: string | undefined;
  const policyPath = values['repository-lifecycle-policy'];
  if (policyPath) {
    lifecyclePolicy = readNamedFile(sources, policyPath, 'repository-lifecycle-policy');
    try {
      JSON.parse(lifecyclePolicy);
    } catch (error) {
      throw new ConfigurationError(
        `Input "repository-lifecycle-policy" names ${quote(policyPath)}, but it is not valid JSON (${(error as Error).message}). Fix: correct the policy document.`,
        'repository-lifecycle-policy',
      );
    }
  }
  return {
    scanOnPush: values['repository-scan-on-push'],
    tagMutability: values['repository-tag-mutability'],
    encryption: values['repository-encryption'],
    ...(values['repository-kms-key'] ? { kmsKey: values['repository-kms-key'] } : {}),
    ...(lifecyclePolicy ? { lifecyclePolicy } : {}),
  };
}

function eventPayload(sources: ConfigSources): unknown {
  const path = sources.env.GITHUB_EVENT_PATH;
  if (!path) return undefined;
  try {
    return JSON.parse(sources.readText(path));
  } catch {
    return undefined;
  }
}

/**
 * The context, the Dockerfile and the secret files as absolute paths, each inside the workspace or RUNNER_TEMP
 * (symbolic links followed): a link a pull request adds cannot hand the builder a file from elsewhere on the runner.
 * The Dockerfile need not be inside the context (docker allows that), only inside the workspace.
 */
function buildSettings(values: Inputs, env: ConfigSources['env']): BuildSettings {
  checkSecretIds(Object.keys(values.secrets), 'secrets');
  checkSecretIds(Object.keys(values['secret-files']), 'secret-files');
  checkSecretIds(Object.keys(values['secret-envs']), 'secret-envs');
  const workspace = resolve(env.GITHUB_WORKSPACE || process.cwd());
  const context = isRemoteContext(values.context) ? values.context : confinedPath('context', values.context, env);
  const dockerfile = values.file
    ? confinedPath('file', values.file, env)
    : confinedPath('context', join(context, 'Dockerfile'), env);
  const secretFiles = Object.fromEntries(
    Object.entries(values['secret-files']).map(([id, path]) => [id, confinedPath('secret-files', path, env)]),
  );
  return {
    context,
    ...(values.file ? { file: dockerfile } : {}),
    dockerfileForReports: relative(workspace, dockerfile).split('\\').join('/') || 'Dockerfile',
    ...(values.target ? { target: values.target } : {}),
    buildArgs: values['build-args'],
    secretValues: values.secrets,
    secretFiles,
    secretEnvs: values['secret-envs'],
    labels: values.labels,
    platforms: values.platforms,
    ...(values.network ? { network: values.network } : {}),
    noCache: values['no-cache'],
    pull: values.pull,
    lambdaCompatible: values['lambda-compatible'],
  };
}

function scanSettings(values: Inputs, sources: ConfigSources): ScanSettings {
  const allowList = [
    ...parseAllowList(values['scan-allow-list'] ?? '', 'scan-allow-list'),
    ...(values['scan-allow-list-file']
      ? parseAllowList(
          readNamedFile(sources, values['scan-allow-list-file'], 'scan-allow-list-file'),
          values['scan-allow-list-file'],
        )
      : []),
  ];
  return {
    mode: values.scan,
    failOn: values['fail-on-severity'],
    allowList,
    timeoutSeconds: values['scan-timeout-seconds'],
    ...(values['sarif-file'] ? { sarifFile: confinedPath('sarif-file', values['sarif-file'], sources.env) } : {}),
  };
}

/** Turns the inputs into the one typed configuration the step runs on; every input problem is found here. */
export function buildConfig(values: Inputs, sources: ConfigSources): Config {
  const workspace = sources.env.GITHUB_WORKSPACE || process.cwd();
  const loginOnly = values['login-only'];
  if (!values.repository && !loginOnly) {
    throw new ConfigurationError(
      'Input "repository" is required but was not set. Fix: add "repository:" under "with:" (or set login-only: true to log in without building).',
      'repository',
    );
  }
  if (values.repository && !isValidRepositoryPath(values.repository)) {
    throw new ConfigurationError(
      `Input "repository" has the value ${JSON.stringify(values.repository)}, but a repository is lower-case letters, ` +
        'digits and separators (/ . _ -), such as team/app, without a registry host or tag. Fix: put the registry ' +
        'in registries: and the tags in tags:.',
      'repository',
    );
  }
  const targets = parseTargets(values.registries, {
    repository: values.repository || undefined,
    ...(values['ecr-endpoint'] ? { ecrEndpoint: values['ecr-endpoint'] } : {}),
    allowUnknownRegion: values['allow-unknown-region'],
  });
  const git = readGitContext(sources.env, eventPayload(sources), values['default-branch']);
  // login-only tags nothing (the auto-tags are still checked).
  const auto = parseAutoTags(values['auto-tags']);
  const tags = loginOnly
    ? { tags: [], version: git.sha.slice(0, 7), reasons: {} }
    : computeTags(git, { auto, explicit: values.tags });
  const build = buildSettings(values, sources.env);
  build.labels = ociLabels(git, tags.version, sources.now, values.labels);
  const builder = values.builder as 'auto' | BuilderKind;
  if (builder !== 'auto' && !BUILDER_KINDS.includes(builder)) throw new Error(`unknown builder ${builder}`);
  return {
    targets,
    createRepository: values['create-repository'],
    repositorySettings: repositorySettings(values, sources),
    builder,
    ...(values['builder-path'] ? { builderPath: values['builder-path'] } : {}),
    build,
    cache: {
      preset: values.cache,
      ...(values['cache-ref'] ? { ref: values['cache-ref'] } : {}),
      from: values['cache-from'],
      to: values['cache-to'],
    },
    git,
    tags,
    pushAttempts: values['push-attempts'],
    scan: scanSettings(values, sources),
    keepLogin: values['keep-login'] || loginOnly,
    loginOnly,
    network: {
      ...(values['http-proxy'] ? { proxy: values['http-proxy'] } : {}),
      ...(values['ca-bundle'] ? { caBundle: values['ca-bundle'] } : {}),
      requestTimeoutMs: values['request-timeout-seconds'] * 1000,
    },
    workspace,
  };
}
