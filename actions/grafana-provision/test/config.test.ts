import { describe, expect, it } from '@jest/globals';
import { readInputs } from '@aws-delivery/action-kit';
import { buildConfig, versionMessage } from '../src/config.js';
import { inputSpec } from '../src/inputs.js';

const configOf = (raw: Record<string, string>, env: Record<string, string> = {}) =>
  buildConfig(
    readInputs(
      inputSpec,
      (name) => raw[name] ?? '',
      () => undefined,
    ),
    env,
  );
const URL_INPUT = { 'grafana-url': 'https://grafana.example.com/' };

describe('buildConfig: how the step signs in', () => {
  it('takes a token, basic auth (with or without a bootstrap token), or a Secrets Manager secret', () => {
    expect(configOf({ ...URL_INPUT, token: 'glsa_x' }).auth).toEqual({ kind: 'token', token: 'glsa_x' });
    expect(configOf({ ...URL_INPUT, username: 'admin', password: 'pw' }).auth).toEqual({
      kind: 'basic',
      username: 'admin',
      password: 'pw',
    });
    expect(
      configOf({ ...URL_INPUT, username: 'admin', password: 'pw', 'create-token': 'true', 'keep-token': 'true' }).auth,
    ).toEqual({ kind: 'basic', username: 'admin', password: 'pw', createToken: { secondsToLive: 3600, keep: true } });
    expect(
      configOf(
        { ...URL_INPUT, 'token-secret-id': 'grafana/token', 'token-secret-key': 'key' },
        { AWS_REGION: 'cn-north-1' },
      ).auth,
    ).toEqual({ kind: 'secrets-manager', secretId: 'grafana/token', jsonKey: 'key', region: 'cn-north-1' });
  });

  it.each([
    [{ token: 't', username: 'u', password: 'p' }, /Inputs token and username\/password are both set/, 'token'],
    [{}, /No way to sign in to Grafana is set/, 'token'],
    [
      { token: 't', 'create-token': 'true' },
      /a token is created by signing in with username and password/,
      'create-token',
    ],
    [{ username: 'admin' }, /Input "password" is empty/, 'password'],
    [{ 'token-secret-id': 'grafana/token' }, /AWS_REGION is not set/, 'aws-region'],
  ])('%j is refused, naming the input', (inputs, message, input) => {
    expect(() => configOf({ ...URL_INPUT, ...inputs })).toThrow(message);
    try {
      configOf({ ...URL_INPUT, ...inputs });
    } catch (error) {
      expect((error as { input?: string }).input).toBe(input);
    }
  });
});

describe('buildConfig: where and what', () => {
  it('keeps a sub-path of the Grafana URL without the trailing slash', () => {
    expect(configOf({ 'grafana-url': 'https://host.example/grafana/', token: 't' }).url).toBe(
      'https://host.example/grafana',
    );
  });

  it.each(['ftp://grafana', 'https://admin:pw@grafana.example.com', 'not a url', 'https://g.example/?orgId=2'])(
    'refuses the Grafana URL %s',
    (url) => {
      expect(() => configOf({ 'grafana-url': url, token: 't' })).toThrow(/Input "grafana-url"/);
    },
  );

  it.each(['/etc', '../other-repo', 'grafana/../../x', 'C:/grafana'])(
    'refuses resources-dir %s (outside the workspace)',
    (dir) => {
      expect(() => configOf({ ...URL_INPUT, token: 't', 'resources-dir': dir })).toThrow(/inside the workspace/);
    },
  );

  it('normalises resources-dir and reads the plan switches', () => {
    const config = configOf({
      ...URL_INPUT,
      token: 't',
      'resources-dir': './ops//grafana/',
      prune: 'true',
      'rotate-secrets': 'true',
    });
    expect(config.resourcesDir).toBe('ops/grafana');
    expect(config.plan).toEqual({
      prune: true,
      overwriteUiEdits: false,
      rotateSecrets: true,
      disableProvenance: false,
    });
  });

  it('builds the deploy annotation from the tags, the repository and the commit', () => {
    const config = configOf(
      { ...URL_INPUT, token: 't', annotate: 'true', 'annotation-tags': 'service:payments, env:prod' },
      { GITHUB_REPOSITORY: 'fintech/payments', GITHUB_SHA: 'abcdef0123456789abcdef' },
    );
    expect(config.annotation).toEqual({
      text: 'Deploy of fintech/payments at abcdef012345',
      tags: ['service:payments', 'env:prod', 'grafana-provision', 'commit:abcdef012345'],
      endInPost: true,
    });
  });

  it('leaves the annotation to a later step with annotation-end: later; end-annotation-id names the one to end', () => {
    const start = configOf({ ...URL_INPUT, token: 't', annotate: 'true', 'annotation-end': 'later' });
    expect(start.annotation?.endInPost).toBe(false);
    const end = configOf({ ...URL_INPUT, token: 't', 'end-annotation-id': '42' });
    expect(end.endAnnotationId).toBe(42);
    expect(end.annotation).toBeUndefined();
  });

  it.each([
    [{ annotate: 'true', 'dry-run': 'true' }, /a dry run deploys nothing/, 'annotate'],
    [{ 'end-annotation-id': '42', 'dry-run': 'true' }, /a dry run writes nothing/, 'end-annotation-id'],
    [{ 'annotation-end': 'later' }, /there is no deploy annotation to leave open/, 'annotation-end'],
    [{ 'end-annotation-id': 'abc' }, /end-annotation-id/, 'end-annotation-id'],
  ])('refuses %j, naming the input', (inputs, message, input) => {
    let thrown: unknown;
    try {
      configOf({ ...URL_INPUT, token: 't', ...inputs });
    } catch (error) {
      thrown = error;
    }
    expect((thrown as Error).message).toMatch(message);
    expect((thrown as { input?: string }).input).toBe(input);
  });
});

describe('versionMessage', () => {
  it('names the commit and the run URL when the runner gives them', () => {
    expect(
      versionMessage({
        GITHUB_SHA: 'abc123',
        GITHUB_REPOSITORY: 'o/r',
        GITHUB_RUN_ID: '7',
        GITHUB_SERVER_URL: 'https://ghe.example',
      }),
    ).toBe('grafana-provision commit abc123 https://ghe.example/o/r/actions/runs/7');
    expect(versionMessage({})).toBe('grafana-provision');
  });
});
