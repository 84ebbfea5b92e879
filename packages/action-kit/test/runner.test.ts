import { describe, expect, it } from '@jest/globals';
import { detectRunner } from '@aws-delivery/action-kit';

describe('detectRunner', () => {
  it.each([
    [{ ACT: 'true', GITHUB_ACTIONS: 'true' }, 'act', false],
    [{}, 'local', false],
    [{ GITHUB_ACTIONS: 'true', RUNNER_ENVIRONMENT: 'github-hosted' }, 'github-hosted', false],
    [{ GITHUB_ACTIONS: 'true', RUNNER_ENVIRONMENT: 'self-hosted' }, 'self-hosted', false],
    [{ GITHUB_ACTIONS: 'true', GITHUB_SERVER_URL: 'https://github.example-bank.com' }, 'self-hosted', true],
    [{ GITHUB_ACTIONS: 'true', GITHUB_SERVER_URL: 'https://octo.ghe.com' }, 'self-hosted', false],
    [{ GITHUB_ACTIONS: 'true', GITHUB_SERVER_URL: 'https://github.com' }, 'self-hosted', false],
  ])('%j is %s (GHES: %s)', (env, kind, ghes) => {
    const info = detectRunner(env);
    expect(info.kind).toBe(kind);
    expect(info.ghes).toBe(ghes);
  });

  it('knows whether the job may request an OIDC token', () => {
    expect(
      detectRunner({ ACTIONS_ID_TOKEN_REQUEST_URL: 'https://x', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't' }).oidcAvailable,
    ).toBe(true);
    expect(detectRunner({ ACTIONS_ID_TOKEN_REQUEST_URL: 'https://x' }).oidcAvailable).toBe(false);
  });
});
