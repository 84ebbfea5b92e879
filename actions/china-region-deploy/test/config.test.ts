import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  it('refuses a bucket name or key prefix S3 would not take, naming the input', () => {
    expect(() => config({ bucket: 'Artifacts_CN' })).toThrow(ConfigurationError);
    expect(() => config({ bucket: 'Artifacts_CN' })).toThrow(/Input "bucket"/);
    expect(() => config({ 'key-prefix': '../up' })).toThrow(/Input "key-prefix"/);
    expect(config({ 'key-prefix': 'releases/v1' }).keyPrefix).toBe('releases/v1/');
  });

  it('uses aws:kms when a key is given', () => {
    expect(config({ 'kms-key-id': 'alias/artifacts' }).encryption).toEqual({
      type: 'aws:kms',
      keyId: 'alias/artifacts',
    });
    expect(config().encryption).toEqual({ type: 'AES256' });
  });

  it('waits with a poll every 5 s for at most 60 min unless told otherwise', () => {
    expect(config().wait).toEqual({ pollIntervalMs: 5000, timeoutMs: 3_600_000 });
    expect(config({ 'poll-interval-seconds': '15', 'wait-timeout-minutes': '120' }).wait).toEqual({
      pollIntervalMs: 15_000,
      timeoutMs: 7_200_000,
    });
  });

  it('refuses a wait input out of range or a poll interval not shorter than the wait, naming the input', () => {
    const inputOf = (extra: Record<string, string>) => {
      try {
        config(extra);
      } catch (error) {
        return error instanceof ConfigurationError ? (error.input ?? error.message) : 'not a ConfigurationError';
      }
      return 'accepted';
    };
    expect(inputOf({ 'poll-interval-seconds': '0' })).toMatch(/poll-interval-seconds/);
    expect(inputOf({ 'wait-timeout-minutes': '361' })).toMatch(/wait-timeout-minutes/);
    expect(inputOf({ 'wait-timeout-minutes': 'soon' })).toMatch(/wait-timeout-minutes/);
    expect(inputOf({ 'poll-interval-seconds': '60', 'wait-timeout-minutes': '1' })).toBe('poll-interval-seconds');
    expect(inputOf({ 'poll-interval-seconds': '59', 'wait-timeout-minutes': '1' })).toBe('accepted');
  });

  it('names the change set after the run, the job and the step, so two steps of one run never share a name', () => {
    const env = { GITHUB_WORKSPACE: '/w', GITHUB_RUN_ID: '42', GITHUB_RUN_ATTEMPT: '1', GITHUB_JOB: 'deploy' };
    const read = (extra: Record<string, string>) =>
      buildConfig(
        readInputs(
          inputSpec,
          (name) => ({ ...base })[name] ?? '',
          () => {},
        ),
        { ...env, ...extra },
      ).changeSetName;
    const first = read({ GITHUB_ACTION: '__run' });
    expect(first).toMatch(/^china-region-deploy-42-1-[0-9a-f]{10}$/);
    expect(read({ GITHUB_ACTION: '__run_2' })).not.toBe(first);
  });

  it('reads the SSM key parameters as a pair in a region outside aws-cn, and never together with access-key-id', () => {
    const names = {
      'ssm-access-key-id-parameter': '/cn/id',
      'ssm-secret-access-key-parameter': '/cn/secret',
    };
    expect(config(names).ssmKeys).toEqual({
      accessKeyIdParameter: '/cn/id',
      secretAccessKeyParameter: '/cn/secret',
      region: 'us-east-1',
    });
    expect(config({ ...names, 'ssm-region': 'eu-west-1' }).ssmKeys?.region).toBe('eu-west-1');
    expect(() => config({ ...names, 'ssm-region': 'cn-north-1' })).toThrow(
      /"ssm-region" is cn-north-1, a China region/,
    );
    expect(() => config({ 'ssm-access-key-id-parameter': '/cn/id' })).toThrow(/ssm-secret-access-key-parameter/);
    expect(() => config({ ...names, 'access-key-id': 'AKID', 'secret-access-key': 's' })).toThrow(
      /both give the aws-cn keys/,
    );
    expect(config().ssmKeys).toBeUndefined();
  });

  describe('the global side', () => {
    const keys = { 'access-key-id': 'AKIDCHINA', 'secret-access-key': 'china-secret' };
    const global = { ...keys, 'global-region': 'us-east-1', 'global-bucket': 'artifacts-global' };

    it('deploys the same stack name to a global region, its own bucket and change set, sse as given', () => {
      const side = config({ ...global, sse: 'aws:kms' }).global;
      expect(side).toMatchObject({
        region: 'us-east-1',
        bucket: 'artifacts-global',
        stackName: 's',
        encryption: { type: 'aws:kms' },
        notificationArns: [],
      });
      expect(side?.changeSetName).not.toBe(config({ ...global }).changeSetName);
      expect(config({ ...global, 'global-stack-name': 's-us' }).global?.stackName).toBe('s-us');
      expect(config(keys).global).toBeUndefined();
    });

    it('refuses a China region, a missing bucket, a stray global input and ARNs of another partition', () => {
      expect(() => config({ ...global, 'global-region': 'cn-northwest-1' })).toThrow(
        /"global-region" is cn-northwest-1/,
      );
      expect(() => config({ ...global, 'global-bucket': '' })).toThrow(/global-bucket/);
      expect(() => config({ ...keys, 'global-bucket': 'artifacts-global' })).toThrow(/"global-region" is empty/);
      expect(() => config({ ...keys, 'global-role-arn': 'arn:aws:iam::123456789012:role/cfn' })).toThrow(
        /"global-role-arn" is set but "global-region" is empty/,
      );
      expect(() => config({ ...global, 'global-bucket': 'a' })).toThrow(/Input "global-bucket"/);
      expect(() => config({ ...global, 'global-role-arn': 'arn:aws-cn:iam::123456789012:role/cfn' })).toThrow(
        /global-role-arn/,
      );
      expect(config({ ...global, 'global-role-arn': 'arn:aws:iam::123456789012:role/cfn' }).global?.roleArn).toBe(
        'arn:aws:iam::123456789012:role/cfn',
      );
    });

    it('needs the aws-cn keys from the inputs or SSM, since the step environment signs the global side', () => {
      const { 'access-key-id': _id, 'secret-access-key': _secret, ...withoutKeys } = global;
      expect(() => config(withoutKeys)).toThrow(/"global-region" is set, but the aws-cn credentials/);
      expect(
        config({
          ...withoutKeys,
          'ssm-access-key-id-parameter': '/cn/id',
          'ssm-secret-access-key-parameter': '/cn/secret',
        }).global?.region,
      ).toBe('us-east-1');
    });
  });
});

describe('template', () => {
  const root = mkdtempSync(join(tmpdir(), 'china-template-'));
  const workspace = join(root, 'workspace');
  const outside = join(root, 'elsewhere');
  mkdirSync(join(workspace, 'cfn'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(outside, 'other.yaml'), 'Resources: {}\n');
  // A link a pull request could add, leading out of the checkout.
  symlinkSync(join(outside, 'other.yaml'), join(workspace, 'cfn', 'linked.yaml'));
  const templateOf = (template: string, env: Record<string, string> = {}) =>
    buildConfig(
      readInputs(
        inputSpec,
        (name) => ({ ...base, template })[name] ?? '',
        () => {},
      ),
      { GITHUB_WORKSPACE: workspace, ...env },
    ).template;
  const refusal = (template: string): ConfigurationError => {
    try {
      templateOf(template);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as ConfigurationError).input).toBe('template');
      return error as ConfigurationError;
    }
    throw new Error('expected a ConfigurationError');
  };

  it('is resolved against the workspace; RUNNER_TEMP is allowed too', () => {
    expect(templateOf('cfn/stack.yaml')).toBe(join(workspace, 'cfn/stack.yaml'));
    expect(templateOf(join(outside, 'x.yaml'), { RUNNER_TEMP: outside })).toBe(join(outside, 'x.yaml'));
  });

  it.each([
    ['../elsewhere/other.yaml', ` resolves to ${JSON.stringify(join(outside, 'other.yaml'))},`],
    ['/etc/passwd', ' is'],
    ['cfn/linked.yaml', ` resolves through a symbolic link to ${JSON.stringify(join(outside, 'other.yaml'))},`],
  ])('refuses %s outside the workspace, naming the input', (template, where) => {
    expect(refusal(template).message).toBe(
      `template ${JSON.stringify(template)}${where} outside the workspace (${workspace}). ` +
        'Fix: give a path inside the workspace.',
    );
  });
});
