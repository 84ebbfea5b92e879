import { CreateClusterCommand, EKSClient } from '@aws-sdk/client-eks';

export interface MotoEksCluster {
  /** moto's endpoint (plain HTTP). */
  endpoint: string;
  name: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

/** Registers an EKS cluster in moto, so eks:DescribeCluster finds it (moto answers with its own endpoint and CA). */
export async function createMotoEksCluster(cluster: MotoEksCluster): Promise<void> {
  const eks = new EKSClient({ region: cluster.region, endpoint: cluster.endpoint, credentials: cluster.credentials });
  try {
    await eks.send(
      new CreateClusterCommand({
        name: cluster.name,
        roleArn: 'arn:aws:iam::123456789012:role/eks-cluster',
        resourcesVpcConfig: { subnetIds: [] },
      }),
    );
  } finally {
    eks.destroy();
  }
}
