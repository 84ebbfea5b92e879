// The light entry `@aws-delivery/aws/names`: pure functions with no network code behind them, so a bundle that only
// names things (tfsec-gate, the image references of packages/k8s) loads none of the transport. What product code
// uses, named one by one; tests import the rest by path.
export { buildArn, checkArnPartition, parseArn, roleArn } from './arn.js';
export { validateAccountId } from './account-id.js';
export { isPartitionId, PARTITIONS, partitionById } from './partitions.js';
export type { Partition, PartitionId } from './partitions.js';
export { partitionOfRegion, validateRegion } from './regions.js';
