/**
 * How the step reaches the cluster: EKS DescribeCluster (endpoint, CA, status) and an in-process token, or a
 * kubeconfig; then the endpoint and CA overrides for clusters reached through a tunnel.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import {
  ActionError,
  ConfigurationError,
  confinedPath,
  pathError,
  quote,
  type Env,
  type RunnerIO,
} from '@aws-delivery/action-kit';
import { EksTokenSource, KubeconfigError, parseKubeconfig, type ClusterConnection } from '@aws-delivery/k8s';
import { decodeCa } from './ca-text.js';
import { checkCaPem, ClusterCaError } from './cluster-ca.js';
import type { Config } from './config.js';

export interface ClusterAccess {
  connection: ClusterConnection;
  /** The kubeconfig context's namespace, when there is one. */
  namespace?: string;
  /** One line for the log: where the cluster is and how the step authenticates. */
  description: string;
}

export interface DescribedCluster {
  endpoint?: string;
  caData?: string;
  status?: string;
  version?: string;
  arn?: string;
}

export interface AccessDeps {
  describeCluster(
    config: Config & { cluster: { kind: 'eks' } },
  ): Promise<{ cluster: DescribedCluster; credentials: AwsCredentialIdentityProvider }>;
  defaultCredentials(): AwsCredentialIdentityProvider;
  readFile(path: string): string;
}

/** What reaching the cluster needs of the runner: its environment, its log, and masking of tokens. */
export type AccessIO = Pick<RunnerIO, 'env' | 'log' | 'mask'>;

/** The SDK's default chain, loaded only when a step needs it (keys in the environment do not). */
function lazyDefaultChain(): AwsCredentialIdentityProvider {
  let chain: Promise<AwsCredentialIdentityProvider> | undefined;
  return async () => {
    chain ??= import('@aws-sdk/credential-provider-node').then(({ defaultProvider }) => defaultProvider());
    return (await chain)();
  };
}

/**
 * Keys the step's environment holds (a job `env:`, or assume-role before this step), else the SDK's default chain
 * (shared files, container and instance roles), which reads the process environment.
 */
function credentialsFrom(env: Env): AwsCredentialIdentityProvider {
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_SESSION_TOKEN } = env;
  if (!accessKeyId || !secretAccessKey) return lazyDefaultChain();
  const identity = { accessKeyId, secretAccessKey, ...(AWS_SESSION_TOKEN ? { sessionToken: AWS_SESSION_TOKEN } : {}) };
  return async () => identity;
}

export const defaultAccessDeps = (io: Pick<RunnerIO, 'env' | 'log'>): AccessDeps => ({
  async describeCluster(config) {
    // Loaded here, with the EKS SDK and the AWS transport: a kubeconfig or cluster-endpoint deploy needs neither.
    const { describeEksCluster } = await import('./describe-cluster.js');
    return describeEksCluster(config, credentialsFrom(io.env), io.log);
  },
  defaultCredentials: () => credentialsFrom(io.env),
  readFile: (path) => readFileSync(path, 'utf8'),
});

/** A file an input names; an OS error becomes a ConfigurationError naming the input and saying what is wrong. */
function readNamedFile(deps: AccessDeps, input: 'kubeconfig' | 'cluster-ca', path: string): string {
  try {
    return deps.readFile(path);
  } catch (error) {
    throw pathError(input, path, error);
  }
}

function caFromInput(value: string, deps: AccessDeps): string {
  const decoded = decodeCa(value);
  if (decoded) return checkCaPem(decoded, 'Input "cluster-ca"');
  if (existsSync(value))
    return checkCaPem(readNamedFile(deps, 'cluster-ca', value), `The cluster-ca file ${quote(value)}`);
  throw new ConfigurationError(
    'Input "cluster-ca" is neither a PEM certificate, base64 of one, nor a file that exists. Fix: give the API ' +
      "server's CA certificate (PEM text, base64 PEM as in a kubeconfig, or the path of a PEM file).",
    'cluster-ca',
  );
}

/**
 * The certificate name to check: the tls-server-name input, or — when cluster-endpoint redirects an EKS cluster to
 * a tunnel — the host of the endpoint DescribeCluster gave, which is the name EKS issues the certificate for.
 */
function tlsServerName(config: Config, describedEndpoint: string | undefined): string | undefined {
  if (config.tlsServerName) return config.tlsServerName;
  if (!config.endpointOverride || !describedEndpoint || config.caOverride) return undefined;
  return new URL(describedEndpoint).hostname;
}

/** Masks every token before it can be printed (an EKS token is a bearer credential for 15 minutes). */
function masked(token: () => Promise<string>, io: AccessIO): () => Promise<string> {
  let last = '';
  return async () => {
    const value = await token();
    if (value !== last) {
      io.mask(value);
      last = value;
    }
    return value;
  };
}

async function eksAccess(
  config: Config & { cluster: { kind: 'eks' } },
  deps: AccessDeps,
  io: AccessIO,
): Promise<ClusterAccess> {
  const { cluster, credentials } = await deps.describeCluster(config);
  const name = config.cluster.clusterName;
  if (cluster.status && !['ACTIVE', 'UPDATING'].includes(cluster.status)) {
    throw new ActionError(
      `EKS cluster ${name} in ${config.cluster.region} is ${cluster.status}, so its API server cannot take a deploy.`,
      cluster.status === 'CREATING' ? 'Wait until the cluster is ACTIVE.' : 'Check the cluster in the EKS console.',
    );
  }
  const endpoint = config.endpointOverride ?? cluster.endpoint;
  if (!endpoint) throw new ActionError(`DescribeCluster for ${name} returned no endpoint.`, 'Set cluster-endpoint.');
  let caPem: string;
  try {
    caPem = config.caOverride
      ? caFromInput(config.caOverride, deps)
      : checkCaPem(
          decodeCa(cluster.caData ?? '') ?? '',
          `The certificate authority DescribeCluster returned for ${name}`,
        );
  } catch (error) {
    if (error instanceof ClusterCaError) {
      throw new ActionError(error.message, "Give the API server's CA in the cluster-ca input (PEM or base64 PEM).");
    }
    throw error;
  }
  const tokens = new EksTokenSource({ clusterName: name, region: config.cluster.region, credentials });
  return {
    connection: {
      server: endpoint,
      caPem,
      token: masked(() => tokens.token(), io),
      invalidateToken: () => tokens.invalidate(),
      ...config.network,
      ...(tlsServerName(config, cluster.endpoint) ? { tlsServerName: tlsServerName(config, cluster.endpoint) } : {}),
    },
    description:
      `EKS cluster ${name} (${config.cluster.region}${cluster.version ? `, Kubernetes ${cluster.version}` : ''}) at ` +
      `${endpoint}${config.endpointOverride ? ' (cluster-endpoint override)' : ''}, EKS token made in-process`,
  };
}

function kubeconfigAccess(
  config: Config & { cluster: { kind: 'kubeconfig' } },
  deps: AccessDeps,
  io: AccessIO,
): ClusterAccess {
  const { path, context, filesAnywhere = false } = config.cluster;
  const text = readNamedFile(deps, 'kubeconfig', path);
  // The files the kubeconfig names are kept where the kubeconfig itself must be.
  const checkFile = (field: string, file: string) =>
    confinedPath(`the kubeconfig's ${field}`, file, io.env, {
      outsideAllowedBy: { input: 'allow-paths-outside-workspace', allowed: filesAnywhere },
    });
  let access;
  try {
    access = parseKubeconfig(text, path, context, checkFile);
  } catch (error) {
    if (error instanceof ConfigurationError)
      throw new ConfigurationError(`Input "kubeconfig": ${error.message}`, 'kubeconfig');
    if (error instanceof KubeconfigError)
      throw new ConfigurationError(`Input "kubeconfig": ${error.message}`, 'kubeconfig');
    throw error;
  }
  let token: (() => Promise<string>) | undefined;
  let invalidate: (() => void) | undefined;
  let how = 'no credentials';
  if (access.token) {
    io.mask(access.token);
    const value = access.token;
    token = async () => value;
    how = 'the kubeconfig token';
  } else if (access.tokenFile) {
    const file = access.tokenFile;
    token = async () => deps.readFile(file).trim();
    how = `the token file ${file}`;
  } else if (access.eks) {
    if (access.eks.roleArn) {
      throw new ConfigurationError(
        `Input "kubeconfig": the exec plugin assumes role ${access.eks.roleArn}. Fix: assume it with the assume-role action in an earlier step and drop --role-arn.`,
        'kubeconfig',
      );
    }
    const region = access.eks.region ?? io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION;
    if (!region) {
      throw new ConfigurationError(
        'Input "kubeconfig": the EKS exec plugin names no region and AWS_REGION is not set. Fix: set AWS_REGION.',
        'kubeconfig',
      );
    }
    const tokens = new EksTokenSource({
      clusterName: access.eks.clusterName,
      region,
      credentials: deps.defaultCredentials(),
    });
    token = () => tokens.token();
    invalidate = () => tokens.invalidate();
    how = `an EKS token for ${access.eks.clusterName} made in-process (instead of the exec plugin)`;
  }
  let caPem = access.caPem;
  try {
    if (config.caOverride) caPem = caFromInput(config.caOverride, deps);
    else if (caPem) caPem = checkCaPem(caPem, `The certificate authority of kubeconfig context "${access.context}"`);
  } catch (error) {
    if (error instanceof ClusterCaError) throw new ConfigurationError(error.message, 'kubeconfig');
    throw error;
  }
  const server = config.endpointOverride ?? access.server;
  return {
    connection: {
      server,
      ...(caPem ? { caPem } : {}),
      ...(token ? { token: masked(token, io) } : {}),
      ...(invalidate ? { invalidateToken: invalidate } : {}),
      ...config.network,
      ...(config.tlsServerName ? { tlsServerName: config.tlsServerName } : {}),
    },
    ...(access.namespace ? { namespace: access.namespace } : {}),
    description: `kubeconfig context ${access.context} at ${server}, authenticating with ${how}`,
  };
}

export async function resolveClusterAccess(config: Config, deps: AccessDeps, io: AccessIO): Promise<ClusterAccess> {
  const access =
    config.cluster.kind === 'eks'
      ? await eksAccess(config as Config & { cluster: { kind: 'eks' } }, deps, io)
      : kubeconfigAccess(config as Config & { cluster: { kind: 'kubeconfig' } }, deps, io);
  io.log.info(`Cluster: ${access.description}`);
  return access;
}
