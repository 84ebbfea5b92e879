import { describe, expect, it } from '@jest/globals';
import { ActionError } from '@aws-delivery/action-kit';
import { buildArn } from '../src/names/arn.js';
import { getCallerIdentity } from '../src/sts/caller-identity.js';
import type { GetCallerIdentityOutput } from '../src/sts/query-protocol.js';
import type { StsCallOptions } from '../src/sts/query-client.js';

/** A client whose GetCallerIdentity answers (or fails) as scripted, recording the options of each call. */
function answering(outcome: Omit<GetCallerIdentityOutput, '$metadata'> | Error, region = 'us-east-1') {
  const calls: StsCallOptions[] = [];
  const client = {
    region,
    endpoint: `https://sts.${region}.amazonaws.com`,
    getCallerIdentity: async (options: StsCallOptions = {}) => {
      calls.push(options);
      if (outcome instanceof Error) throw outcome;
      return { ...outcome, $metadata: { httpStatusCode: 200 } };
    },
  };
  return { client, calls };
}

describe('getCallerIdentity', () => {
  it.each([
    ['aws-us-gov', '123456789012'],
    ['aws-cn', '012345678901'],
  ] as const)('returns the identity and its partition (%s)', async (partition, account) => {
    const arn = buildArn({ partition, service: 'sts', region: '', accountId: account, resource: 'assumed-role/R/s' });
    const { client } = answering({ Account: account, Arn: arn, UserId: 'AROA:s' });
    const identity = await getCallerIdentity(client);
    expect(identity).toEqual({ accountId: account, arn, userId: 'AROA:s', partition });
  });

  it.each([
    ['another account', '999999999999'],
    ['a line break and a workflow command', '123456789012\n::error::injected'],
  ])('refuses an Account that is not the ARN’s (%s), quoting it on one line', async (_what, account) => {
    const arn = 'arn:aws:iam::123456789012:user/ci';
    const failure = getCallerIdentity(answering({ Account: account, Arn: arn, UserId: 'AIDA' }).client);
    await expect(failure).rejects.toBeInstanceOf(ActionError);
    await expect(failure).rejects.toThrow(
      `sts:GetCallerIdentity answered the Account ${JSON.stringify(account)}, which is not the account of the ARN ` +
        'it answered (123456789012).',
    );
  });

  it('asks with the credentials it is given', async () => {
    const arn = buildArn({
      partition: 'aws',
      service: 'iam',
      region: '',
      accountId: '123456789012',
      resource: 'user/ci',
    });
    const { client, calls } = answering({ Account: '123456789012', Arn: arn, UserId: 'AIDA' });
    const credentials = { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret' };
    await getCallerIdentity(client, { credentials });
    await getCallerIdentity(client);
    expect(calls).toEqual([{ credentials }, {}]);
  });

  it('explains a failure, in the region of the client', async () => {
    const expired = Object.assign(new Error('The security token included in the request is expired'), {
      name: 'ExpiredToken',
    });
    const failure = getCallerIdentity(answering(expired).client);
    await expect(failure).rejects.toBeInstanceOf(ActionError);
    await expect(failure).rejects.toThrow(
      'sts:GetCallerIdentity failed: ExpiredToken: The security token included in the request is expired',
    );
    const disabled = Object.assign(new Error('STS is not activated in this region'), {
      name: 'RegionDisabledException',
    });
    await expect(getCallerIdentity(answering(disabled, 'ap-east-1').client)).rejects.toMatchObject({
      hint: expect.stringContaining('STS is not active in ap-east-1'),
    });
  });
});
