import { ConfigurationError } from '@aws-delivery/action-kit';
import { closest } from './edit-distance.js';
import { PARTITIONS, type Partition } from './partitions.js';

export interface ValidateRegionOptions {
  /**
   * Accept a region that has the shape of a partition's regions but is not in the known list (AWS opens new
   * regions after a release). Off by default, so that a typo fails instead of reaching the wrong endpoint.
   */
  allowUnknownRegion?: boolean;
}

/** Every region known at release time, across partitions. */
export const KNOWN_REGIONS: readonly string[] = PARTITIONS.flatMap((partition) => partition.regions);

export function isKnownRegion(region: string): boolean {
  return KNOWN_REGIONS.includes(region);
}

function partitionByShape(region: string): Partition | undefined {
  return (
    PARTITIONS.find((partition) => partition.regions.includes(region)) ??
    PARTITIONS.find((partition) => partition.regionPattern.test(region))
  );
}

function suggestion(value: string): string {
  const best = closest(value.trim().toLowerCase(), KNOWN_REGIONS);
  if (!best) return '';
  const partition = partitionByShape(best.candidate);
  return ` Did you mean "${best.candidate}" (partition ${partition?.id ?? 'unknown'})?`;
}

/**
 * Checks a region the user gave and returns it. Unlike the AWS SDK, which treats any unrecognised name (`cn-north`,
 * `cn-nort-1`) as a region of the `aws` partition and calls the wrong endpoint, this fails with the closest valid
 * region and its partition.
 */
export function validateRegion(value: string, inputName: string, options: ValidateRegionOptions = {}): string {
  if (!value || !value.trim()) {
    throw new ConfigurationError(
      `${inputName} is empty. Set it to an AWS region such as us-east-1, cn-north-1 or us-gov-west-1.`,
      inputName,
    );
  }
  if (isKnownRegion(value)) return value;
  const partition = partitionByShape(value);
  if (!partition) {
    throw new ConfigurationError(
      `${inputName} "${value}" is not an AWS region: a region name is lower case <area>-<direction>-<number>, ` +
        `such as us-east-1, cn-north-1 or us-gov-west-1.${suggestion(value)}`,
      inputName,
    );
  }
  if (options.allowUnknownRegion) return value;
  throw new ConfigurationError(
    `${inputName} "${value}" has the shape of an ${partition.name} (${partition.id}) region but is not a region ` +
      `this release knows.${suggestion(value)} If AWS opened "${value}" after this release, ` +
      `set allow-unknown-region: true.`,
    inputName,
  );
}

/**
 * The partition a region belongs to: by the known list, then by the partition's region shape. This is a lookup,
 * not a validation (`cn-nort-1` has the shape of aws-cn); validate user input with validateRegion first.
 */
export function partitionOfRegion(region: string): Partition {
  const partition = partitionByShape(region);
  if (!partition) {
    throw new ConfigurationError(
      `Region "${region}" belongs to no AWS partition (aws, aws-cn, aws-us-gov).${suggestion(region)}`,
      'region',
    );
  }
  return partition;
}
