import { describe, expect, it } from '@jest/globals';
import { inputVariable } from '@aws-delivery/testing';
import { applyOverrides, evaluateDefault, inputEnvironment } from '../../src/runner/env.js';
import { stageRuns } from '../../src/runner/step-condition.js';

describe('inputVariable', () => {
  it.each([
    ['who', 'INPUT_WHO'],
    ['role-to-assume', 'INPUT_ROLE-TO-ASSUME'],
    ['my input', 'INPUT_MY_INPUT'],
    ['aws_region', 'INPUT_AWS_REGION'],
  ])('%s -> %s', (name, variable) => {
    expect(inputVariable(name)).toBe(variable);
  });
});

describe('inputEnvironment', () => {
  const declared = {
    who: { default: 'world' },
    shout: { default: 'false' },
    'no-default': {},
    old: { deprecationMessage: 'use who' },
  };

  it('passes given inputs and the declared defaults of the rest, empty where there is none', () => {
    const { variables, warnings } = inputEnvironment(declared, { shout: true, old: 'x' }, {}, '');
    expect(variables).toEqual({ INPUT_SHOUT: 'true', INPUT_OLD: 'x', INPUT_WHO: 'world', 'INPUT_NO-DEFAULT': '' });
    expect(warnings).toEqual(["Input 'old' has been deprecated with message: use who"]);
  });

  it("warns about undeclared inputs with the runner's message and still passes them", () => {
    const { variables, warnings } = inputEnvironment({ who: {} }, { whom: 'x' }, {}, '');
    expect(variables['INPUT_WHOM']).toBe('x');
    expect(warnings).toEqual(["Unexpected input(s) 'whom', valid inputs are ['who']"]);
  });

  it('evaluates github, runner and env expressions in defaults', () => {
    const env = { GITHUB_REPOSITORY: 'o/r', RUNNER_TEMP: '/tmp/r', MY_VAR: 'v' };
    expect(evaluateDefault('x', '${{ github.repository }}:${{runner.temp}}:${{ env.MY_VAR }}', env, 't')).toBe(
      'o/r:/tmp/r:v',
    );
    expect(evaluateDefault('x', '${{ github.token }}', env, 'ghs_token')).toBe('ghs_token');
  });

  it('refuses an expression it cannot evaluate, naming the input', () => {
    expect(() => evaluateDefault('region', "${{ vars.REGION || 'us-east-1' }}", {}, '')).toThrow(
      'pass "region" in inputs',
    );
  });
});

describe('applyOverrides', () => {
  it('sets and removes variables', () => {
    expect(applyOverrides({ A: '1', B: '2' }, { B: undefined, C: '3' })).toEqual({ A: '1', C: '3' });
  });
});

describe('stageRuns', () => {
  it.each([
    [undefined, 'success', true],
    [undefined, 'failure', true],
    ['always()', 'failure', true],
    ['${{ always() }}', 'failure', true],
    ['success()', 'success', true],
    ['success()', 'failure', false],
    ['failure()', 'failure', true],
    ['failure()', 'success', false],
    ['cancelled()', 'success', false],
    ['! cancelled()', 'failure', true],
  ] as const)('%s when the job is %s: %s', (condition, status, runs) => {
    expect(stageRuns(condition, status)).toBe(runs);
  });

  it('refuses a condition it cannot evaluate', () => {
    expect(() => stageRuns("runner.os == 'Linux'", 'success')).toThrow('cannot evaluate the condition');
  });
});
