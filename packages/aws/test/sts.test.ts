import { afterEach, describe, expect, it } from '@jest/globals';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { ActionError } from '@aws-delivery/action-kit';
import { buildArn, getCallerIdentity } from '@aws-delivery/aws';

const sts = mockClient(STSClient);

describe('getCallerIdentity', () => {
  afterEach(() => {
    sts.reset();
  });

  it.each([
    ['aws-us-gov', '123456789012'],
    ['aws-cn', '012345678901'],
  ] as const)('returns the identity and its partition (%s)', async (partition, account) => {
    const arn = buildArn({ partition, service: 'sts', region: '', accountId: account, resource: 'assumed-role/R/s' });
    sts.on(GetCallerIdentityCommand).resolves({ Account: account, Arn: arn, UserId: 'AROA:s' });
    const identity = await getCallerIdentity(new STSClient({ region: 'us-east-1' }));
    expect(identity).toEqual({ accountId: account, arn, userId: 'AROA:s', partition });
  });

  it('explains a failure', async () => {
    sts
      .on(GetCallerIdentityCommand)
      .rejects(
        Object.assign(new Error('The security token included in the request is expired'), { name: 'ExpiredToken' }),
      );
    const failure = getCallerIdentity(new STSClient({ region: 'us-east-1' }));
    await expect(failure).rejects.toBeInstanceOf(ActionError);
    await expect(failure).rejects.toThrow(
      'sts:GetCallerIdentity failed: ExpiredToken: The security token included in the request is expired',
    );
  });
});
