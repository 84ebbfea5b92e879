/**
 * Experiment templates and tags, pinned to the FIS API reference:
 * CreateExperimentTemplate https://docs.aws.amazon.com/fis/latest/APIReference/API_CreateExperimentTemplate.html,
 * GetExperimentTemplate https://docs.aws.amazon.com/fis/latest/APIReference/API_GetExperimentTemplate.html,
 * ListExperimentTemplates https://docs.aws.amazon.com/fis/latest/APIReference/API_ListExperimentTemplates.html,
 * DeleteExperimentTemplate https://docs.aws.amazon.com/fis/latest/APIReference/API_DeleteExperimentTemplate.html,
 * TagResource / UntagResource / ListTagsForResource
 * https://docs.aws.amazon.com/fis/latest/APIReference/API_TagResource.html.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startFakeFis, type FakeFis } from '../../src/fake-fis/index.js';
import { CREDENTIALS, fisCall, templateBody } from './fis-client.js';

let fis: FakeFis;
beforeAll(async () => {
  fis = await startFakeFis({ credentials: [CREDENTIALS] });
});
afterAll(() => fis.stop());

describe('fake FIS: experiment templates (https://docs.aws.amazon.com/fis/latest/APIReference/API_CreateExperimentTemplate.html)', () => {
  it('creates a template with an EXT id and an ARN, and returns it from Get and List with its tags', async () => {
    const created = await fisCall(
      fis.url,
      'POST',
      '/experimentTemplates',
      templateBody({ wait: { duration: 'PT5M' } }, { tags: { team: 'web' } }),
    );
    expect(created.status).toBe(200);
    const template = created.body.experimentTemplate as Record<string, unknown>;
    expect(template.id).toMatch(/^EXT[A-Za-z0-9]{14}$/);
    expect(template.arn).toBe(`arn:aws:fis:us-east-1:123456789012:experiment-template/${String(template.id)}`);
    expect(typeof template.creationTime).toBe('number');
    expect(template.experimentOptions).toEqual({
      accountTargeting: 'single-account',
      emptyTargetResolutionMode: 'fail',
    });

    const got = await fisCall(fis.url, 'GET', `/experimentTemplates/${String(template.id)}`);
    expect(got.body.experimentTemplate).toEqual(template);
    const listed = await fisCall(fis.url, 'GET', '/experimentTemplates');
    expect(listed.body.experimentTemplates).toContainEqual(
      expect.objectContaining({ id: template.id, description: 'test template', tags: { team: 'web' } }),
    );
  });

  it('returns the same template for the same clientToken and parameters, ConflictException for other parameters', async () => {
    const body = templateBody({ wait: { duration: 'PT1M' } });
    const first = await fisCall(fis.url, 'POST', '/experimentTemplates', body);
    const again = await fisCall(fis.url, 'POST', '/experimentTemplates', body);
    expect((again.body.experimentTemplate as { id: string }).id).toBe(
      (first.body.experimentTemplate as { id: string }).id,
    );
    const changed = await fisCall(fis.url, 'POST', '/experimentTemplates', { ...body, description: 'other' });
    expect(changed).toMatchObject({ status: 409, errorType: 'ConflictException' });
  });

  it.each([
    ['no stop conditions', { stopConditions: [] }, /stopConditions is required/],
    [
      'an alarm stop condition without an alarm ARN',
      { stopConditions: [{ source: 'aws:cloudwatch:alarm' }] },
      /ARN of a CloudWatch alarm/,
    ],
    [
      'an unknown stop-condition source',
      { stopConditions: [{ source: 'aws:none' }] },
      /is not aws:cloudwatch:alarm or none/,
    ],
    ['no role', { roleArn: undefined }, /roleArn is required/],
    ['no description', { description: undefined }, /description is required/],
    ['a role in another partition', { roleArn: 'arn:aws-us-gov:iam::123456789012:role/r' }, /not in partition aws/],
    [
      'a target without a selection mode',
      { targets: { web: { resourceType: 'aws:ec2:instance', resourceArns: [] } } },
      /selectionMode/,
    ],
  ])('refuses %s with ValidationException', async (_what, change, message) => {
    const answer = await fisCall(fis.url, 'POST', '/experimentTemplates', { ...templateBody({ a: {} }), ...change });
    expect(answer).toMatchObject({ status: 400, errorType: 'ValidationException' });
    expect(answer.body.message).toMatch(message);
  });

  it('refuses a bad duration, an unknown startAfter action, a startAfter cycle and an undefined target', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [templateBody({ a: { duration: '5 minutes' } }), /not an ISO 8601 duration/],
      [templateBody({ a: { duration: 'PT1M', startAfter: ['missing'] } }), /startAfter must list names of actions/],
      [
        templateBody({ a: { duration: 'PT1M', startAfter: ['b'] }, b: { duration: 'PT1M', startAfter: ['a'] } }),
        /cycle/,
      ],
      [templateBody({ a: {} }, { targets: {} }), /names target "web", which the template does not define/],
    ];
    for (const [body, message] of cases) {
      const answer = await fisCall(fis.url, 'POST', '/experimentTemplates', body);
      expect(answer).toMatchObject({ status: 400, errorType: 'ValidationException' });
      expect(answer.body.message).toMatch(message);
    }
  });

  it('deletes a template; a later Get is ResourceNotFoundException', async () => {
    const created = await fisCall(fis.url, 'POST', '/experimentTemplates', templateBody({ a: {} }));
    const id = (created.body.experimentTemplate as { id: string }).id;
    const deleted = await fisCall(fis.url, 'DELETE', `/experimentTemplates/${id}`);
    expect((deleted.body.experimentTemplate as { id: string }).id).toBe(id);
    const got = await fisCall(fis.url, 'GET', `/experimentTemplates/${id}`);
    expect(got).toMatchObject({ status: 404, errorType: 'ResourceNotFoundException' });
  });

  it('pages ListExperimentTemplates with maxResults and nextToken', async () => {
    for (let i = 0; i < 3; i++) await fisCall(fis.url, 'POST', '/experimentTemplates', templateBody({ a: {} }));
    const all = await fisCall(fis.url, 'GET', '/experimentTemplates');
    const total = (all.body.experimentTemplates as unknown[]).length;
    const first = await fisCall(fis.url, 'GET', '/experimentTemplates?maxResults=2');
    expect(first.body.experimentTemplates).toHaveLength(2);
    expect(typeof first.body.nextToken).toBe('string');
    const rest = await fisCall(
      fis.url,
      'GET',
      `/experimentTemplates?maxResults=100&nextToken=${String(first.body.nextToken)}`,
    );
    expect((rest.body.experimentTemplates as unknown[]).length).toBe(total - 2);
    expect(rest.body.nextToken).toBeUndefined();
  });
});

describe('fake FIS: tags (https://docs.aws.amazon.com/fis/latest/APIReference/API_ListTagsForResource.html)', () => {
  it('tags, lists and untags a template by its ARN (path-encoded)', async () => {
    const created = await fisCall(
      fis.url,
      'POST',
      '/experimentTemplates',
      templateBody({ a: {} }, { tags: { a: '1' } }),
    );
    const arn = (created.body.experimentTemplate as { arn: string }).arn;
    const path = `/tags/${encodeURIComponent(arn)}`;
    expect((await fisCall(fis.url, 'POST', path, { tags: { b: '2' } })).status).toBe(200);
    expect((await fisCall(fis.url, 'GET', path)).body.tags).toEqual({ a: '1', b: '2' });
    expect((await fisCall(fis.url, 'DELETE', `${path}?tagKeys=a`)).status).toBe(200);
    expect((await fisCall(fis.url, 'GET', path)).body.tags).toEqual({ b: '2' });
  });

  it('answers ResourceNotFoundException for an ARN it does not hold', async () => {
    const path = `/tags/${encodeURIComponent('arn:aws:fis:us-east-1:123456789012:experiment-template/EXTnope')}`;
    expect(await fisCall(fis.url, 'GET', path)).toMatchObject({ status: 404, errorType: 'ResourceNotFoundException' });
  });
});
