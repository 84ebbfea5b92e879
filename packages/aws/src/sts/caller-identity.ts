import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { parseArn } from '../names/arn.js';
import { explainAwsError } from '../errors/explain-aws-error.js';
import type { PartitionId } from '../names/partitions.js';

export interface CallerIdentity {
  accountId: string;
  arn: string;
  userId: string;
  partition: PartitionId;
}

/** Who the client's credentials belong to (sts:GetCallerIdentity needs no permission); failures are explained. */
export async function getCallerIdentity(client: Pick<STSClient, 'send'>, region?: string): Promise<CallerIdentity> {
  let output;
  try {
    output = await client.send(new GetCallerIdentityCommand({}));
  } catch (error) {
    throw explainAwsError(error, { operation: 'sts:GetCallerIdentity', ...(region ? { region } : {}) });
  }
  const arn = output.Arn ?? '';
  const parsed = parseArn(arn, 'caller identity ARN');
  return {
    accountId: output.Account ?? parsed.accountId,
    arn,
    userId: output.UserId ?? '',
    partition: parsed.partition,
  };
}
