import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { root, workflowFiles } from './action-rules.js';
import { compositionProblems } from './workflow-composition.js';

const workflows = workflowFiles();

describe.each(workflows)('%s', (file) => {
  it('composes: inputs, required inputs, outputs and id-token match what it calls', () => {
    expect(compositionProblems(root, file, parse(readFileSync(join(root, file), 'utf8')))).toEqual([]);
  });
});

// Tiny broken workflows, one per rule, prove each rule can fail.
const check = (text: string) => compositionProblems(root, 'broken.yml', parse(text));

describe('each rule fails on a broken workflow', () => {
  it('finds reusable workflows among the checked files', () => {
    expect(workflows).toContain('.github/workflows/build-and-push.yml');
    expect(workflows).toContain('workflows-examples/fintech.yml');
  });

  it('rejects a with: key that is not an input of the action', () => {
    expect(
      check(`
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: my-org/aws-delivery-actions/actions/tfsec-gate@v1
        with: { workdir: infra }
`),
    ).toEqual([
      'broken.yml: jobs.a.steps[0]: with: workdir is not an input of my-org/aws-delivery-actions/actions/tfsec-gate@v1',
    ]);
  });

  it('rejects a missing required input, also of a ./ action and of a reusable workflow', () => {
    const problems = check(`
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: ./actions/docker-build-push
        with: { repository: team/app }
  b:
    uses: ./.github/workflows/deploy-eks.yml
    permissions: { id-token: write }
    with: { aws-region: eu-west-1, role-to-assume: r, cluster-name: c, manifests: k8s, imag: x }
`);
    expect(problems).toEqual([
      'broken.yml: jobs.a.steps[0]: the required input registries of ./actions/docker-build-push is missing',
      'broken.yml: jobs.a: calls AWS by OIDC but lacks permissions id-token: write',
      'broken.yml: jobs.b: with: imag is not an input of ./.github/workflows/deploy-eks.yml',
      'broken.yml: jobs.b: the required input image of ./.github/workflows/deploy-eks.yml is missing',
    ]);
  });

  it('rejects steps.X.outputs.Y and needs.X.outputs.Y that do not exist', () => {
    expect(
      check(`
jobs:
  build:
    uses: my-org/aws-delivery-actions/.github/workflows/build-and-push.yml@v1
    permissions: { id-token: write }
    with: { aws-region: eu-west-1, role-to-assume: r, registries: '1/eu-west-1', repository: t/a }
  use:
    needs: build
    runs-on: ubuntu-latest
    outputs:
      passed: \${{ steps.gate.outputs.pass }}
    steps:
      - id: gate
        uses: my-org/aws-delivery-actions/actions/tfsec-gate@v1
      - env:
          D: \${{ needs.build.outputs.image-digest }}
          E: \${{ steps.nope.outputs.x }}
          F: \${{ needs.ghost.outputs.x }}
        run: echo "$D"
`),
    ).toEqual([
      'broken.yml: jobs.use: steps.gate has no output pass',
      'broken.yml: jobs.use: steps.nope is not a step of this job',
      'broken.yml: jobs.use: needs.build has no output image-digest',
      'broken.yml: jobs.use: needs.ghost is not a job of this workflow',
    ]);
  });

  it('rejects a job that assumes a role, or calls a workflow that does, without id-token: write', () => {
    expect(
      check(`
permissions: { contents: read }
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: my-org/aws-delivery-actions/actions/assume-role@v1
        with: { aws-region: eu-west-1 }
  b:
    uses: ./.github/workflows/chaos-gate.yml
    with: { aws-region: eu-west-1, role-to-assume: r, template-tags: a=b }
`),
    ).toEqual([
      'broken.yml: jobs.a: calls AWS by OIDC but lacks permissions id-token: write',
      'broken.yml: jobs.b: calls AWS by OIDC but lacks permissions id-token: write',
    ]);
  });

  it('rejects a reusable workflow output that reads a job output that does not exist', () => {
    expect(
      check(`
on:
  workflow_call:
    outputs:
      digest: { value: '\${{ jobs.build.outputs.digst }}' }
jobs:
  build:
    runs-on: ubuntu-latest
    outputs: { digest: x }
    steps: [{ run: 'true' }]
`),
    ).toEqual(['broken.yml: output digest reads jobs.build.outputs.digst, which does not exist']);
  });
});
