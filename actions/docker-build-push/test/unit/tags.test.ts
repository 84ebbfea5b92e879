import { describe, expect, it } from '@jest/globals';
import { readGitContext, type GitContext } from '../../src/refs/git-context.js';
import { ociLabels } from '../../src/refs/labels.js';
import { computeTags, parseAutoTags, parseSemVer, sanitizeTag, type AutoTagKind } from '../../src/refs/tags.js';

const SHA = '0123456789abcdef0123456789abcdef01234567';
const DEFAULT: AutoTagKind[] = ['sha', 'branch', 'pr', 'semver', 'latest'];
const context = (ref: string, defaultBranch = 'main'): GitContext => ({
  eventName: 'push',
  sha: SHA,
  ref,
  defaultBranch,
  repository: 'octo-org/octo-repo',
  serverUrl: 'https://github.com',
});

describe('computeTags', () => {
  it.each<[string, string, AutoTagKind[], string[], string[], string]>([
    ['push to the default branch', 'refs/heads/main', DEFAULT, [], ['main', 'latest', 'sha-0123456'], 'main'],
    [
      'push to another branch',
      'refs/heads/feature/login',
      DEFAULT,
      [],
      ['feature-login', 'sha-0123456'],
      'feature-login',
    ],
    ['pull request', 'refs/pull/42/merge', DEFAULT, [], ['pr-42', 'sha-0123456'], 'pr-42'],
    ['release tag', 'refs/tags/v1.2.3', DEFAULT, [], ['1.2.3', '1.2', '1', 'sha-0123456'], '1.2.3'],
    ['0.x release: no major tag', 'refs/tags/v0.4.1', DEFAULT, [], ['0.4.1', '0.4', 'sha-0123456'], '0.4.1'],
    [
      'prerelease: only the exact version',
      'refs/tags/v2.0.0-rc.1',
      DEFAULT,
      [],
      ['2.0.0-rc.1', 'sha-0123456'],
      '2.0.0-rc.1',
    ],
    [
      'build metadata: + becomes -',
      'refs/tags/1.0.0+build.5',
      DEFAULT,
      [],
      ['1.0.0-build.5', '1.0', '1', 'sha-0123456'],
      '1.0.0-build.5',
    ],
    [
      'non-semver tag with git-tag',
      'refs/tags/release/2024',
      ['git-tag', 'sha'],
      [],
      ['release-2024', 'sha-0123456'],
      'sha-0123456',
    ],
    ['non-semver tag without git-tag', 'refs/tags/nightly', DEFAULT, [], ['sha-0123456'], 'sha-0123456'],
    ['long sha', 'refs/heads/dev', ['long-sha'], [], [`sha-${SHA}`], 'dev'],
    [
      'explicit tags first, no duplicates',
      'refs/heads/main',
      DEFAULT,
      ['stable', 'main'],
      ['stable', 'main', 'latest', 'sha-0123456'],
      'main',
    ],
    ['only explicit', 'refs/heads/main', [], ['v9'], ['v9'], 'main'],
  ])('%s', (_title, ref, auto, explicit, tags, version) => {
    const plan = computeTags(context(ref), { auto, explicit });
    expect(plan.tags).toEqual(tags);
    expect(plan.version).toBe(version);
  });

  it('gives latest only on the default branch named by the payload', () => {
    expect(computeTags(context('refs/heads/main', 'trunk'), { auto: DEFAULT, explicit: [] }).tags).not.toContain(
      'latest',
    );
    expect(computeTags(context('refs/heads/trunk', 'trunk'), { auto: DEFAULT, explicit: [] }).tags).toContain('latest');
  });

  it('explains each tag', () => {
    const plan = computeTags(context('refs/tags/v1.2.3'), { auto: DEFAULT, explicit: ['x'] });
    expect(plan.reasons).toMatchObject({
      x: 'explicit',
      '1.2': 'semver from git tag v1.2.3',
      'sha-0123456': `commit ${SHA}`,
    });
  });

  it('refuses an invalid explicit tag, naming the input', () => {
    expect(() => computeTags(context('refs/heads/main'), { auto: DEFAULT, explicit: ['-bad'] })).toThrow(
      /Input "tags" has the item "-bad"/,
    );
  });

  it('refuses a run that yields no tag', () => {
    expect(() => computeTags(context('refs/tags/nightly'), { auto: ['semver'], explicit: [] })).toThrow(
      /No image tag results/,
    );
  });
});

describe('tag helpers', () => {
  it.each([
    ['feature/login', 'feature-login'],
    ['.hidden', 'hidden'],
    ['-x', 'x'],
    ['a b@c', 'a-b-c'],
    ['x'.repeat(200), 'x'.repeat(128)],
  ])('sanitizeTag(%j) = %j', (name, tag) => expect(sanitizeTag(name)).toBe(tag));

  it('parses semver with and without v', () => {
    expect(parseSemVer('v1.2.3')).toEqual({ major: 1, minor: 2, patch: 3 });
    expect(parseSemVer('1.2.3-beta.1+b7')).toEqual({ major: 1, minor: 2, patch: 3, prerelease: 'beta.1', build: 'b7' });
    expect(parseSemVer('1.2')).toBeUndefined();
    expect(parseSemVer('01.2.3')).toBeUndefined();
  });

  it('checks auto-tags kinds', () => {
    expect(parseAutoTags(['SHA', ' pr ', 'none'])).toEqual(['sha', 'pr']);
    expect(() => parseAutoTags(['commit'])).toThrow(/Input "auto-tags" has the value "commit".*sha, long-sha, branch/);
  });
});

describe('readGitContext', () => {
  it('reads a push with the default branch from the payload', () => {
    const env = { GITHUB_EVENT_NAME: 'push', GITHUB_SHA: SHA, GITHUB_REF: 'refs/heads/main', GITHUB_REPOSITORY: 'o/r' };
    expect(readGitContext(env, { repository: { default_branch: 'main' } })).toEqual({
      eventName: 'push',
      sha: SHA,
      ref: 'refs/heads/main',
      defaultBranch: 'main',
      repository: 'o/r',
      serverUrl: 'https://github.com',
    });
  });

  it('names pull_request_target runs by their PR number', () => {
    const env = { GITHUB_EVENT_NAME: 'pull_request_target', GITHUB_SHA: SHA, GITHUB_REF: 'refs/heads/main' };
    expect(readGitContext(env, { pull_request: { number: 7 } }).ref).toBe('refs/pull/7/merge');
  });

  it('prefers the default-branch input and trims the server URL', () => {
    const ctx = readGitContext(
      { GITHUB_SERVER_URL: 'https://ghes.example.com/' },
      { repository: { default_branch: 'x' } },
      'trunk',
    );
    expect(ctx.defaultBranch).toBe('trunk');
    expect(ctx.serverUrl).toBe('https://ghes.example.com');
  });
});

describe('ociLabels', () => {
  it('sets source, revision, created, version and lets the user override', () => {
    const labels = ociLabels(context('refs/heads/main'), '1.2.3', new Date('2026-01-02T03:04:05Z'), {
      'org.opencontainers.image.title': 'custom',
      team: 'payments',
    });
    expect(labels).toEqual({
      'org.opencontainers.image.source': 'https://github.com/octo-org/octo-repo',
      'org.opencontainers.image.url': 'https://github.com/octo-org/octo-repo',
      'org.opencontainers.image.revision': SHA,
      'org.opencontainers.image.created': '2026-01-02T03:04:05.000Z',
      'org.opencontainers.image.version': '1.2.3',
      'org.opencontainers.image.title': 'custom',
      team: 'payments',
    });
  });
});
