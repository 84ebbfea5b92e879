/**
 * The inputs as one checked configuration: which cluster, what to deploy, how. Pure, but for following the symbolic
 * links of the file inputs (kubeconfig, cluster-ca) to keep them in the workspace.
 */
import { ConfigurationError, confinedPath, type InputValues } from '@aws-delivery/action-kit';
import { parseImageRef, ImageRefError, type Provenance, type RegistryRewrite } from '@aws-delivery/k8s';
import { decodeCa } from './ca-text.js';
import type { inputSpec } from './inputs.js';

export type Strategy = 'rolling' | 'canary' | 'blue-green';
export type StepAction = 'deploy' | 'promote' | 'reject';

export type ClusterSource =
  | { kind: 'eks'; clusterName: string; region: string; eksEndpoint?: string; allowUnknownRegion: boolean }
  /**
   * `path` is absolute, in the workspace or RUNNER_TEMP unless allow-paths-outside-workspace is set
   * (`filesAnywhere`), as are the CA and token files the kubeconfig names.
   */
  | { kind: 'kubeconfig'; path: string; context?: string; filesAnywhere?: true };

export interface Config {
  cluster: ClusterSource;
  /** API server URL to use instead of the one DescribeCluster or the kubeconfig gives (a tunnel). */
  endpointOverride?: string;
  /** The API server's CA as given (PEM or base64 PEM) or a file's absolute path, instead of the cluster's. */
  caOverride?: string;
  /** The name the API server's certificate must carry when reached at another address. */
  tlsServerName?: string;
  manifests: string[];
  namespace?: string;
  createNamespace: boolean;
  images: string[];
  rewrites: RegistryRewrite[];
  pullSecrets: string[];
  provenance?: Provenance;
  strategy: Strategy;
  action: StepAction;
  canaryPercentage: number;
  dryRun: boolean;
  fieldManager: string;
  force: boolean;
  prune: boolean;
  applySet: string;
  wait: boolean;
  rolloutTimeoutMs: number;
  podErrorGraceMs: number;
  rollback: boolean;
  network: { proxy?: string; noProxy?: string; caBundle?: string };
  requestTimeoutMs: number;
}

type Inputs = InputValues<typeof inputSpec>;
type Env = Record<string, string | undefined>;

/**
 * A file input (kubeconfig, cluster-ca) made absolute and kept in the workspace or RUNNER_TEMP, symbolic links
 * followed, unless allow-paths-outside-workspace lets it lie anywhere (~/.kube/config, a runner's own CA).
 */
function inputFile(inputs: Inputs, env: Env, input: 'kubeconfig' | 'cluster-ca', value: string): string {
  return confinedPath(input, value, env, {
    outsideAllowedBy: { input: 'allow-paths-outside-workspace', allowed: inputs['allow-paths-outside-workspace'] },
  });
}

/** cluster-ca as given when it is PEM or base64 PEM, else the path of a file, confined as inputFile says. */
function caOverride(inputs: Inputs, env: Env): string | undefined {
  const value = inputs['cluster-ca'];
  if (!value) return undefined;
  return decodeCa(value) ? value : inputFile(inputs, env, 'cluster-ca', value);
}

function clusterSource(inputs: Inputs, env: Env): ClusterSource {
  const name = inputs['cluster-name'];
  const kubeconfig = inputs.kubeconfig;
  if (name && kubeconfig) {
    throw new ConfigurationError(
      'Inputs "cluster-name" and "kubeconfig" are both set, but only one way to reach the cluster can be used. Fix: ' +
        'keep cluster-name (EKS: endpoint and CA from DescribeCluster, token made in-process) or kubeconfig (other clusters).',
      'cluster-name',
    );
  }
  if (kubeconfig)
    return {
      kind: 'kubeconfig',
      path: inputFile(inputs, env, 'kubeconfig', kubeconfig),
      ...(inputs['kubeconfig-context'] ? { context: inputs['kubeconfig-context'] } : {}),
      ...(inputs['allow-paths-outside-workspace'] ? { filesAnywhere: true as const } : {}),
    };
  if (!name) {
    throw new ConfigurationError(
      'Neither "cluster-name" nor "kubeconfig" is set, so there is no cluster to deploy to. Fix: set cluster-name (and ' +
        'aws-region) for EKS, or kubeconfig for another cluster.',
      'cluster-name',
    );
  }
  const region = inputs['aws-region'] || env.AWS_REGION || env.AWS_DEFAULT_REGION || '';
  if (!region) {
    throw new ConfigurationError(
      'Input "aws-region" is empty and AWS_REGION is not set, but an EKS cluster is reached in its region. Fix: set ' +
        'aws-region (assume-role exports AWS_REGION for later steps).',
      'aws-region',
    );
  }
  return {
    kind: 'eks',
    clusterName: name,
    region,
    allowUnknownRegion: inputs['allow-unknown-region'],
    ...(inputs['eks-endpoint'] ? { eksEndpoint: inputs['eks-endpoint'] } : {}),
  };
}

function checkEndpoint(value: string | undefined): string | undefined {
  if (!value) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigurationError(
      `Input "cluster-endpoint" has the value ${JSON.stringify(value)}, but it is not a URL. Fix: use https://HOST[:PORT].`,
      'cluster-endpoint',
    );
  }
  if (url.protocol !== 'https:' || url.username || url.password || (url.pathname !== '/' && url.pathname !== '')) {
    throw new ConfigurationError(
      `Input "cluster-endpoint" has the value ${JSON.stringify(value)}, but it must be https://HOST[:PORT] with no ` +
        `path or credentials. Fix: point it at the tunnel's local end, e.g. https://127.0.0.1:8443.`,
      'cluster-endpoint',
    );
  }
  return url.origin;
}

function checkImages(images: string[]): string[] {
  for (const image of images) {
    try {
      parseImageRef(image);
    } catch (error) {
      if (error instanceof ImageRefError) {
        throw new ConfigurationError(
          `Input "images": ${error.message}. Fix: give full references such as registry:5000/app:1.2.3 or app@sha256:…`,
          'images',
        );
      }
      throw error;
    }
  }
  return images;
}

function rewrites(map: Record<string, string>): RegistryRewrite[] {
  return Object.entries(map).map(([from, to]) => {
    if (!to) {
      throw new ConfigurationError(
        `Input "registry-rewrites" maps "${from}" to nothing. Fix: write one FROM=TO per line, e.g. docker.io=123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/docker-hub.`,
        'registry-rewrites',
      );
    }
    return { from, to };
  });
}

/** Commit, run URL, repository and ref of the workflow run, from the runner's environment. */
export function provenanceFrom(env: Env): Provenance {
  const server = env.GITHUB_SERVER_URL || 'https://github.com';
  const repository = env.GITHUB_REPOSITORY;
  const runUrl =
    repository && env.GITHUB_RUN_ID
      ? `${server}/${repository}/actions/runs/${env.GITHUB_RUN_ID}${env.GITHUB_RUN_ATTEMPT ? `/attempts/${env.GITHUB_RUN_ATTEMPT}` : ''}`
      : undefined;
  return {
    ...(env.GITHUB_SHA ? { commit: env.GITHUB_SHA } : {}),
    ...(runUrl ? { 'run-url': runUrl } : {}),
    ...(repository ? { repository } : {}),
    ...(env.GITHUB_REF ? { ref: env.GITHUB_REF } : {}),
  };
}

export function buildConfig(inputs: Inputs, env: Env): Config {
  const strategy = inputs.strategy;
  const action = inputs.action;
  const dryRun = inputs['dry-run'] === 'server';
  if (action !== 'deploy' && strategy === 'rolling') {
    throw new ConfigurationError(
      `Input "action" is "${action}", but promote and reject only exist for the canary and blue-green strategies. ` +
        `Fix: set strategy: canary or strategy: blue-green, as in the deploy step.`,
      'action',
    );
  }
  if (dryRun && action !== 'deploy') {
    throw new ConfigurationError(
      `Input "dry-run" is "server", but a dry run only previews a deploy. Fix: use dry-run with action: deploy.`,
      'dry-run',
    );
  }
  if (inputs.prune && strategy !== 'rolling') {
    throw new ConfigurationError(
      `Input "prune" is true with strategy "${strategy}", but the canary and colour Deployments are not in the ` +
        `manifests and would be pruned. Fix: prune only with strategy: rolling.`,
      'prune',
    );
  }
  const grace = inputs['pod-error-grace-seconds'];
  const ca = caOverride(inputs, env);
  return {
    cluster: clusterSource(inputs, env),
    ...(checkEndpoint(inputs['cluster-endpoint'])
      ? { endpointOverride: checkEndpoint(inputs['cluster-endpoint']) }
      : {}),
    ...(ca ? { caOverride: ca } : {}),
    ...(inputs['tls-server-name'] ? { tlsServerName: inputs['tls-server-name'] } : {}),
    manifests: inputs.manifests,
    ...(inputs.namespace ? { namespace: inputs.namespace } : {}),
    createNamespace: inputs['create-namespace'],
    images: checkImages(inputs.images),
    rewrites: rewrites(inputs['registry-rewrites']),
    pullSecrets: inputs['image-pull-secrets'],
    ...(inputs.provenance ? { provenance: provenanceFrom(env) } : {}),
    strategy,
    action,
    canaryPercentage: inputs['canary-percentage'],
    dryRun,
    fieldManager: inputs['field-manager'],
    force: inputs['force-conflicts'],
    prune: inputs.prune,
    applySet: inputs['apply-set'] || env.GITHUB_REPOSITORY || 'eks-deploy',
    wait: inputs['wait-for-rollout'],
    rolloutTimeoutMs: inputs['rollout-timeout-seconds'] * 1000,
    podErrorGraceMs: grace < 0 ? -1 : grace * 1000,
    rollback: inputs['rollback-on-failure'],
    network: {
      ...(inputs['http-proxy'] ? { proxy: inputs['http-proxy'] } : {}),
      ...(inputs['no-proxy'] ? { noProxy: inputs['no-proxy'] } : {}),
      ...(inputs['ca-bundle'] ? { caBundle: inputs['ca-bundle'] } : {}),
    },
    requestTimeoutMs: inputs['request-timeout-seconds'] * 1000,
  };
}
