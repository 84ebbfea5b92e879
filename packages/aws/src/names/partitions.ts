/**
 * The AWS partitions this library supports, as one table. This is the ONLY place that spells a partition's
 * ARN prefix, DNS suffix or STS audience: everything else derives them from a region through this table.
 */

export type PartitionId = 'aws' | 'aws-cn' | 'aws-us-gov';

export interface Partition {
  readonly id: PartitionId;
  /** What people call it, for messages. */
  readonly name: string;
  /** The shape of a region name in this partition; a new region that fits it is accepted only when asked to. */
  readonly regionPattern: RegExp;
  /** The regions known at release time. */
  readonly regions: readonly string[];
  /** The suffix of every regional service host name. */
  readonly dnsSuffix: string;
  /** The audience a GitHub OIDC token must carry for STS AssumeRoleWithWebIdentity in this partition. */
  readonly oidcAudience: string;
}

export const PARTITIONS: readonly Partition[] = [
  {
    id: 'aws',
    name: 'AWS commercial',
    regionPattern: /^(us|eu|ap|sa|ca|me|af|il|mx)-[a-z]+-\d+$/,
    regions: [
      'us-east-1',
      'us-east-2',
      'us-west-1',
      'us-west-2',
      'af-south-1',
      'ap-east-1',
      'ap-east-2',
      'ap-northeast-1',
      'ap-northeast-2',
      'ap-northeast-3',
      'ap-south-1',
      'ap-south-2',
      'ap-southeast-1',
      'ap-southeast-2',
      'ap-southeast-3',
      'ap-southeast-4',
      'ap-southeast-5',
      'ap-southeast-6',
      'ap-southeast-7',
      'ca-central-1',
      'ca-west-1',
      'eu-central-1',
      'eu-central-2',
      'eu-north-1',
      'eu-south-1',
      'eu-south-2',
      'eu-west-1',
      'eu-west-2',
      'eu-west-3',
      'il-central-1',
      'me-central-1',
      'me-south-1',
      'me-west-1',
      'mx-central-1',
      'sa-east-1',
      'sa-west-1',
    ],
    dnsSuffix: 'amazonaws.com',
    oidcAudience: 'sts.amazonaws.com',
  },
  {
    id: 'aws-cn',
    name: 'AWS China',
    regionPattern: /^cn-[a-z]+-\d+$/,
    regions: ['cn-north-1', 'cn-northwest-1'],
    dnsSuffix: 'amazonaws.com.cn',
    oidcAudience: 'sts.amazonaws.com.cn',
  },
  {
    id: 'aws-us-gov',
    name: 'AWS GovCloud (US)',
    regionPattern: /^us-gov-[a-z]+-\d+$/,
    regions: ['us-gov-west-1', 'us-gov-east-1'],
    dnsSuffix: 'amazonaws.com',
    oidcAudience: 'sts.amazonaws.com',
  },
];

export const PARTITION_IDS: readonly PartitionId[] = PARTITIONS.map((partition) => partition.id);

export function isPartitionId(value: string): value is PartitionId {
  return (PARTITION_IDS as readonly string[]).includes(value);
}

/** The partition with this id; throws on an id that is not in the table (a programming error, not user input). */
export function partitionById(id: PartitionId): Partition {
  const partition = PARTITIONS.find((candidate) => candidate.id === id);
  if (!partition) throw new Error(`Unknown partition id "${id}"`);
  return partition;
}

/** `{service}.{region}.{dnsSuffix}`: the regional host of most AWS services (eks, ecr, sts, cloudformation, ...). */
export function partitionServiceHost(partition: Partition, service: string, region: string): string {
  return `${service}.${region}.${partition.dnsSuffix}`;
}

/** The regional STS host (never the global sts.amazonaws.com, which only exists in the aws partition). */
export function partitionStsHost(partition: Partition, region: string): string {
  return partitionServiceHost(partition, 'sts', region);
}

/** `{account}.dkr.ecr.{region}.{dnsSuffix}`: the ECR registry host docker pushes to. */
export function partitionEcrRegistryHost(partition: Partition, accountId: string, region: string): string {
  return `${accountId}.dkr.ecr.${region}.${partition.dnsSuffix}`;
}

/** The ARN prefix `arn:{partition}:`; the one place that spells it. */
export function arnPrefix(partition: Partition | PartitionId): string {
  return `arn:${typeof partition === 'string' ? partition : partition.id}:`;
}
