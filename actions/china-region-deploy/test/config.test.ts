import { describe, expect, it } from '@jest/globals';
import { ConfigurationError, readInputs } from '@aws-delivery/action-kit';
import { buildConfig } from '../src/config.js';
import { inputSpec } from '../src/inputs.js';

const base = { template: 't.yaml', 'stack-name': 's', bucket: 'artifacts-cn' };
const config = (extra: Record<string, string> = {}) =>
  buildConfig(
    readInputs(
      inputSpec,
      (name) => ({ ...base, ...extra })[name] ?? '',
      () => {},
    ),
    { GITHUB_WORKSPACE: '/w' },
  );

describe('buildConfig', () => {
  it('reads parameters one Key=Value a line, commas and equals signs kept in the value', () => {
    expect(config({ parameters: 'Cidrs=10.0.0.0/8,172.16.0.0/12\n\nQuery=a=b\n' }).parameters).toEqual([
      { key: 'Cidrs', value: '10.0.0.0/8,172.16.0.0/12' },
      { key: 'Query', value: 'a=b' },
    ]);
  });

  it('reads the lint policy per finding kind and refuses an unknown kind', () => {
    expect(config({ 'lint-policy': 'partition-arn=fail\nresource-type=warn' }).lintPolicy).toEqual({
      'partition-arn': 'fail',
      'resource-type': 'warn',
    });
    expect(() => config({ 'lint-policy': 'arn=fail' })).toThrow(ConfigurationError);
  });

  it('refuses a service role of the commercial partition and a lone access key', () => {
    expect(() => config({ 'role-arn': 'arn:aws:iam::123456789012:role/cfn' })).toThrow(/role-arn/);
    expect(config({ 'role-arn': 'arn:aws-cn:iam::123456789012:role/cfn' }).roleArn).toBe(
      'arn:aws-cn:iam::123456789012:role/cfn',
    );
    expect(() => config({ 'access-key-id': 'AKID' })).toThrow(/secret-access-key/);
  });

  it('uses aws:kms when a key is given', () => {
    expect(config({ 'kms-key-id': 'alias/artifacts' }).encryption).toEqual({
      type: 'aws:kms',
      keyId: 'alias/artifacts',
    });
    expect(config().encryption).toEqual({ type: 'AES256' });
  });
});
