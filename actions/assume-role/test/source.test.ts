import { describe, expect, it } from '@jest/globals';
import { ActionError, ConfigurationError, type RunnerInfo } from '@aws-delivery/action-kit';
import { chooseSource, type SourceInputs } from '../src/source.js';

const hosted: RunnerInfo = { kind: 'github-hosted', ghes: false, serverUrl: 'https://github.com', oidcAvailable: true };
const noOidc: RunnerInfo = { ...hosted, oidcAvailable: false };
const act: RunnerInfo = { ...hosted, kind: 'act', oidcAvailable: false };
const selfHosted: RunnerInfo = { ...hosted, kind: 'self-hosted', oidcAvailable: false };
const role = 'arn:aws:iam::111122223333:role/deploy';

describe('chooseSource', () => {
  it.each<[string, SourceInputs, RunnerInfo, string]>([
    [
      'token file first',
      { requested: 'auto', roleToAssume: role, webIdentityTokenFile: '/t' },
      hosted,
      'web-identity-token-file',
    ],
    [
      'static keys next',
      { requested: 'auto', roleToAssume: role, accessKeyId: 'AK', secretAccessKey: 'SK' },
      hosted,
      'static',
    ],
    ['OIDC when permitted', { requested: 'auto', roleToAssume: role }, hosted, 'oidc'],
    ['ambient on a self-hosted runner without OIDC', { requested: 'auto', roleToAssume: role }, selfHosted, 'ambient'],
    [
      'ambient when the job environment has keys',
      { requested: 'auto', roleToAssume: role, environmentHasKeys: true },
      noOidc,
      'ambient',
    ],
    [
      'OIDC before keys in the environment',
      { requested: 'auto', roleToAssume: role, environmentHasKeys: true },
      hosted,
      'oidc',
    ],
    ['ambient without a role', { requested: 'auto' }, hosted, 'ambient'],
    ['explicit ambient', { requested: 'ambient', roleToAssume: role }, hosted, 'ambient'],
  ])('auto: %s', (_, inputs, runner, expected) => {
    const choice = chooseSource(inputs, runner);
    expect(choice.source).toBe(expected);
    expect(choice.reason.length).toBeGreaterThan(10);
  });

  it('explains the missing id-token permission with the permissions block', () => {
    try {
      chooseSource({ requested: 'oidc', roleToAssume: role }, noOidc);
      throw new Error('expected a failure');
    } catch (error) {
      expect(error).toBeInstanceOf(ActionError);
      expect((error as ActionError).message).toContain('id-token: write');
      expect((error as ActionError).hint).toContain('permissions:\n    id-token: write');
    }
  });

  it('tells act users to pass static keys as secrets', () => {
    expect(() => chooseSource({ requested: 'auto', roleToAssume: role }, act)).toThrow(/not available under act/);
    try {
      chooseSource({ requested: 'auto', roleToAssume: role }, act);
    } catch (error) {
      expect((error as ActionError).hint).toContain('secrets.AWS_ACCESS_KEY_ID');
    }
  });

  it.each<[SourceInputs, RegExp]>([
    [{ requested: 'auto', accessKeyId: 'AK' }, /aws-secret-access-key" is empty while its pair is set/],
    [{ requested: 'static' }, /credential-source" is static but/],
    [{ requested: 'web-identity-token-file', roleToAssume: role }, /web-identity-token-file" is empty/],
    [{ requested: 'oidc' }, /role-to-assume" is empty/],
  ])('rejects an incomplete configuration %j', (inputs, message) => {
    expect(() => chooseSource(inputs, hosted)).toThrow(ConfigurationError);
    expect(() => chooseSource(inputs, hosted)).toThrow(message);
  });
});
