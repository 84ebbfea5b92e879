/**
 * The EKS bearer token, made in-process the way `aws eks get-token` and aws-iam-authenticator make it: a presigned
 * STS GetCallerIdentity URL whose signed headers include `x-k8s-aws-id: <cluster name>`, valid for 60 seconds of
 * presigning (X-Amz-Expires), base64url-encoded without padding behind the `k8s-aws-v1.` prefix. The cluster's
 * authenticator accepts it for 15 minutes from its X-Amz-Date, so a token source refreshes it well before that.
 */
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { ConfigurationError } from '@aws-delivery/action-kit';
import { partitionById, partitionOfRegion, presignUrl, stsHost, validateRegion } from '@aws-delivery/aws';

export const EKS_TOKEN_PREFIX = 'k8s-aws-v1.';
/** How long the authenticator accepts a token after its X-Amz-Date. */
export const EKS_TOKEN_LIFETIME_MS = 15 * 60 * 1000;
/** X-Amz-Expires of the presigned URL, as aws-iam-authenticator sets it. */
export const EKS_TOKEN_PRESIGN_SECONDS = 60;
const CLUSTER_ID_HEADER = 'x-k8s-aws-id';

export interface EksTokenRequest {
  clusterName: string;
  region: string;
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Signing time (tests); default now. */
  now?: Date;
  /**
   * Another STS host of the region's partition, e.g. the FIPS host. The global host is accepted only in the aws
   * partition: aws-iam-authenticator rejects it everywhere else.
   */
  stsHost?: string;
}

export interface EksToken {
  token: string;
  /** When the cluster stops accepting it. */
  expiresAt: Date;
  stsHost: string;
}

/** Cluster names are 1-100 characters: letters, digits, hyphens and underscores, starting with a letter or digit. */
function checkClusterName(name: string): void {
  if (!/^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/.test(name)) {
    throw new ConfigurationError(
      `cluster-name "${name}" is not an EKS cluster name: 1-100 letters, digits, hyphens or underscores, starting ` +
        `with a letter or digit. Fix: use the name shown by the EKS console or DescribeCluster.`,
      'cluster-name',
    );
  }
}

/** The STS host a token for `region` is presigned against; rejects hosts the cluster's authenticator would reject. */
export function eksTokenStsHost(region: string, override?: string): string {
  const partition = partitionOfRegion(region);
  const regional = stsHost(region);
  if (!override || override === regional) return regional;
  const global = `sts.${partitionById('aws').dnsSuffix}`;
  if (override === global) {
    if (partition.id === 'aws') return override;
    throw new ConfigurationError(
      `sts-host "${override}" is the global STS endpoint, which exists only in the aws partition; aws-iam-authenticator ` +
        `on a ${partition.id} cluster rejects tokens made for it. Fix: leave sts-host empty to use ${regional}.`,
      'sts-host',
    );
  }
  const fips = `sts-fips.${region}.${partition.dnsSuffix}`;
  if (override !== fips) {
    throw new ConfigurationError(
      `sts-host "${override}" is not an STS host of region ${region}: the authenticator accepts only ${regional}` +
        ` or ${fips}. Fix: leave sts-host empty, or use one of those.`,
      'sts-host',
    );
  }
  return override;
}

/** One token, presigned now (or at `now`). */
export async function presignEksToken(request: EksTokenRequest): Promise<EksToken> {
  checkClusterName(request.clusterName);
  const region = validateRegion(request.region, 'aws-region', { allowUnknownRegion: true });
  const host = eksTokenStsHost(region, request.stsHost);
  const credentials = typeof request.credentials === 'function' ? await request.credentials() : request.credentials;
  const signingDate = request.now ?? new Date();
  const url = presignUrl({
    method: 'GET',
    url: `https://${host}/?Action=GetCallerIdentity&Version=2011-06-15`,
    headers: { [CLUSTER_ID_HEADER]: request.clusterName },
    service: 'sts',
    region,
    credentials,
    expiresSeconds: EKS_TOKEN_PRESIGN_SECONDS,
    now: signingDate,
  });
  const token = EKS_TOKEN_PREFIX + Buffer.from(url, 'utf8').toString('base64url');
  // The authenticator counts from X-Amz-Date, which is the signing time truncated to the second.
  const signedAt = Math.floor(signingDate.getTime() / 1000) * 1000;
  return { token, expiresAt: new Date(signedAt + EKS_TOKEN_LIFETIME_MS), stsHost: host };
}

export interface EksTokenSourceOptions extends Omit<EksTokenRequest, 'now'> {
  /** Make a new token once the current one is this old (default 10 minutes, well inside the 15-minute life). */
  refreshAfterMs?: number;
  clock?: () => Date;
}

/**
 * Hands out a current token, presigning a new one when the last is older than `refreshAfterMs`, so a rollout
 * watched for longer than 15 minutes keeps its access. Concurrent callers share one presigning.
 */
export class EksTokenSource {
  private current: { token: EksToken; madeAt: number } | undefined;
  private pending: Promise<EksToken> | undefined;
  private readonly refreshAfterMs: number;
  private readonly clock: () => Date;

  constructor(private readonly options: EksTokenSourceOptions) {
    this.refreshAfterMs = options.refreshAfterMs ?? 10 * 60 * 1000;
    if (this.refreshAfterMs <= 0 || this.refreshAfterMs >= EKS_TOKEN_LIFETIME_MS) {
      throw new Error(`refreshAfterMs must be between 0 and ${EKS_TOKEN_LIFETIME_MS} ms`);
    }
    this.clock = options.clock ?? (() => new Date());
  }

  async token(): Promise<string> {
    const now = this.clock().getTime();
    if (this.current && now - this.current.madeAt < this.refreshAfterMs) return this.current.token.token;
    this.pending ??= presignEksToken({ ...this.options, now: new Date(now) }).finally(() => {
      this.pending = undefined;
    });
    const token = await this.pending;
    this.current = { token, madeAt: now };
    return token.token;
  }

  /** Forget the token (after a 401), so the next call presigns a fresh one. */
  invalidate(): void {
    this.current = undefined;
  }
}
