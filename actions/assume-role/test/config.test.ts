import { describe, expect, it } from '@jest/globals';
import { ConfigurationError, readInputs } from '@aws-delivery/action-kit';
import { captureStdout, checkActionInputs, refusalOf } from '@aws-delivery/testing';
import { buildConfig, checkAllowedAccount } from '../src/config.js';
import { inputSpec } from '../src/inputs.js';

const configOf = (values: Record<string, string>) => buildConfig(readInputs(inputSpec, (name) => values[name] ?? ''));

describe('assume-role inputs', () => {
  it('match action.yml both ways: names, required and defaults', () => {
    expect(() => checkActionInputs('actions/assume-role', inputSpec)).not.toThrow();
  });
});

describe('buildConfig', () => {
  it.each([
    ['eu-west-1', 'aws', 'sts.amazonaws.com'],
    ['cn-north-1', 'aws-cn', 'sts.amazonaws.com.cn'],
    ['cn-northwest-1', 'aws-cn', 'sts.amazonaws.com.cn'],
    ['us-gov-west-1', 'aws-us-gov', 'sts.amazonaws.com'],
  ])('derives the partition and OIDC audience of %s', (region, partition, audience) => {
    const config = configOf({ 'aws-region': region });
    expect(config.partition).toBe(partition);
    expect(config.audience).toBe(audience);
  });

  it('keeps an explicit audience', () => {
    expect(configOf({ 'aws-region': 'cn-north-1', audience: 'sts.amazonaws.com' }).audience).toBe('sts.amazonaws.com');
  });

  it.each(['cn-north', 'cn-nort-1', 'eu-west1', 'us-gov-west'])(
    'rejects the mistyped region %s before any call',
    (region) => {
      expect(() => configOf({ 'aws-region': region })).toThrow(ConfigurationError);
    },
  );

  it('sanitises the session name and reads defaults', () => {
    const config = configOf({ 'aws-region': 'eu-west-1', 'role-session-name': 'deploy #42' });
    expect(config.sessionName).toBe('deploy--42');
    expect(config.durationSeconds).toBe(3600);
    expect(config.tagging).toBe(true);
    expect(config.exportEnv).toBe(true);
    expect(config.cleanup).toBe(true);
    expect(config.client).toEqual({ requestTimeoutMs: 10_000, maxAttempts: 4, allowUnknownRegion: false });
  });

  it('reads session tags, policies and static keys, masking the keys as it reads them', () => {
    const stdout = captureStdout();
    let config: ReturnType<typeof configOf>;
    try {
      config = configOf({
        'aws-region': 'eu-west-1',
        'session-tags': 'Team=payments\nTicket=CHG#1',
        'inline-session-policy': '{"Version":"2012-10-17","Statement":[]}',
        'managed-session-policies': 'arn:aws:iam::aws:policy/ReadOnlyAccess',
        'aws-access-key-id': 'AKIA',
        'aws-secret-access-key': 'secret',
        'aws-session-token': 'token',
      });
    } finally {
      stdout.restore();
    }
    expect(stdout.text.split('\n').filter((line) => line !== '')).toEqual([
      '::add-mask::AKIA',
      '::add-mask::secret',
      '::add-mask::token',
    ]);
    expect(config.customTags).toEqual([
      { Key: 'Team', Value: 'payments' },
      { Key: 'Ticket', Value: 'CHG_1' },
    ]);
    expect(config.policies).toEqual({
      inline: { Version: '2012-10-17', Statement: [] },
      managedArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
    });
    expect(config.staticCredentials).toEqual({ accessKeyId: 'AKIA', secretAccessKey: 'secret', sessionToken: 'token' });
  });

  it.each([
    [{ 'role-duration-seconds': '899' }, /between 900 and 43200 seconds/],
    [{ 'allowed-account-ids': '12345' }, /not an AWS account id/],
    [{ profiles: 'prod env=arn:aws:iam::111122223333:role/x' }, /profile name "prod env"/],
    [{ profiles: '__proto__=arn:aws:iam::111122223333:role/x' }, /"__proto__", which the AWS SDK for JavaScript/],
    [{ profile: '__proto__' }, /Input "profile" has the profile name "__proto__"/],
    [{ refreshable: 'true', 'role-chain': 'arn:aws:iam::111122223333:role/x' }, /SDKs can only refresh a single/],
    [{ 'credential-source': 'keys' }, /must be one of: auto, oidc, web-identity-token-file, static, ambient/],
  ])('rejects %j', (values, message) => {
    expect(() => configOf({ 'aws-region': 'eu-west-1', ...values })).toThrow(message);
  });
});

describe('checkAllowedAccount', () => {
  it('passes an allowed account and any account when the list is empty', () => {
    expect(() => checkAllowedAccount('111122223333', ['111122223333'], 'x')).not.toThrow();
    expect(() => checkAllowedAccount('111122223333', [], 'x')).not.toThrow();
  });

  it('names the account and the list when it refuses', () => {
    expect(() => checkAllowedAccount('999999999999', ['111122223333'], 'The final identity')).toThrow(
      'The final identity belongs to account 999999999999, which is not in allowed-account-ids (111122223333).',
    );
  });
});

describe('web-identity-token-file', () => {
  const env = { GITHUB_WORKSPACE: '/w', RUNNER_TEMP: '/runner/temp' };
  const tokenFileOf = (values: Record<string, string>) =>
    buildConfig(
      readInputs(inputSpec, (name) => ({ 'aws-region': 'eu-west-1', ...values })[name] ?? ''),
      env,
    ).source.webIdentityTokenFile;

  it('is resolved against the workspace, and may lie in RUNNER_TEMP', () => {
    expect(tokenFileOf({ 'web-identity-token-file': 'tokens/id' })).toBe('/w/tokens/id');
    expect(tokenFileOf({ 'web-identity-token-file': '/runner/temp/oidc/token' })).toBe('/runner/temp/oidc/token');
  });

  it('is refused outside both, naming the input and the one that allows it', () => {
    let error: unknown;
    try {
      tokenFileOf({ 'web-identity-token-file': '/var/run/secrets/eks.amazonaws.com/serviceaccount/token' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).input).toBe('web-identity-token-file');
    expect((error as Error).message).toBe(
      'web-identity-token-file "/var/run/secrets/eks.amazonaws.com/serviceaccount/token" is outside the ' +
        'workspace (/w) and RUNNER_TEMP ' +
        '(/runner/temp). Fix: give a path inside the workspace or RUNNER_TEMP, or set ' +
        'allow-paths-outside-workspace: true if a path outside them is meant.',
    );
  });

  it('may lie anywhere with allow-paths-outside-workspace', () => {
    expect(
      tokenFileOf({
        'web-identity-token-file': '/var/run/secrets/eks.amazonaws.com/serviceaccount/token',
        'allow-paths-outside-workspace': 'true',
      }),
    ).toBe('/var/run/secrets/eks.amazonaws.com/serviceaccount/token');
  });
});

describe('static credential inputs', () => {
  const keys = { 'aws-region': 'eu-west-1', 'aws-access-key-id': 'AKIAEXAMPLE', 'aws-secret-access-key': 's/k+Y=' };
  // Masking is not under test here: the secrets are read without registering masks on stdout.
  const configOf = (values: Record<string, string>) =>
    buildConfig(
      readInputs(
        inputSpec,
        (name) => values[name] ?? '',
        () => {},
      ),
    );
  // Node refuses a header character beyond Latin-1 with its own error ("Invalid character in header content").
  it.each([
    ['aws-access-key-id', 'AKIA\u20acEXAMPLE'],
    ['aws-secret-access-key', 'secret\u0439key'],
    ['aws-session-token', 'token\nx'],
    ['aws-session-token', 'tok en'],
    ['aws-secret-access-key', 's\u00e9cret'],
  ])('refuses %s with a character no AWS credential has, naming the input and not the value', (input, value) => {
    const message = refusalOf(() => configOf({ ...keys, [input]: value }), input);
    expect(message).toBe(
      `Input "${input}" holds white space, a line break or a character that is not ASCII, which no AWS ` +
        'credential has. Fix: set the secret again to the credential alone.',
    );
  });

  it('takes printable ASCII as given', () => {
    expect(configOf({ ...keys, 'aws-session-token': 'IQoJb3JpZ2luX2VjE/+=' }).staticCredentials).toEqual({
      accessKeyId: 'AKIAEXAMPLE',
      secretAccessKey: 's/k+Y=',
      sessionToken: 'IQoJb3JpZ2luX2VjE/+=',
    });
  });
});
