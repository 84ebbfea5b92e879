// Partitions, regions, account ids and ARNs: pure functions with no network code behind them, so a bundle that
// only names things can import them as `@aws-delivery/aws/names` without loading the transport.
export {
  PARTITIONS,
  PARTITION_IDS,
  isPartitionId,
  partitionById,
  partitionServiceHost,
  partitionStsHost,
  partitionEcrRegistryHost,
  arnPrefix,
} from './partitions.js';
export type { Partition, PartitionId } from './partitions.js';
export { KNOWN_REGIONS, isKnownRegion, validateRegion, partitionOfRegion } from './regions.js';
export type { ValidateRegionOptions } from './regions.js';
export { serviceHost, stsHost, stsEndpoint, ecrRegistryHost, oidcAudience } from './service-hosts.js';
export { isAccountId, validateAccountId } from './account-id.js';
export { parseArn, buildArn, checkArnPartition, roleArn } from './arn.js';
export type { Arn } from './arn.js';
export { editDistance } from './edit-distance.js';
