import { describe, expect, it } from '@jest/globals';
import { ConfigurationError } from '@aws-delivery/action-kit';
import { buildArn, checkArnPartition, parseArn, roleArn } from '../src/names/arn.js';
import { validateAccountId } from '../src/names/account-id.js';

function message(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigurationError');
}

describe('parseArn', () => {
  it.each([
    [
      'arn:aws:iam::123456789012:role/path/Deployer',
      { partition: 'aws', service: 'iam', region: '', accountId: '123456789012', resource: 'role/path/Deployer' },
    ],
    [
      'arn:aws-cn:ecr:cn-north-1:012345678901:repository/app',
      {
        partition: 'aws-cn',
        service: 'ecr',
        region: 'cn-north-1',
        accountId: '012345678901',
        resource: 'repository/app',
      },
    ],
    [
      'arn:aws-us-gov:logs:us-gov-west-1:123456789012:log-group:/aws/eks:*',
      {
        partition: 'aws-us-gov',
        service: 'logs',
        region: 'us-gov-west-1',
        accountId: '123456789012',
        resource: 'log-group:/aws/eks:*',
      },
    ],
    [
      'arn:aws:s3:::my-bucket/key',
      { partition: 'aws', service: 's3', region: '', accountId: '', resource: 'my-bucket/key' },
    ],
    [
      'arn:aws:iam::aws:policy/ReadOnlyAccess',
      { partition: 'aws', service: 'iam', region: '', accountId: 'aws', resource: 'policy/ReadOnlyAccess' },
    ],
  ])('parses %s', (value, expected) => {
    expect(parseArn(value)).toEqual(expected);
    expect(buildArn(parseArn(value))).toBe(value);
  });

  it.each([
    ['role/Deployer', 'an ARN has the shape arn:<partition>:<service>:<region>:<account-id>:<resource>'],
    ['arn:aws:iam::123456789012', 'an ARN has the shape'],
    [
      'arn:aws-china:iam::123456789012:role/x',
      'partition "aws-china" is not one of aws, aws-cn, aws-us-gov (did you mean "aws-cn"?)',
    ],
    ['arn:aws:iam::12345678901:role/x', 'account id "12345678901" is not 12 digits'],
    ['arn:aws:ecr:cn-north-1:123456789012:repository/app', 'region "cn-north-1" is not a region of partition aws'],
    ['arn:aws::us-east-1:123456789012:thing', 'service "" is not a service name'],
    ['arn:aws:iam::123456789012:', 'the resource part after the account id is empty'],
  ])('rejects %s', (value, rule) => {
    expect(message(() => parseArn(value, 'role-to-assume'))).toContain(
      `role-to-assume "${value}" is not a valid ARN: ${rule}`,
    );
  });
});

describe('checkArnPartition', () => {
  it('accepts an ARN in the region partition', () => {
    expect(checkArnPartition('arn:aws-cn:iam::123456789012:role/x', 'cn-northwest-1').partition).toBe('aws-cn');
  });

  it('names both partitions and the corrected ARN on a mismatch', () => {
    const text = message(() =>
      checkArnPartition('arn:aws:iam::123456789012:role/Deployer', 'cn-north-1', 'role-to-assume'),
    );
    expect(text).toContain(
      'role-to-assume "arn:aws:iam::123456789012:role/Deployer" is in partition aws (AWS commercial)',
    );
    expect(text).toContain('region "cn-north-1" is in partition aws-cn (AWS China)');
    expect(text).toContain('"arn:aws-cn:iam::123456789012:role/Deployer"');
  });

  it('catches a GovCloud ARN used with a commercial region', () => {
    const text = message(() => checkArnPartition('arn:aws-us-gov:iam::123456789012:role/x', 'us-east-1'));
    expect(text).toMatch(/partition aws-us-gov .* region "us-east-1" is in partition aws /);
  });
});

describe('roleArn', () => {
  it.each([
    // account or ARN, name or path, region, expected
    ['123456789012', 'Deployer', 'us-east-1', 'arn:aws:iam::123456789012:role/Deployer'],
    ['123456789012', 'Deployer', 'cn-north-1', 'arn:aws-cn:iam::123456789012:role/Deployer'],
    ['123456789012', 'Deployer', 'us-gov-west-1', 'arn:aws-us-gov:iam::123456789012:role/Deployer'],
    ['123456789012', 'team/ci/Deployer', 'eu-west-1', 'arn:aws:iam::123456789012:role/team/ci/Deployer'],
    ['123456789012', '/team/Deployer', 'eu-west-1', 'arn:aws:iam::123456789012:role/team/Deployer'],
    [
      'arn:aws-cn:sts::210987654321:assumed-role/Base/session',
      'Next',
      'cn-northwest-1',
      'arn:aws-cn:iam::210987654321:role/Next',
    ],
    [undefined, 'arn:aws:iam::123456789012:role/x/Y', 'us-west-2', 'arn:aws:iam::123456789012:role/x/Y'],
    ['999999999999', 'arn:aws-cn:iam::123456789012:role/Z', 'cn-north-1', 'arn:aws-cn:iam::123456789012:role/Z'],
  ])('roleArn(%s, %s, %s) = %s', (account, name, region, expected) => {
    expect(roleArn(account, name, region)).toBe(expected);
  });

  it.each([
    [undefined, 'Deployer', 'us-east-1', 'is a role name without an account'],
    ['12345', 'Deployer', 'us-east-1', 'account of role-to-assume "12345" is not an AWS account id'],
    [
      '123456789012',
      'arn:aws:iam::123456789012:role/x',
      'cn-north-1',
      'is in partition aws (AWS commercial), but region "cn-north-1" is in partition aws-cn',
    ],
    [
      'arn:aws:sts::123456789012:assumed-role/A/s',
      'Next',
      'cn-north-1',
      'is in partition aws (AWS commercial), but region "cn-north-1"',
    ],
    ['123456789012', 'arn:aws:iam::123456789012:user/bob', 'us-east-1', 'is not an IAM role ARN'],
    ['123456789012', 'arn:aws:s3:::bucket', 'us-east-1', 'is not an IAM role ARN'],
    ['123456789012', 'Deploy er', 'us-east-1', 'is not a valid IAM role'],
    ['123456789012', 'x'.repeat(65), 'us-east-1', 'is not a valid IAM role'],
    ['123456789012', 'team//Deployer', 'us-east-1', 'is not a valid IAM role'],
  ])('roleArn(%s, %s, %s) fails: %s', (account, name, region, expected) => {
    expect(message(() => roleArn(account, name, region))).toContain(expected);
  });
});

describe('validateAccountId', () => {
  it.each(['123456789012', '000000000001'])('accepts %s', (value) => {
    expect(validateAccountId(value, 'account')).toBe(value);
  });

  it.each([
    ['12345678901', 'It has 11 digits: if it lost its leading zeros'],
    ['1234567890123', 'exactly 12 digits'],
    ['12345678901a', 'exactly 12 digits'],
    ['', 'exactly 12 digits'],
  ])('rejects %j', (value, expected) => {
    expect(message(() => validateAccountId(value, 'account'))).toContain(expected);
  });
});
