import { describe, expect, it } from '@jest/globals';
import { defaultSessionTags, sanitizeSessionName, sanitizeTagValue, tagFallbacks } from '../src/session.js';

describe('sanitizeSessionName', () => {
  it.each([
    ['GitHubActions', 'GitHubActions'],
    ['deploy prod/eu', 'deploy-prod-eu'],
    ['a', 'a-'],
    ['', '--'],
    ['x'.repeat(70), 'x'.repeat(64)],
    ['user@corp.com+ci=1,2', 'user@corp.com+ci=1,2'],
    ['ünïcode:name', '-n-code-name'],
  ])('%j → %j', (name, expected) => {
    expect(sanitizeSessionName(name)).toBe(expected);
    expect(sanitizeSessionName(name)).toMatch(/^[\w+=,.@-]{2,64}$/);
  });
});

describe('session tags', () => {
  it('keeps allowed characters and replaces others in tag values', () => {
    expect(sanitizeTagValue('refs/heads/feature#1 (wip)')).toBe('refs/heads/feature_1 _wip_');
    expect(sanitizeTagValue('x'.repeat(300))).toHaveLength(256);
  });

  it('orders GitHub tags by importance and drops missing ones', () => {
    const tags = defaultSessionTags({ repository: 'org/app', sha: 'abc', actor: 'octo', ref: 'refs/heads/main' });
    expect(tags.map((t) => t.Key)).toEqual(['GitHub', 'Repository', 'Commit', 'Actor', 'Branch']);
  });

  it('falls back from all tags to the essential ones to none', () => {
    const github = defaultSessionTags({ repository: 'org/app', sha: 'abc', workflow: 'ci' });
    const levels = tagFallbacks(github, [{ Key: 'Team', Value: 'payments' }]);
    expect(levels.map((level) => level.map((t) => t.Key))).toEqual([
      ['GitHub', 'Repository', 'Commit', 'Workflow', 'Team'],
      ['Repository', 'Commit', 'Team'],
      [],
    ]);
  });

  it('lets a custom tag replace a GitHub tag of the same key, and drops repeated levels', () => {
    const levels = tagFallbacks([{ Key: 'Repository', Value: 'org/app' }], [{ Key: 'Repository', Value: 'mine' }]);
    expect(levels).toEqual([[{ Key: 'Repository', Value: 'mine' }], []]);
  });
});
