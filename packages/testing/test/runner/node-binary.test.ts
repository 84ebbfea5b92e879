import { execFileSync } from 'node:child_process';
import { describe, expect, it } from '@jest/globals';
import { nodeBinary } from '@aws-delivery/testing';

describe('nodeBinary', () => {
  it.each([
    ['node20', 'v20.'],
    ['node24', 'v24.'],
  ] as const)('%s runs Node %s', (runtime, version) => {
    expect(execFileSync(nodeBinary(runtime), ['--version'], { encoding: 'utf8' })).toMatch(new RegExp(`^${version}`));
  });

  it('refuses an unknown runtime', () => {
    expect(() => nodeBinary('node16' as never)).toThrow('Unknown node runtime "node16"');
  });
});
