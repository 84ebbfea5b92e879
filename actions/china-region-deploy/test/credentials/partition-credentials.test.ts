import { describe, expect, it } from '@jest/globals';
import type { GlobalSide } from '../../src/config.js';
import { partitionCredentials, signingLines } from '../../src/credentials/partition-credentials.js';

const CHINA = { accessKeyId: 'AKIDCHINA', secretAccessKey: 'china-secret' };
const ENV = { AWS_ACCESS_KEY_ID: 'AKIDGLOBAL', AWS_SECRET_ACCESS_KEY: 'global-secret', AWS_SESSION_TOKEN: 'token' };
const noSsm = () => {
  throw new Error('SSM is not opened without the SSM parameters');
};

describe('partitionCredentials', () => {
  it('signs aws-cn with the step environment when no keys are given, and has no global side', async () => {
    const masks: string[] = [];
    const chosen = partitionCredentials({}, { env: ENV, mask: (secret) => secret && masks.push(secret) }, noSsm);
    expect(await chosen.china()).toMatchObject({ accessKeyId: 'AKIDGLOBAL', sessionToken: 'token' });
    expect(chosen.global).toBeUndefined();
    await expect(chosen.globalSigning()).rejects.toThrow(/global side needs the aws-cn keys/);
    expect(masks).toEqual(['global-secret', 'token']);
    expect(signingLines({ region: 'cn-north-1' }, chosen)).toEqual([
      'CloudFormation and S3 in cn-north-1 (partition aws-cn): signed with AWS_ACCESS_KEY_ID of the step environment.',
    ]);
  });

  it('keeps the access-key-id input for aws-cn and the step environment for the global side', async () => {
    const chosen = partitionCredentials({ keys: CHINA }, { env: ENV, mask: () => {} }, noSsm);
    expect((await chosen.china()).accessKeyId).toBe('AKIDCHINA');
    expect((await chosen.globalSigning()).accessKeyId).toBe('AKIDGLOBAL');
    const global: GlobalSide = {
      region: 'eu-west-1',
      bucket: 'artifacts-eu',
      stackName: 'app',
      changeSetName: 'china-region-deploy-1-1-0123456789',
      encryption: { type: 'AES256' },
      notificationArns: [],
    };
    expect(signingLines({ region: 'cn-northwest-1', global }, chosen)).toEqual([
      'CloudFormation and S3 in cn-northwest-1 (partition aws-cn): signed with the access-key-id input.',
      'CloudFormation and S3 in eu-west-1 (partition aws): signed with AWS_ACCESS_KEY_ID of the step environment.',
    ]);
  });

  it('refuses the global side when the aws-cn keys are the step environment’s own', async () => {
    const same = { accessKeyId: ENV.AWS_ACCESS_KEY_ID, secretAccessKey: 'whatever' };
    const chosen = partitionCredentials({ keys: same }, { env: ENV, mask: () => {} }, noSsm);
    await expect(chosen.globalSigning()).rejects.toThrow(/same access key as the global account/);
  });
});
