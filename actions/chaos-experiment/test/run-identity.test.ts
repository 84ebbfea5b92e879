/**
 * clientToken and tags. StartExperiment limits (https://docs.aws.amazon.com/fis/latest/APIReference/API_StartExperiment.html):
 * clientToken 1–1024 characters matching [\S]+; at most 50 tags, keys ≤ 128, values ≤ 256.
 */
import { describe, expect, it } from '@jest/globals';
import { clientToken, type RunIdentity } from '../src/core/client-token.js';
import { experimentTags, runUrl, RUN_TAG_KEYS, type RunContext } from '../src/core/experiment-tags.js';

const RUN: RunIdentity = { repository: 'octo/shop', runId: '9876543210', runAttempt: '1', stepId: 'chaos' };

describe('clientToken', () => {
  it('is the same for the same run, attempt and step, so a re-run finds the first experiment', () => {
    expect(clientToken(RUN, 'experiment')).toBe(clientToken({ ...RUN }, 'experiment'));
    expect(clientToken(RUN, 'experiment')).toMatch(/^gha-experiment-9876543210-1-[0-9a-f]{40}$/);
  });

  it('differs for another attempt, step, repository, run, or for the rehearsal', () => {
    const tokens = new Set([
      clientToken(RUN, 'experiment'),
      clientToken({ ...RUN, runAttempt: '2' }, 'experiment'),
      clientToken({ ...RUN, stepId: 'chaos-2' }, 'experiment'),
      clientToken({ ...RUN, repository: 'octo/other' }, 'experiment'),
      clientToken({ ...RUN, runId: '9876543211' }, 'experiment'),
      clientToken(RUN, 'rehearsal'),
    ]);
    expect(tokens.size).toBe(6);
  });

  it('stays within FIS limits whatever the inputs hold', () => {
    const token = clientToken(
      { repository: 'a b/c', runId: '1 2\t3'.repeat(100), runAttempt: '1', stepId: 'step with spaces' },
      'experiment',
    );
    expect(token).toMatch(/^\S{1,1024}$/);
    expect(token.length).toBeLessThanOrEqual(100);
  });

  it('refuses to derive a token from an empty part', () => {
    expect(() => clientToken({ ...RUN, runId: '' }, 'experiment')).toThrow(/runId is empty/);
  });
});

describe('experimentTags', () => {
  const context: RunContext = {
    serverUrl: 'https://github.com/',
    repository: 'octo/shop',
    sha: 'abc123',
    runId: '42',
    runAttempt: '3',
    actor: 'mona',
  };

  it('tags repository, commit, run URL (with attempt) and actor', () => {
    expect(runUrl(context)).toBe('https://github.com/octo/shop/actions/runs/42/attempts/3');
    expect(experimentTags(context)).toEqual({
      [RUN_TAG_KEYS.repository]: 'octo/shop',
      [RUN_TAG_KEYS.commit]: 'abc123',
      [RUN_TAG_KEYS.runUrl]: 'https://github.com/octo/shop/actions/runs/42/attempts/3',
      [RUN_TAG_KEYS.actor]: 'mona',
    });
  });

  it('adds the workflow tags, which cannot replace the run tags or use aws:', () => {
    expect(experimentTags(context, { team: 'web' })).toMatchObject({ team: 'web', [RUN_TAG_KEYS.actor]: 'mona' });
    expect(() => experimentTags(context, { [RUN_TAG_KEYS.actor]: 'someone' })).toThrow(/is set by the action itself/);
    expect(() => experimentTags(context, { 'aws:x': '1' })).toThrow(/starts with aws:/);
    expect(() => experimentTags(context, { ['k'.repeat(129)]: '1' })).toThrow(/longer than 128/);
    expect(() => experimentTags(context, { k: 'v'.repeat(257) })).toThrow(/value longer than 256/);
  });

  it('keeps to 50 tags and clips a long run value to 256 characters', () => {
    const many = Object.fromEntries(Array.from({ length: 47 }, (_, i) => [`t${i}`, 'x']));
    expect(() => experimentTags(context, many)).toThrow(/more than FIS's 50/);
    const long = experimentTags({ ...context, actor: 'a'.repeat(300) });
    expect(long[RUN_TAG_KEYS.actor]).toHaveLength(256);
  });
});
