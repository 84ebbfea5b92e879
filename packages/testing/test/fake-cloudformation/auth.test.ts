import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { queryClient } from '../../src/fake-cloudformation/client.js';
import { createChangeSet, fakeAndClient, list, TEMPLATE, text, type Call, type FakeCloudFormation } from './helpers.js';

// https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/CommonErrors.html
const COMMON_ERRORS = 'https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/CommonErrors.html';

describe('fake CloudFormation: signatures, regions and the Query protocol', () => {
  let fake: FakeCloudFormation;
  let call: Call;

  beforeAll(async () => {
    ({ fake, call } = await fakeAndClient());
  });
  afterAll(async () => {
    await fake?.stop();
  });

  it(`answers 403 MissingAuthenticationToken to an unsigned request (${COMMON_ERRORS})`, async () => {
    const response = await fetch(`${fake.endpoint}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=DescribeStacks&Version=2010-05-15',
    });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('<Code>MissingAuthenticationToken</Code>');
  });

  it(`answers 403 InvalidClientTokenId to an unknown key and SignatureDoesNotMatch to a wrong secret (${COMMON_ERRORS})`, async () => {
    const unknown = await queryClient(fake.endpoint, { accessKeyId: 'AKIDUNKNOWN', secretAccessKey: 'x' })(
      'DescribeStacks',
    );
    expect([unknown.status, unknown.error?.Code]).toEqual([403, 'InvalidClientTokenId']);
    const wrong = await queryClient(fake.endpoint, { accessKeyId: fake.credentials.accessKeyId, secretAccessKey: 'x' })(
      'DescribeStacks',
    );
    expect([wrong.status, wrong.error?.Code]).toEqual([403, 'SignatureDoesNotMatch']);
  });

  it('keeps stacks per region, the region taken from the signature, with ARNs in that region’s partition', async () => {
    await createChangeSet(call, 'regional', 'a', TEMPLATE, { ChangeSetType: 'CREATE' });
    const northwest = queryClient(fake.endpoint, fake.credentials, 'cn-northwest-1');
    expect((await northwest('DescribeStacks', { StackName: 'regional' })).error?.Code).toBe('ValidationError');
    const global = queryClient(fake.endpoint, fake.credentials, 'us-east-1');
    const created = await createChangeSet(global, 'regional', 'a', TEMPLATE, { ChangeSetType: 'CREATE' });
    expect(text(created.result, 'StackId')).toMatch(/^arn:aws:cloudformation:us-east-1:123456789012:stack\/regional\//);
    const china = await call('DescribeStacks', { StackName: 'regional' });
    expect(text(list(china.result.Stacks)[0], 'StackId')).toMatch(/^arn:aws-cn:cloudformation:cn-north-1:/);
    expect(
      fake.requests.some((request) => request.region === 'us-east-1' && request.action === 'CreateChangeSet'),
    ).toBe(true);
  });

  it('refuses an action it does not know, and a request without the 2010-05-15 version', async () => {
    expect((await call('CreateStack', { StackName: 'x' })).error?.Code).toBe('InvalidAction');
    const url = `${fake.endpoint}/`;
    const noVersion = await queryClient(url.slice(0, -1), fake.credentials)('DescribeStacks', {
      Version: '2009-01-01',
    });
    expect(noVersion.error?.Code).toBe('InvalidParameterValue');
  });

  it('answers XML in the 2010-05-15 namespace with a request id', async () => {
    const answer = await call('DescribeStacks');
    expect(answer.body).toMatch(
      /^<DescribeStacksResponse xmlns="http:\/\/cloudformation\.amazonaws\.com\/doc\/2010-05-15\/">/,
    );
    expect(answer.body).toMatch(/<ResponseMetadata><RequestId>[0-9a-f-]{36}<\/RequestId><\/ResponseMetadata>/);
  });
});
