import { afterAll, describe, expect, it } from '@jest/globals';
import { input } from '@aws-delivery/action-kit';
import { actionOutputs, checkActionInputs, readActionMetadata } from '@aws-delivery/testing';
import { fixtureAction, type FixtureAction } from './fixture-action.js';

const fixtures: FixtureAction[] = [];
function actionDir(yml: string): string {
  const fixture = fixtureAction({ 'action.yml': yml });
  fixtures.push(fixture);
  return fixture.dir;
}
afterAll(() => fixtures.forEach((f) => f.remove()));

const good = `name: fixture
description: fixture
inputs:
  region:
    description: the region
    required: true
  dry-run:
    description: plan only
    required: false
    default: false
  retries:
    description: how many
    default: 3
  ratio:
    description: kept as written
    default: 1.0
  note:
    description: empty default is no default
    default: ''
outputs:
  first:
    description: one
  second:
    description: two
runs:
  using: node24
  main: main.js
`;

const spec = {
  region: input.string({ required: true }),
  'dry-run': input.boolean({ default: 'false' }),
  retries: input.integer({ default: '3' }),
  ratio: input.string({ default: '1.0' }),
  note: input.string(),
};

describe('checkActionInputs', () => {
  it('accepts a spec that matches action.yml, booleans and numbers compared as written', () => {
    expect(() => checkActionInputs(actionDir(good), spec)).not.toThrow();
  });

  it('lists every disagreement in one error', () => {
    const dir = actionDir(good);
    const wrong = {
      region: input.string(), // not required in the spec
      'dry-run': input.boolean({ default: 'true' }), // other default
      retries: input.integer({ default: '3' }),
      ratio: input.string({ default: '1' }), // 1.0 is not 1
      extra: input.string(), // read but not declared
      // note: declared but not read
    };
    let message = '';
    try {
      checkActionInputs(dir, wrong);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe(
      [
        `${dir}/action.yml and the input spec disagree (5 problems):`,
        '- input "extra" is read by the input spec but not declared in action.yml: add it under inputs:',
        '- input "note" is declared in action.yml but not in the input spec: read it or remove it',
        '- input "region": action.yml has required: "true", the spec has required: false',
        '- input "dry-run": action.yml has default "false", the spec has default "true"',
        '- input "ratio": action.yml has default "1.0", the spec has default "1"',
      ].join('\n'),
    );
  });

  it('treats a missing required as false', () => {
    const dir = actionDir(
      'name: a\ndescription: a\ninputs:\n  x:\n    description: x\nruns:\n  using: node24\n  main: m.js\n',
    );
    expect(() => checkActionInputs(dir, { x: input.string({ required: true }) })).toThrow(
      'input "x": action.yml has required: "false", the spec has required: true',
    );
  });

  it('says where action.yml is missing', () => {
    expect(() => checkActionInputs('/nonexistent/action', {})).toThrow('No action.yml in /nonexistent/action');
  });
});

describe('actionOutputs and readActionMetadata', () => {
  it('returns the declared outputs in order', () => {
    expect(actionOutputs(actionDir(good))).toEqual(['first', 'second']);
  });

  it('returns no outputs and no inputs for an action without them', () => {
    const dir = actionDir('name: a\ndescription: a\nruns:\n  using: node24\n  main: m.js\n');
    expect(actionOutputs(dir)).toEqual([]);
    expect(readActionMetadata(dir).inputs).toEqual({});
  });

  it('resolves an action by name or repository-relative folder', () => {
    expect(readActionMetadata('hello-world').name).toBe('Hello world');
    expect(readActionMetadata('actions/hello-world').runs.using).toBe('node24');
  });
});
