/**
 * Reads a kubeconfig for clusters that are not reached through EKS DescribeCluster: the context's server and CA,
 * its namespace, and its user's bearer token (inline or a token file). An exec plugin that runs
 * `aws eks get-token` or `aws-iam-authenticator token` is understood and replaced by the in-process EKS token, so
 * no aws CLI is needed. Other exec plugins, client certificates and insecure-skip-tls-verify are refused with the
 * reason.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';
import { isRecord } from './objects.js';

export interface KubeconfigAccess {
  context: string;
  server: string;
  caPem?: string;
  namespace?: string;
  /** A static bearer token. */
  token?: string;
  /** A file holding the token, read on each use (projected service account tokens rotate). */
  tokenFile?: string;
  /** Make EKS tokens in-process for this cluster. */
  eks?: { clusterName: string; region?: string; roleArn?: string };
}

export class KubeconfigError extends Error {
  override readonly name = 'KubeconfigError';
}

interface Named<T> {
  name?: string;
  [key: string]: unknown;
  value?: T;
}

function named(list: unknown, key: string, name: string, what: string): Record<string, unknown> {
  const entries = Array.isArray(list) ? (list as Named<unknown>[]) : [];
  const entry = entries.find((e) => isRecord(e) && e.name === name);
  const value = entry && isRecord(entry[key]) ? (entry[key] as Record<string, unknown>) : undefined;
  if (!value) {
    const names = entries.map((e) => e?.name).filter(Boolean);
    throw new KubeconfigError(`kubeconfig has no ${what} named "${name}" (it has: ${names.join(', ') || 'none'})`);
  }
  return value;
}

function argAfter(args: string[], ...flags: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    for (const flag of flags) {
      if (arg === flag) return args[i + 1];
      if (arg.startsWith(`${flag}=`)) return arg.slice(flag.length + 1);
    }
  }
  return undefined;
}

/** `aws eks get-token --cluster-name X [--region R] [--role-arn A]` or `aws-iam-authenticator token -i X [-r A]`. */
export function eksExec(
  exec: Record<string, unknown>,
  env: Record<string, string | undefined> = {},
): KubeconfigAccess['eks'] {
  const command =
    String(exec.command ?? '')
      .split('/')
      .pop() ?? '';
  const args = Array.isArray(exec.args) ? exec.args.map(String) : [];
  const execEnv = Array.isArray(exec.env) ? (exec.env as { name?: string; value?: string }[]) : [];
  const fromEnv = (name: string) => execEnv.find((e) => e?.name === name)?.value ?? env[name];
  if (command === 'aws' && args.includes('eks') && args.includes('get-token')) {
    const clusterName = argAfter(args, '--cluster-name', '--cluster-id');
    if (!clusterName) return undefined;
    const region = argAfter(args, '--region') ?? fromEnv('AWS_REGION') ?? fromEnv('AWS_DEFAULT_REGION');
    const roleArn = argAfter(args, '--role-arn');
    return { clusterName, ...(region ? { region } : {}), ...(roleArn ? { roleArn } : {}) };
  }
  if (command === 'aws-iam-authenticator' && args[0] === 'token') {
    const clusterName = argAfter(args, '-i', '--cluster-id');
    if (!clusterName) return undefined;
    const region = argAfter(args, '--region') ?? fromEnv('AWS_REGION');
    const roleArn = argAfter(args, '-r', '--role');
    return { clusterName, ...(region ? { region } : {}), ...(roleArn ? { roleArn } : {}) };
  }
  return undefined;
}

/**
 * Where a file the kubeconfig names (its `certificate-authority` or `tokenFile`, made absolute) is read from; it
 * throws to refuse the file. The caller confines these as it confines the kubeconfig itself.
 */
export type KubeconfigFileCheck = (field: 'certificate-authority' | 'tokenFile', path: string) => string;

/**
 * Reads a kubeconfig text; `path` resolves relative certificate and token file paths, each of which `checkFile`
 * passes before it is read.
 */
export function parseKubeconfig(
  text: string,
  path: string,
  contextName?: string,
  checkFile: KubeconfigFileCheck = (_field, file) => file,
): KubeconfigAccess {
  let config: unknown;
  try {
    config = parse(text);
  } catch (error) {
    throw new KubeconfigError(`kubeconfig ${path} is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (!isRecord(config)) throw new KubeconfigError(`kubeconfig ${path} is not a mapping`);
  const context = contextName || (typeof config['current-context'] === 'string' ? config['current-context'] : '');
  if (!context) throw new KubeconfigError(`kubeconfig ${path} has no current-context; set kubeconfig-context`);
  const ctx = named(config.contexts, 'context', context, 'context');
  const cluster = named(config.clusters, 'cluster', String(ctx.cluster ?? ''), 'cluster');
  const user = ctx.user ? named(config.users, 'user', String(ctx.user), 'user') : {};
  const base = dirname(path);
  const server = typeof cluster.server === 'string' ? cluster.server : '';
  if (!server) throw new KubeconfigError(`kubeconfig cluster of context "${context}" has no server`);
  if (cluster['insecure-skip-tls-verify'] === true) {
    throw new KubeconfigError(
      `kubeconfig context "${context}" sets insecure-skip-tls-verify, which this action refuses: give the cluster's ` +
        `CA in certificate-authority-data (or cluster-ca) instead.`,
    );
  }
  let caPem: string | undefined;
  if (typeof cluster['certificate-authority-data'] === 'string') {
    caPem = Buffer.from(cluster['certificate-authority-data'], 'base64').toString('utf8');
  } else if (typeof cluster['certificate-authority'] === 'string') {
    caPem = readFileSync(checkFile('certificate-authority', resolve(base, cluster['certificate-authority'])), 'utf8');
  }
  if (user['client-certificate-data'] || user['client-certificate']) {
    throw new KubeconfigError(
      `kubeconfig user of context "${context}" authenticates with a client certificate, which this action does not ` +
        `support; use a bearer token (a service account token) instead.`,
    );
  }
  const namespace = typeof ctx.namespace === 'string' && ctx.namespace ? ctx.namespace : undefined;
  const access: KubeconfigAccess = {
    context,
    server,
    ...(caPem ? { caPem } : {}),
    ...(namespace ? { namespace } : {}),
  };
  if (typeof user.token === 'string' && user.token) return { ...access, token: user.token };
  if (typeof user.tokenFile === 'string' && user.tokenFile)
    return { ...access, tokenFile: checkFile('tokenFile', resolve(base, user.tokenFile)) };
  if (isRecord(user.exec)) {
    const eks = eksExec(user.exec);
    if (eks) return { ...access, eks };
    throw new KubeconfigError(
      `kubeconfig user of context "${context}" runs the exec plugin "${String(user.exec.command)}", which this action ` +
        `does not run. Supported: a token, a tokenFile, or exec of "aws eks get-token" / "aws-iam-authenticator ` +
        `token" (made in-process).`,
    );
  }
  return access;
}
