import { buildArn, partitionOfRegion } from '@aws-delivery/aws/names';

/** The ARN of the default product for findings an account imports itself, in the region's partition. */
export function customProductArn(accountId: string, region: string): string {
  return buildArn({
    partition: partitionOfRegion(region),
    service: 'securityhub',
    region,
    accountId,
    resource: `product/${accountId}/default`,
  });
}
