/**
 * Where FIS can run. FIS has endpoints in the commercial and GovCloud partitions and none in the China regions
 * (https://docs.aws.amazon.com/general/latest/gr/fis.html), so in aws-cn the step refuses before any call, or,
 * when the workflow asks for it, skips with a notice.
 */
import { ConfigurationError } from '@aws-delivery/action-kit';
import { partitionOfRegion, type Partition } from '@aws-delivery/aws/names';
import { INPUT } from './input-names.js';

export type UnsupportedPartitionChoice = 'fail' | 'skip';

export type FisAvailability = { kind: 'available'; partition: Partition } | { kind: 'skip'; notice: string };

const WITHOUT_FIS: readonly string[] = ['aws-cn'];

export function parseUnsupportedPartitionChoice(value: string): UnsupportedPartitionChoice {
  const choice = value.trim().toLowerCase() || 'fail';
  if (choice === 'fail' || choice === 'skip') return choice;
  throw new ConfigurationError(
    `${INPUT.unsupportedPartition} "${value}" is not fail or skip: fail (the default) stops the step in a region ` +
      'without FIS; skip passes it with a notice.',
    INPUT.unsupportedPartition,
  );
}

/** Whether FIS can be called in `region`; throws a ConfigurationError in a partition without FIS unless skipping. */
export function fisAvailability(region: string, choice: UnsupportedPartitionChoice): FisAvailability {
  const partition = partitionOfRegion(region);
  if (!WITHOUT_FIS.includes(partition.id)) return { kind: 'available', partition };
  const why =
    `AWS Fault Injection Service is not offered in ${partition.name} (partition ${partition.id}, region ${region}): ` +
    'there is no FIS endpoint there';
  if (choice === 'skip') {
    return { kind: 'skip', notice: `${why}. The experiment was skipped, as ${INPUT.unsupportedPartition}: skip asks.` };
  }
  throw new ConfigurationError(
    `${why}, so no experiment can run. Run this step against a region of aws or aws-us-gov, or set ` +
      `${INPUT.unsupportedPartition}: skip to pass it with a notice in ${partition.id}.`,
    INPUT.region,
  );
}
