import { describe, expect, it } from '@jest/globals';
import { ConfigurationError } from '@aws-delivery/action-kit';
import { editDistance } from '../src/names/edit-distance.js';
import { partitionOfRegion, validateRegion } from '../src/names/regions.js';

function failure(run: () => unknown): ConfigurationError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return error as ConfigurationError;
  }
  throw new Error('expected a ConfigurationError');
}

describe('validateRegion', () => {
  it.each([
    'us-east-1',
    'eu-central-2',
    'ap-southeast-5',
    'cn-north-1',
    'cn-northwest-1',
    'us-gov-west-1',
    'us-gov-east-1',
  ])('accepts the known region %s', (region) => {
    expect(validateRegion(region, 'aws-region')).toBe(region);
  });

  it.each([
    // value, closest suggestion, its partition
    ['cn-north', 'cn-north-1', 'aws-cn'],
    ['cn-nort-1', 'cn-north-1', 'aws-cn'],
    ['cn-northwest', 'cn-northwest-1', 'aws-cn'],
    ['us-east-l', 'us-east-1', 'aws'],
    ['useast1', 'us-east-1', 'aws'],
    ['US-EAST-1', 'us-east-1', 'aws'],
    ['us-gov-west', 'us-gov-west-1', 'aws-us-gov'],
    ['eu-wset-1', 'eu-west-1', 'aws'],
    [' us-east-1', 'us-east-1', 'aws'],
  ])('rejects %j and suggests %s (%s)', (value, suggestion, partition) => {
    const error = failure(() => validateRegion(value, 'aws-region'));
    expect(error.message).toContain(`aws-region "${value}"`);
    expect(error.message).toContain(`Did you mean "${suggestion}" (partition ${partition})?`);
    expect(error.input).toBe('aws-region');
  });

  it('rejects an unknown region of a known shape unless unknown regions are allowed', () => {
    const error = failure(() => validateRegion('eu-west-9', 'region'));
    expect(error.message).toMatch(/shape of an AWS commercial \(aws\) region but is not a region this release knows/);
    expect(error.message).toContain('allow-unknown-region: true');
    expect(validateRegion('eu-west-9', 'region', { allowUnknownRegion: true })).toBe('eu-west-9');
    expect(validateRegion('cn-south-1', 'region', { allowUnknownRegion: true })).toBe('cn-south-1');
  });

  it('never lets allowUnknownRegion accept a name of no partition shape', () => {
    for (const value of ['cn-north', 'us-east', 'mars-east-1', 'us_east_1']) {
      expect(() => validateRegion(value, 'region', { allowUnknownRegion: true })).toThrow(ConfigurationError);
    }
  });

  it('rejects an empty region with an example', () => {
    expect(failure(() => validateRegion('', 'aws-region')).message).toBe(
      'aws-region is empty. Set it to an AWS region such as us-east-1, cn-north-1 or us-gov-west-1.',
    );
  });
});

describe('partitionOfRegion', () => {
  it.each([
    ['us-east-1', 'aws'],
    ['il-central-1', 'aws'],
    ['cn-northwest-1', 'aws-cn'],
    ['us-gov-east-1', 'aws-us-gov'],
    ['us-gov-north-7', 'aws-us-gov'],
    ['eu-west-9', 'aws'],
    ['cn-south-2', 'aws-cn'],
  ])('%s is in %s', (region, partition) => {
    expect(partitionOfRegion(region).id).toBe(partition);
  });

  it.each(['cn-north', 'mars-1', ''])('%j is in no partition', (region) => {
    expect(() => partitionOfRegion(region)).toThrow(/belongs to no AWS partition/);
  });
});

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['cn-north', 'cn-north-1', 2],
    ['cn-nort-1', 'cn-north-1', 1],
    ['kitten', 'sitting', 3],
  ])('%j → %j is %d', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });
});
