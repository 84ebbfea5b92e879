import { describe, expect, it } from '@jest/globals';
import { checkActionInputs } from '@aws-delivery/testing';
import { inputSpec } from '../src/inputs.js';

describe('hello-world inputs', () => {
  it('match action.yml both ways: names, required and defaults', () => {
    expect(() => checkActionInputs('actions/hello-world', inputSpec)).not.toThrow();
  });
});
