import { describe, expect, it } from '@jest/globals';
import { ActionError, ConfigurationError } from '@aws-delivery/action-kit';
import type { TemplateSummary } from '../src/core/fis-shapes.js';
import { chooseTemplateByTags, parseTagList, templateSource } from '../src/core/template-source.js';

describe('templateSource', () => {
  it('takes a template id, tags or a file, exactly one', () => {
    expect(templateSource({ templateId: ' EXT1a2b3c4d5e6f7 ' })).toEqual({ kind: 'id', id: 'EXT1a2b3c4d5e6f7' });
    expect(templateSource({ templateTags: 'chaos=web\nteam=payments' })).toEqual({
      kind: 'tags',
      tags: { chaos: 'web', team: 'payments' },
    });
    expect(templateSource({ templateFile: 'chaos/web.yaml', templateId: '  ' })).toEqual({
      kind: 'file',
      path: 'chaos/web.yaml',
    });
  });

  it('refuses none or more than one, naming them', () => {
    expect(() => templateSource({})).toThrow(
      /exactly one of template-id, template-tags or template-file; none of them is set/,
    );
    expect(() => templateSource({ templateId: 'EXT1', templateFile: 'a.json' })).toThrow(
      /template-id and template-file are all set/,
    );
    expect(() => templateSource({})).toThrow(ConfigurationError);
  });

  it('refuses an id with white space or longer than FIS allows (https://docs.aws.amazon.com/fis/latest/APIReference/API_GetExperimentTemplate.html)', () => {
    expect(() => templateSource({ templateId: 'EXT 1' })).toThrow(/not an experiment template id/);
    expect(() => templateSource({ templateId: `EXT${'a'.repeat(62)}` })).toThrow(/at most 64/);
  });
});

describe('parseTagList', () => {
  it('reads key=value pairs by line or comma, values may hold = and be empty', () => {
    expect(parseTagList('a=1, b = x=y\nc=', 'tags')).toEqual({ a: '1', b: 'x=y', c: '' });
  });

  it('refuses a pair without a key and a repeated key', () => {
    expect(() => parseTagList('justtext', 'template-tags')).toThrow(/template-tags "justtext" is not key=value/);
    expect(() => parseTagList('a=1,a=2', 'template-tags')).toThrow(/names tag "a" twice/);
  });
});

describe('chooseTemplateByTags (ListExperimentTemplates summaries, https://docs.aws.amazon.com/fis/latest/APIReference/API_ListExperimentTemplates.html)', () => {
  const summaries: TemplateSummary[] = [
    { id: 'EXTa', description: 'web latency', tags: { chaos: 'web', env: 'prod' } },
    { id: 'EXTb', description: 'web cpu', tags: { chaos: 'web', env: 'staging' } },
    { id: 'EXTc', description: 'db failover', tags: { chaos: 'db' } },
    { id: 'EXTd', description: 'untagged' },
  ];

  it('returns the one template carrying every wanted tag', () => {
    expect(chooseTemplateByTags(summaries, { chaos: 'web', env: 'prod' })).toBe('EXTa');
    expect(chooseTemplateByTags(summaries, { chaos: 'db' })).toBe('EXTc');
  });

  it('lists the matches when more than one template carries the tags', () => {
    let error: unknown;
    try {
      chooseTemplateByTags(summaries, { chaos: 'web' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ActionError);
    expect((error as ActionError).message).toBe(
      '2 experiment templates carry the tags chaos=web, and exactly one must: EXTa "web latency" (chaos=web, env=prod); ' +
        'EXTb "web cpu" (chaos=web, env=staging).',
    );
    expect((error as ActionError).hint).toMatch(/template-tags/);
  });

  it('says how many templates there were when none matches', () => {
    expect(() => chooseTemplateByTags(summaries, { chaos: 'cache' })).toThrow(
      'No experiment template carries the tags chaos=cache (4 template(s) in this account and region).',
    );
  });
});
