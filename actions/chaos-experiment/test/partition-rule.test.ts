/** FIS endpoints exist in aws and aws-us-gov, none in aws-cn: https://docs.aws.amazon.com/general/latest/gr/fis.html */
import { describe, expect, it } from '@jest/globals';
import { ConfigurationError } from '@aws-delivery/action-kit';
import { fisAvailability, parseUnsupportedPartitionChoice } from '../src/core/partition-rule.js';

describe('fisAvailability (https://docs.aws.amazon.com/general/latest/gr/fis.html)', () => {
  it('is available in the commercial and GovCloud partitions', () => {
    expect(fisAvailability('eu-west-1', 'fail')).toMatchObject({ kind: 'available', partition: { id: 'aws' } });
    expect(fisAvailability('us-gov-west-1', 'fail')).toMatchObject({
      kind: 'available',
      partition: { id: 'aws-us-gov' },
    });
  });

  it('refuses aws-cn before any call, saying why and what to do', () => {
    for (const region of ['cn-north-1', 'cn-northwest-1']) {
      expect(() => fisAvailability(region, 'fail')).toThrow(ConfigurationError);
      expect(() => fisAvailability(region, 'fail')).toThrow(
        new RegExp(`not offered in AWS China \\(partition aws-cn, region ${region}\\).*unsupported-partition: skip`),
      );
    }
  });

  it('skips with a notice in aws-cn when asked', () => {
    const result = fisAvailability('cn-north-1', 'skip');
    expect(result.kind).toBe('skip');
    expect(result.kind === 'skip' && result.notice).toMatch(/not offered in AWS China.*skipped/);
  });

  it('reads the choice input: fail by default, skip, anything else refused', () => {
    expect(parseUnsupportedPartitionChoice('')).toBe('fail');
    expect(parseUnsupportedPartitionChoice(' Skip ')).toBe('skip');
    expect(() => parseUnsupportedPartitionChoice('ignore')).toThrow(
      /unsupported-partition "ignore" is not fail or skip/,
    );
  });
});
