import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { explainAwsError } from '../../src/errors/explain-aws-error.js';
import { parseArn } from '../../src/names/arn.js';

/**
 * sts:GetCallerIdentity through an AWS SDK client built on awsClientConfig, failures explained as the actions explain
 * their SDK calls (ECR, EKS, Security Hub). The SDK transport's tests use it as the simplest signed call there is.
 */
export async function sdkCallerIdentity(client: Pick<STSClient, 'send'>) {
  let output;
  try {
    output = await client.send(new GetCallerIdentityCommand({}));
  } catch (error) {
    throw explainAwsError(error, { operation: 'sts:GetCallerIdentity' });
  }
  const arn = output.Arn ?? '';
  return { accountId: output.Account ?? '', arn, partition: parseArn(arn, 'caller identity ARN').partition };
}
