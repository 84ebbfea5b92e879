/**
 * eks:DescribeCluster through the AWS SDK and the project's AWS transport. Imported only when the step is given an
 * EKS cluster name, so that a kubeconfig or cluster-endpoint deploy loads neither the SDK nor its HTTP handler.
 */
import { DescribeClusterCommand, EKSClient } from '@aws-sdk/client-eks';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { Log } from '@aws-delivery/action-kit';
import { createClient, explainAwsError } from '@aws-delivery/aws';
import type { DescribedCluster } from './cluster-access.js';
import type { Config } from './config.js';

export async function describeEksCluster(
  config: Config & { cluster: { kind: 'eks' } },
  credentials: AwsCredentialIdentityProvider,
  log: Pick<Log, 'debug'>,
): Promise<{ cluster: DescribedCluster; credentials: AwsCredentialIdentityProvider }> {
  const client = createClient(EKSClient, {
    credentials,
    log: (line) => log.debug(line),
    region: config.cluster.region,
    allowUnknownRegion: config.cluster.allowUnknownRegion,
    ...(config.cluster.eksEndpoint ? { endpoint: config.cluster.eksEndpoint } : {}),
    ...config.network,
    requestTimeoutMs: config.requestTimeoutMs,
    inputNames: { region: 'aws-region', endpoint: 'eks-endpoint', proxy: 'http-proxy', caBundle: 'ca-bundle' },
  });
  try {
    const answer = await client.send(new DescribeClusterCommand({ name: config.cluster.clusterName }));
    const cluster = answer.cluster ?? {};
    return {
      cluster: {
        ...(cluster.endpoint ? { endpoint: cluster.endpoint } : {}),
        ...(cluster.certificateAuthority?.data ? { caData: cluster.certificateAuthority.data } : {}),
        ...(cluster.status ? { status: cluster.status } : {}),
        ...(cluster.version ? { version: cluster.version } : {}),
        ...(cluster.arn ? { arn: cluster.arn } : {}),
      },
      credentials: client.config.credentials,
    };
  } catch (error) {
    throw explainAwsError(error, {
      operation: `eks:DescribeCluster (${config.cluster.clusterName})`,
      region: config.cluster.region,
    });
  } finally {
    client.destroy();
  }
}
