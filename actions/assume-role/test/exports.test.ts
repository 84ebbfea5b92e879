import { describe, expect, it } from '@jest/globals';
import { planExports, secretsOf } from '../src/exports.js';

const creds = { accessKeyId: 'ASIAFINAL', secretAccessKey: 'final-secret', sessionToken: 'final-token' };
const test = { accessKeyId: 'ASIATEST', secretAccessKey: 'test-secret', sessionToken: 'test-token' };

describe('planExports', () => {
  it('exports keys and region by default and writes no files', () => {
    const plan = planExports({
      region: 'cn-north-1',
      credentials: creds,
      exportEnv: true,
      profiles: {},
      dir: '/tmp/x',
    });
    expect(plan.env).toEqual({
      AWS_REGION: 'cn-north-1',
      AWS_DEFAULT_REGION: 'cn-north-1',
      AWS_ACCESS_KEY_ID: 'ASIAFINAL',
      AWS_SECRET_ACCESS_KEY: 'final-secret',
      AWS_SESSION_TOKEN: 'final-token',
    });
    expect(plan.files).toEqual([]);
  });

  it('blanks a stale session token when the new keys are long-term', () => {
    const plan = planExports({
      region: 'eu-west-1',
      credentials: { accessKeyId: 'AKIA', secretAccessKey: 's' },
      exportEnv: true,
      profiles: {},
      dir: '/d',
    });
    expect(plan.env.AWS_SESSION_TOKEN).toBe('');
  });

  it('writes several named profiles into one job-private config/credentials pair', () => {
    const plan = planExports({
      region: 'eu-west-1',
      credentials: creds,
      exportEnv: false,
      profile: 'default',
      profiles: { test },
      dir: '/d',
    });
    expect(plan.env).toEqual({
      AWS_REGION: 'eu-west-1',
      AWS_DEFAULT_REGION: 'eu-west-1',
      AWS_CONFIG_FILE: '/d/config',
      AWS_SHARED_CREDENTIALS_FILE: '/d/credentials',
    });
    expect(plan.files).toEqual([
      { path: '/d/config', content: '[default]\nregion = eu-west-1\n\n[profile test]\nregion = eu-west-1\n' },
      {
        path: '/d/credentials',
        content:
          '[default]\naws_access_key_id = ASIAFINAL\naws_secret_access_key = final-secret\naws_session_token = final-token\n\n' +
          '[test]\naws_access_key_id = ASIATEST\naws_secret_access_key = test-secret\naws_session_token = test-token\n',
      },
    ]);
  });

  it('exports a token file and role instead of keys in refreshable mode', () => {
    const plan = planExports({
      region: 'eu-west-1',
      credentials: creds,
      exportEnv: true,
      profiles: {},
      refreshable: {
        tokenFile: '/d/token',
        token: 'jwt',
        roleArn: 'arn:aws:iam::111122223333:role/r',
        sessionName: 's',
      },
      dir: '/d',
    });
    expect(plan.env.AWS_ACCESS_KEY_ID).toBeUndefined();
    expect(plan.env.AWS_WEB_IDENTITY_TOKEN_FILE).toBe('/d/token');
    expect(plan.env.AWS_ROLE_ARN).toBe('arn:aws:iam::111122223333:role/r');
    expect(plan.files).toEqual([{ path: '/d/token', content: 'jwt' }]);
  });

  it('lists every secret value to mask', () => {
    expect([...secretsOf(creds), ...secretsOf(test)].sort()).toEqual(
      ['ASIAFINAL', 'final-secret', 'final-token', 'ASIATEST', 'test-secret', 'test-token'].sort(),
    );
  });
});

describe('the credentials file writer', () => {
  it('refuses a value with a line break, which would add a profile, naming the key and not the value', () => {
    const plan = () =>
      planExports({
        region: 'eu-west-1',
        credentials: { ...creds, sessionToken: 'tok\n[evil]\ncredential_process = /bin/sh -c x' },
        exportEnv: false,
        profile: 'default',
        profiles: {},
        dir: '/d',
      });
    expect(plan).toThrow(
      'Refusing to write aws_session_token into the credentials file: its value holds a control character.',
    );
    expect(plan).not.toThrow(/evil/);
  });
});
