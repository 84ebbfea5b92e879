import { ActionError, quote } from '@aws-delivery/action-kit';
import { explainAwsError } from '../errors/explain-aws-error.js';
import { parseArn } from '../names/arn.js';
import type { PartitionId } from '../names/partitions.js';
import type { StsCallOptions, StsQueryClient } from './query-client.js';

export interface CallerIdentity {
  accountId: string;
  arn: string;
  userId: string;
  partition: PartitionId;
}

/**
 * Who the credentials belong to (the call's, or else the client's): sts:GetCallerIdentity needs no permission.
 * Failures are explained.
 */
export async function getCallerIdentity(
  client: Pick<StsQueryClient, 'getCallerIdentity' | 'region' | 'endpoint'>,
  options: Pick<StsCallOptions, 'credentials'> = {},
): Promise<CallerIdentity> {
  let output;
  try {
    output = await client.getCallerIdentity(options);
  } catch (error) {
    throw explainAwsError(error, {
      operation: 'sts:GetCallerIdentity',
      region: client.region,
      endpoint: client.endpoint,
    });
  }
  const arn = output.Arn ?? '';
  const parsed = parseArn(arn, 'caller identity ARN');
  // The account is the ARN's, which parsed: an Account beside it that says otherwise is no answer to trust.
  if (output.Account !== undefined && output.Account !== parsed.accountId) {
    throw new ActionError(
      `sts:GetCallerIdentity answered the Account ${quote(output.Account, 40)}, which is not the account of the ` +
        `ARN it answered (${parsed.accountId}).`,
      'Check that sts-endpoint (or AWS_ENDPOINT_URL) points at AWS STS, or at a proxy that passes its answers on unchanged.',
    );
  }
  return {
    accountId: parsed.accountId,
    arn,
    userId: output.UserId ?? '',
    partition: parsed.partition,
  };
}
