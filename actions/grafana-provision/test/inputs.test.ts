import { describe, expect, it } from '@jest/globals';
import { checkActionInputs } from '@aws-delivery/testing';
import { inputSpec } from '../src/inputs.js';

describe('grafana-provision inputs', () => {
  it('match action.yml both ways: names, required and defaults', () => {
    expect(() => checkActionInputs('actions/grafana-provision', inputSpec)).not.toThrow();
  });
});
