import { mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { simulateStep } from '@aws-delivery/testing';
import { actionYml, fixtureAction, type FixtureAction } from './fixture-action.js';

// Fixture actions are plain ES modules that write file commands by hand, so each runner behaviour is pinned
// without depending on @actions/core's formatting.
const fixtures: FixtureAction[] = [];
function action(files: Record<string, string>): string {
  const fixture = fixtureAction(files);
  fixtures.push(fixture);
  return fixture.dir;
}
afterAll(() => fixtures.forEach((f) => f.remove()));

const dumpEnv = `import { appendFileSync } from 'node:fs';
appendFileSync(process.env.GITHUB_OUTPUT, 'env<<EOF\\n' + JSON.stringify(process.env) + '\\nEOF\\n');
appendFileSync(process.env.GITHUB_OUTPUT, 'cwd=' + process.cwd() + '\\n');
appendFileSync(process.env.GITHUB_OUTPUT, 'version=' + process.version + '\\n');
`;

describe('simulateStep environment', () => {
  const leaked = {
    INPUT_WHO: 'from the test process',
    GITHUB_TOKEN: 'ghs_parent_token',
    GITHUB_REPOSITORY: 'parent/repo',
    STATE_greeted: 'parent',
    RUNNER_DEBUG: '1',
    AWS_ACCESS_KEY_ID: 'AKIAPARENT',
    HTTPS_PROXY: 'http://parent-proxy:3128',
  };
  const saved: Record<string, string | undefined> = {};
  beforeAll(() => {
    for (const [name, value] of Object.entries(leaked)) {
      saved[name] = process.env[name];
      process.env[name] = value;
    }
  });
  afterEach(() => undefined);
  afterAll(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  async function env(options: Parameters<typeof simulateStep>[0]): Promise<Record<string, string>> {
    const result = await simulateStep(options);
    expect(result.exitCode).toBe(0);
    return JSON.parse(result.outputs.env ?? '{}') as Record<string, string>;
  }

  it("gives the runner's variables, the inputs and the file-command paths, and nothing of the test process's", async () => {
    const dir = action({
      'action.yml': actionYml({
        inputs: [
          '  role-to-assume:',
          '    description: dashes stay',
          '  my input:',
          '    description: spaces become _',
          '  flag:',
          '    description: a boolean default',
          '    default: false',
          '  none:',
          '    description: no default',
        ].join('\n'),
      }),
      'main.mjs': dumpEnv,
    });
    const seen = await env({ action: dir, inputs: { 'role-to-assume': 'arn:x', 'my input': 'y' } });

    expect(seen).toMatchObject({
      'INPUT_ROLE-TO-ASSUME': 'arn:x',
      INPUT_MY_INPUT: 'y',
      INPUT_FLAG: 'false',
      INPUT_NONE: '',
      GITHUB_ACTIONS: 'true',
      CI: 'true',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'octo-org/octo-repo',
      RUNNER_ENVIRONMENT: 'github-hosted',
      RUNNER_OS: 'Linux',
    });
    for (const name of ['GITHUB_OUTPUT', 'GITHUB_ENV', 'GITHUB_STATE', 'GITHUB_PATH', 'GITHUB_STEP_SUMMARY']) {
      expect(seen[name]).toMatch(/^\/.+/);
    }
    for (const name of ['RUNNER_TEMP', 'GITHUB_WORKSPACE', 'RUNNER_TOOL_CACHE', 'GITHUB_EVENT_PATH']) {
      expect(seen[name]).toMatch(/^\/.+/);
    }
    for (const name of Object.keys(leaked).filter((n) => n !== 'GITHUB_REPOSITORY')) {
      expect(seen).not.toHaveProperty(name);
    }
    expect(
      Object.keys(seen)
        .filter((name) => name.startsWith('INPUT_'))
        .sort(),
    ).toEqual(['INPUT_FLAG', 'INPUT_MY_INPUT', 'INPUT_NONE', 'INPUT_ROLE-TO-ASSUME']);
  });

  it('applies env overrides, removes a default given as undefined, and runs in the given workspace', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'workspace-'));
    try {
      const dir = action({ 'action.yml': actionYml(), 'main.mjs': dumpEnv });
      const result = await simulateStep({
        action: dir,
        workspace,
        env: { RUNNER_ENVIRONMENT: 'self-hosted', GITHUB_SERVER_URL: 'https://ghe.example.com', CI: undefined },
      });
      const seen = JSON.parse(result.outputs.env ?? '{}') as Record<string, string>;
      expect(seen).toMatchObject({
        RUNNER_ENVIRONMENT: 'self-hosted',
        GITHUB_SERVER_URL: 'https://ghe.example.com',
        GITHUB_WORKSPACE: workspace,
      });
      expect(seen).not.toHaveProperty('CI');
      expect(realpathSync(result.outputs.cwd ?? '')).toBe(realpathSync(workspace));
    } finally {
      rmSync(workspace, { recursive: true, force: true });
    }
  });

  it("gives act's environment under the act profile: ACT=true, act's actor, no OIDC, no RUNNER_ENVIRONMENT", async () => {
    const dir = action({ 'action.yml': actionYml(), 'main.mjs': dumpEnv });
    const seen = await env({ action: dir, runner: 'act' });
    expect(seen).toMatchObject({
      ACT: 'true',
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_ACTOR: 'nektos/act',
      GITHUB_RUN_ID: '1',
      ImageOS: 'ubuntu20',
      RUNNER_OS: 'Linux',
    });
    for (const name of ['ACTIONS_ID_TOKEN_REQUEST_URL', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN', 'RUNNER_ENVIRONMENT']) {
      expect(seen).not.toHaveProperty(name);
    }
    for (const name of ['GITHUB_OUTPUT', 'GITHUB_ENV', 'GITHUB_STATE', 'GITHUB_PATH', 'GITHUB_STEP_SUMMARY']) {
      expect(seen[name]).toMatch(/^\/.+/);
    }
    expect(await env({ action: dir })).not.toHaveProperty('ACT');
  });

  it('removes a file-command variable given as undefined (act before v0.2.43 sets no GITHUB_STEP_SUMMARY)', async () => {
    const dir = action({ 'action.yml': actionYml(), 'main.mjs': dumpEnv });
    const seen = await env({ action: dir, runner: 'act', env: { GITHUB_STEP_SUMMARY: undefined } });
    expect(seen).not.toHaveProperty('GITHUB_STEP_SUMMARY');
    expect(seen.GITHUB_OUTPUT).toMatch(/^\/.+/);
  });

  it('writes a push event payload to GITHUB_EVENT_PATH', async () => {
    const dir = action({
      'action.yml': actionYml(),
      'main.mjs': `import { appendFileSync, readFileSync } from 'node:fs';
appendFileSync(process.env.GITHUB_OUTPUT, 'event=' + readFileSync(process.env.GITHUB_EVENT_PATH, 'utf8') + '\\n');`,
    });
    const result = await simulateStep({ action: dir });
    expect(JSON.parse(result.outputs.event ?? '{}')).toMatchObject({ repository: { full_name: 'octo-org/octo-repo' } });
  });

  it.each([
    ['node20', /^v20\./],
    ['node24', /^v24\./],
  ] as const)('runs the bundle with %s', async (node, version) => {
    const dir = action({ 'action.yml': actionYml(), 'main.mjs': dumpEnv });
    expect((await simulateStep({ action: dir, node })).outputs.version).toMatch(version);
  });

  it("defaults to action.yml's runs.using", async () => {
    const dir = action({ 'action.yml': actionYml({ using: 'node24' }), 'main.mjs': dumpEnv });
    expect((await simulateStep({ action: dir })).outputs.version).toMatch(/^v24\./);
  });

  it('has stdin closed', async () => {
    const dir = action({
      'action.yml': actionYml(),
      'main.mjs': `import { readFileSync, appendFileSync } from 'node:fs';
appendFileSync(process.env.GITHUB_OUTPUT, 'stdin=' + JSON.stringify(readFileSync(0, 'utf8')) + '\\n');`,
    });
    expect((await simulateStep({ action: dir })).outputs.stdin).toBe('""');
  });

  it('warns about an undeclared input as the runner does', async () => {
    const dir = action({ 'action.yml': actionYml(), 'main.mjs': '' });
    const result = await simulateStep({ action: dir, inputs: { typo: 'x' } });
    expect(result.annotations).toEqual([
      { level: 'warning', message: "Unexpected input(s) 'typo', valid inputs are ['']", source: 'runner' },
    ]);
  });
});

describe('simulateStep stages', () => {
  const post = `import { appendFileSync } from 'node:fs';
appendFileSync(process.env.GITHUB_OUTPUT, 'state=' + JSON.stringify(process.env.STATE_saved) + '\\n');
appendFileSync(process.env.GITHUB_OUTPUT, 'exported=' + process.env.EXPORTED + '\\n');
appendFileSync(process.env.GITHUB_OUTPUT, 'path=' + process.env.PATH.split(':').slice(0, 2).join(':') + '\\n');
appendFileSync(process.env.GITHUB_OUTPUT, 'input=' + process.env.INPUT_WHO + '\\n');
`;
  const main = (exitCode: number) => `import { appendFileSync } from 'node:fs';
appendFileSync(process.env.GITHUB_STATE, 'saved<<S\\nline 1\\nline 2\\nS\\n');
appendFileSync(process.env.GITHUB_ENV, 'EXPORTED=yes\\n');
appendFileSync(process.env.GITHUB_PATH, '/opt/first\\n/opt/second\\n');
process.exitCode = ${exitCode};
`;
  const inputs = '  who:\n    description: who\n    default: world';

  it("runs post with main's state, exported variables, PATH additions and the inputs", async () => {
    const dir = action({ 'action.yml': actionYml({ inputs, post: true }), 'main.mjs': main(0), 'post.mjs': post });
    const result = await simulateStep({ action: dir });

    expect(result.state).toEqual({ saved: 'line 1\nline 2' });
    expect(result.env).toEqual({ EXPORTED: 'yes' });
    expect(result.path).toEqual(['/opt/first', '/opt/second']);
    expect(result.post?.outputs).toEqual({
      state: JSON.stringify('line 1\nline 2'),
      exported: 'yes',
      path: '/opt/second:/opt/first',
      input: 'world',
    });
  });

  it('does not run post when options.post is false', async () => {
    const dir = action({ 'action.yml': actionYml({ post: true }), 'main.mjs': main(0), 'post.mjs': post });
    expect((await simulateStep({ action: dir, post: false })).post).toBeUndefined();
  });

  it.each([
    [undefined, 0, true],
    [undefined, 1, true],
    ['failure()', 0, false],
    ['failure()', 1, true],
    ['success()', 1, false],
  ])('post-if %s after main exits %i: post runs = %s', async (postIf, exitCode, runs) => {
    const dir = action({
      'action.yml': actionYml({ post: true, ...(postIf ? { postIf } : {}) }),
      'main.mjs': main(exitCode),
      'post.mjs': post,
    });
    const result = await simulateStep({ action: dir });
    expect(result.exitCode).toBe(exitCode);
    expect(result.post !== undefined).toBe(runs);
  });

  it('fails the step when a file command is malformed, though the process exits 0', async () => {
    const dir = action({
      'action.yml': actionYml(),
      'main.mjs': `import { appendFileSync } from 'node:fs';
appendFileSync(process.env.GITHUB_OUTPUT, 'value<<END\\nno closing delimiter\\n');`,
    });
    const result = await simulateStep({ action: dir });
    expect(result.exitCode).toBe(0);
    expect(result.outcome).toBe('failure');
    expect(result.annotations).toEqual([
      {
        level: 'error',
        message:
          "Unable to process file command 'output' successfully. Invalid output value. Matching delimiter not found 'END'",
        source: 'runner',
      },
    ]);
  });

  it('reports a step summary over 1 MiB as the runner does, without failing the step', async () => {
    const dir = action({
      'action.yml': actionYml(),
      'main.mjs': `import { appendFileSync, rmSync } from 'node:fs';
appendFileSync(process.env.GITHUB_STEP_SUMMARY, 'x'.repeat(1100 * 1024));
rmSync(process.env.GITHUB_OUTPUT);`,
    });
    const result = await simulateStep({ action: dir });
    expect(result.outcome).toBe('success');
    expect(result.outputs).toEqual({});
    expect(result.annotations).toEqual([
      {
        level: 'error',
        message: '$GITHUB_STEP_SUMMARY upload aborted, supports content up to a size of 1024k, got 1100k.',
        source: 'runner',
      },
    ]);
  });

  it('cancels a step that outlives timeoutMs with SIGINT and reports it', async () => {
    const dir = action({
      'action.yml': actionYml({ post: true }),
      'main.mjs': `console.log('started'); setInterval(() => undefined, 1000);`,
      'post.mjs': `console.log('post ran');`,
    });
    // The timeout starts once main has printed, so it cannot end the process while Node is still starting.
    const result = await simulateStep({ action: dir, timeoutMs: 500, timeoutStartsAfterLine: 'started' });
    expect(result).toMatchObject({ timedOut: true, signal: 'SIGINT', exitCode: null, outcome: 'failure' });
    expect(result.stdout).toBe('started\n');
    expect(result.annotations).toContainEqual({
      level: 'error',
      message: 'The action has timed out.',
      source: 'runner',
    });
    expect(result.post?.stdout).toBe('post ran\n');
  });

  it('kills a step that ignores SIGINT and SIGTERM', async () => {
    const dir = action({
      'action.yml': actionYml(),
      'main.mjs': `process.on('SIGINT', () => console.log('ignoring SIGINT')); process.on('SIGTERM', () => console.log('ignoring SIGTERM')); console.log('handlers in place'); setInterval(() => undefined, 1000);`,
    });
    // A SIGINT that arrived before the handlers were installed would end Node by its default action: the timeout
    // starts only once the fixture says its handlers are in place.
    const result = await simulateStep({ action: dir, timeoutMs: 200, timeoutStartsAfterLine: 'handlers in place' });
    expect(result).toMatchObject({ timedOut: true, signal: 'SIGKILL' });
    expect(result.stdout).toBe('handlers in place\nignoring SIGINT\nignoring SIGTERM\n');
  }, 20_000);

  it('removes its temporary runner folders afterwards', async () => {
    const dir = action({ 'action.yml': actionYml(), 'main.mjs': dumpEnv });
    const result = await simulateStep({ action: dir });
    const seen = JSON.parse(result.outputs.env ?? '{}') as Record<string, string>;
    expect(() => readFileSync(seen.GITHUB_OUTPUT ?? '')).toThrow(/ENOENT/);
  });
});

describe('simulateStep refuses what it cannot run', () => {
  it('names the missing bundle and the build command', async () => {
    const dir = action({ 'action.yml': actionYml() });
    await expect(simulateStep({ action: dir })).rejects.toThrow(
      /main\.mjs does not exist\. Build it: node scripts\/build\.mjs --action/,
    );
  });

  it('refuses a composite action', async () => {
    const dir = action({ 'action.yml': 'name: c\ndescription: c\nruns:\n  using: composite\n  steps: []\n' });
    await expect(simulateStep({ action: dir })).rejects.toThrow('simulateStep runs node actions only');
  });
});
