/**
 * Where FIS exists (https://docs.aws.amazon.com/general/latest/gr/fis.html: commercial and GovCloud regions, none
 * in China) and how action durations are read (ISO 8601, https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html).
 */
import { describe, expect, it } from '@jest/globals';
import { durationSeconds } from '../../src/fake-fis/duration.js';
import { startFakeFis } from '../../src/fake-fis/index.js';
import { CREDENTIALS, fisCall, templateBody } from './fis-client.js';

describe('fake FIS: partitions (https://docs.aws.amazon.com/general/latest/gr/fis.html)', () => {
  it('has no endpoint in the China regions', async () => {
    await expect(startFakeFis({ credentials: [CREDENTIALS], region: 'cn-north-1' })).rejects.toThrow(
      /not offered in AWS China/,
    );
  });

  it('serves GovCloud with aws-us-gov ARNs, and refuses a role ARN of the aws partition there', async () => {
    const fis = await startFakeFis({ credentials: [CREDENTIALS], region: 'us-gov-west-1' });
    try {
      const gov = 'arn:aws-us-gov:iam::123456789012:role/fis';
      const body = templateBody({ a: { duration: 'PT1M' } }, { roleArn: gov, targets: {} });
      const created = await fisCall(fis.url, 'POST', '/experimentTemplates', body, { region: 'us-gov-west-1' });
      expect(created.status).toBe(200);
      expect((created.body.experimentTemplate as { arn: string }).arn).toMatch(
        /^arn:aws-us-gov:fis:us-gov-west-1:123456789012:experiment-template\/EXT/,
      );
      const wrong = await fisCall(
        fis.url,
        'POST',
        '/experimentTemplates',
        { ...body, clientToken: 'other', roleArn: 'arn:aws:iam::123456789012:role/fis' },
        { region: 'us-gov-west-1' },
      );
      expect(wrong).toMatchObject({ status: 400, errorType: 'ValidationException' });
    } finally {
      await fis.stop();
    }
  });
});

describe('fake FIS: ISO 8601 durations', () => {
  it.each([
    ['PT5M', 300],
    ['PT90S', 90],
    ['PT1H30M', 5400],
    ['P1D', 86_400],
    ['PT0.5S', 0.5],
  ])('reads %s as %d seconds', (text, seconds) => {
    expect(durationSeconds(text)).toBe(seconds);
  });

  it.each(['5m', 'PT', 'P', 'P1M', 'PT5M ', ''])('refuses %j', (text) => {
    expect(durationSeconds(text)).toBeUndefined();
  });
});
