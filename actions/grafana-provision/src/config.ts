/** The inputs as one checked configuration: which Grafana, how to sign in, what to provision and how. Pure. */
import { ConfigurationError, type Env, type InputValues } from '@aws-delivery/action-kit';
import type { PlanOptions } from './plan-types.js';
import type { inputSpec } from './inputs.js';

/** How the step signs in to Grafana. */
export type AuthSource =
  | { kind: 'token'; token: string }
  | {
      kind: 'basic';
      username: string;
      password: string;
      /** Create a service account token for this and later steps (deleted by the post step unless kept). */
      createToken?: { secondsToLive: number; keep: boolean };
    }
  | { kind: 'secrets-manager'; secretId: string; jsonKey?: string; region: string; endpoint?: string }
  | {
      kind: 'amg';
      /** An Amazon Managed Grafana workspace: a token minted with the job's AWS credentials, deleted in post. */
      workspace: { workspaceId: string; serviceAccountId: string; region: string; endpoint?: string };
      secondsToLive: number;
      keep: boolean;
    };

export interface Network {
  proxy?: string;
  noProxy?: string;
  caBundle?: string;
  requestTimeoutMs: number;
  maxAttempts: number;
}

export interface DeployAnnotation {
  text: string;
  tags: string[];
  /** The post step sets its end; otherwise a later step does (end-annotation-id). */
  endInPost: boolean;
}

export interface Config {
  /** The Grafana base URL without a trailing slash (a sub-path such as https://host/grafana is kept). */
  url: string;
  auth: AuthSource;
  /** The resources folder, relative to the workspace. */
  resourcesDir: string;
  /** Values for `${NAME}` references in secure fields (only these: never the environment). */
  secrets: Record<string, string>;
  plan: PlanOptions;
  dryRun: boolean;
  /**
   * Before 12 (the /api dialect): read each managed dashboard even when its tags say it is unchanged, to see a UI
   * edit that kept the tags. False: trust the tags (search pages only); such an edit shows when next written (412).
   */
  verifyUnchanged: boolean;
  concurrency: number;
  annotation?: DeployAnnotation;
  /** A deploy annotation an earlier step left open, to end once this step's apply is done. */
  endAnnotationId?: number;
  /** The dashboard version message: commit and run URL. */
  message: string;
  network: Network;
}

type Inputs = InputValues<typeof inputSpec>;

function grafanaUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigurationError(
      `Input "grafana-url" has the value ${JSON.stringify(value)}, but it is not a URL. Fix: use https://grafana.example.com.`,
      'grafana-url',
    );
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.search || url.hash) {
    throw new ConfigurationError(
      `Input "grafana-url" has the value ${JSON.stringify(value)}, but it must be an http(s) URL with no query. ` +
        'Fix: use the address Grafana is served at, e.g. https://grafana.example.com or https://host/grafana.',
      'grafana-url',
    );
  }
  if (url.username || url.password) {
    throw new ConfigurationError(
      'Input "grafana-url" holds a user name or password. Fix: remove them from the URL and use the username and ' +
        'password inputs (or a token).',
      'grafana-url',
    );
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function authSource(inputs: Inputs, env: Env): AuthSource {
  const token = inputs.token;
  const username = inputs.username;
  const password = inputs.password;
  const secretId = inputs['token-secret-id'];
  const workspaceId = inputs['amg-workspace-id'];
  const given = [
    token && 'token',
    (username || password) && 'username/password',
    secretId && 'token-secret-id',
    workspaceId && 'amg-workspace-id',
  ].filter(Boolean);
  if (given.length > 1) {
    throw new ConfigurationError(
      `Inputs ${given.join(' and ')} are ${given.length === 2 ? 'both' : 'all'} set, but the step signs in one way. Fix: keep one of token, ` +
        'username with password, token-secret-id, or amg-workspace-id.',
      'token',
    );
  }
  if (inputs['create-token'] && !(username || password)) {
    throw new ConfigurationError(
      'Input "create-token" is true, but a token is created by signing in with username and password. Fix: set ' +
        'username and password (a bootstrap admin), or set create-token: false.',
      'create-token',
    );
  }
  if (token) return { kind: 'token', token };
  if (username || password) {
    if (!username || !password) {
      throw new ConfigurationError(
        `Input "${username ? 'password' : 'username'}" is empty, but basic auth needs both. Fix: set username and password.`,
        username ? 'password' : 'username',
      );
    }
    return {
      kind: 'basic',
      username,
      password,
      ...(inputs['create-token']
        ? { createToken: { secondsToLive: inputs['token-seconds-to-live'], keep: inputs['keep-token'] } }
        : {}),
    };
  }
  const region = inputs['aws-region'] || env.AWS_REGION || env.AWS_DEFAULT_REGION || '';
  if ((secretId || workspaceId) && !region) {
    throw new ConfigurationError(
      `Input "aws-region" is empty and AWS_REGION is not set, but ${secretId ? 'the token secret is read from Secrets Manager' : 'the workspace token is minted by Amazon Managed Grafana'} in ` +
        'a region. Fix: set aws-region (assume-role exports AWS_REGION for later steps).',
      'aws-region',
    );
  }
  if (workspaceId) {
    const serviceAccountId = inputs['amg-service-account-id'];
    if (!serviceAccountId || !/^\d+$/.test(serviceAccountId)) {
      throw new ConfigurationError(
        'Input "amg-service-account-id" must be the id of a service account of the workspace (digits). Fix: create ' +
          'one with the Admin role (aws grafana create-workspace-service-account) and set its id.',
        'amg-service-account-id',
      );
    }
    return {
      kind: 'amg',
      workspace: {
        workspaceId,
        serviceAccountId,
        region,
        ...(inputs['amg-endpoint'] ? { endpoint: inputs['amg-endpoint'] } : {}),
      },
      secondsToLive: inputs['token-seconds-to-live'],
      keep: inputs['keep-token'],
    };
  }
  if (secretId) {
    return {
      kind: 'secrets-manager',
      secretId,
      region,
      ...(inputs['token-secret-key'] ? { jsonKey: inputs['token-secret-key'] } : {}),
      ...(inputs['secrets-manager-endpoint'] ? { endpoint: inputs['secrets-manager-endpoint'] } : {}),
    };
  }
  throw new ConfigurationError(
    'No way to sign in to Grafana is set. Fix: set token (a service account token), username and password, or ' +
      'token-secret-id (a Secrets Manager secret holding the token), or amg-workspace-id (Amazon Managed Grafana).',
    'token',
  );
}

function resourcesDir(value: string): string {
  const parts = value.replace(/\\/g, '/').split('/');
  if (value.startsWith('/') || /^[A-Za-z]:/.test(value) || parts.includes('..')) {
    throw new ConfigurationError(
      `Input "resources-dir" has the value ${JSON.stringify(value)}, but it must be a folder inside the workspace. ` +
        'Fix: give a relative path without "..", e.g. grafana.',
      'resources-dir',
    );
  }
  return parts.filter((p) => p !== '' && p !== '.').join('/') || '.';
}

/** `grafana-provision <commit> <run URL>`: what Grafana's version history shows for each dashboard write. */
export function versionMessage(env: Env): string {
  const server = env.GITHUB_SERVER_URL || 'https://github.com';
  const runUrl =
    env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
      ? `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
      : undefined;
  return ['grafana-provision', env.GITHUB_SHA ? `commit ${env.GITHUB_SHA}` : '', runUrl ?? '']
    .filter(Boolean)
    .join(' ');
}

function annotation(inputs: Inputs, env: Env): DeployAnnotation | undefined {
  if (!inputs.annotate) return undefined;
  const commit = env.GITHUB_SHA ? env.GITHUB_SHA.slice(0, 12) : undefined;
  const text =
    inputs['annotation-text'] ||
    `Deploy${env.GITHUB_REPOSITORY ? ` of ${env.GITHUB_REPOSITORY}` : ''}${commit ? ` at ${commit}` : ''}`;
  const tags = [...inputs['annotation-tags'], 'grafana-provision', ...(commit ? [`commit:${commit}`] : [])];
  return { text, tags: [...new Set(tags)], endInPost: inputs['annotation-end'] === 'post' };
}

export function buildConfig(inputs: Inputs, env: Env): Config {
  if (inputs['dry-run'] && inputs.annotate) {
    throw new ConfigurationError(
      'Inputs "dry-run" and "annotate" are both true, but a dry run deploys nothing to annotate. Fix: annotate only ' +
        'in the step that applies.',
      'annotate',
    );
  }
  if (inputs['dry-run'] && inputs['end-annotation-id'] !== undefined) {
    throw new ConfigurationError(
      'Inputs "dry-run" and "end-annotation-id" are both set, but a dry run writes nothing, so it cannot end the ' +
        'deploy annotation. Fix: set end-annotation-id in the step that applies.',
      'end-annotation-id',
    );
  }
  if (!inputs.annotate && inputs['annotation-end'] === 'later') {
    throw new ConfigurationError(
      'Input "annotation-end" is "later" but "annotate" is false: there is no deploy annotation to leave open. ' +
        'Fix: set annotate: true, or leave annotation-end out.',
      'annotation-end',
    );
  }
  const network: Network = {
    ...(inputs['http-proxy'] ? { proxy: inputs['http-proxy'] } : {}),
    ...(inputs['no-proxy'] ? { noProxy: inputs['no-proxy'] } : {}),
    ...(inputs['ca-bundle'] ? { caBundle: inputs['ca-bundle'] } : {}),
    requestTimeoutMs: inputs['request-timeout-seconds'] * 1000,
    maxAttempts: inputs['max-attempts'],
  };
  const deploy = annotation(inputs, env);
  return {
    url: grafanaUrl(inputs['grafana-url']),
    auth: authSource(inputs, env),
    resourcesDir: resourcesDir(inputs['resources-dir']),
    secrets: inputs.secrets,
    plan: {
      prune: inputs.prune,
      overwriteUiEdits: inputs['overwrite-ui-edits'],
      rotateSecrets: inputs['rotate-secrets'],
      disableProvenance: inputs['disable-provenance'],
    },
    dryRun: inputs['dry-run'],
    verifyUnchanged: inputs['verify-unchanged'],
    concurrency: inputs.concurrency,
    ...(deploy ? { annotation: deploy } : {}),
    ...(inputs['end-annotation-id'] !== undefined ? { endAnnotationId: inputs['end-annotation-id'] } : {}),
    message: versionMessage(env),
    network,
  };
}
