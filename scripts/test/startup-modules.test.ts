// What each bundle loads before it has work to do: a post step with no saved state, and a main whose inputs do not
// check out, load none of the heavy built-ins (node:https and the TLS, HTTP and crypto stacks, worker threads);
// those are imported where they are used. Read from the built dist/, as the runner runs it (Node 24), through
// Node's own list of the built-in modules it has loaded.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { nodeBinary, repoRoot } from '@aws-delivery/testing';
import { actionEntries } from '../actions.mjs';

// net and stream too: action-kit writes to descriptor 1 itself, so a standard output that is a pipe never becomes
// the net.Socket that process.stdout would be. crypto counts its internal modules (Web Crypto loads only those).
const HEAVY = ['https', 'http', 'tls', 'crypto', 'worker_threads', 'zlib', 'http2', 'child_process', 'net', 'stream'];

const dir = mkdtempSync(join(tmpdir(), 'startup-modules-'));
const preload = join(dir, 'loaded.cjs');
writeFileSync(
  preload,
  "process.on('exit', () => require('node:fs').writeFileSync(process.env.LOADED_OUT, process.moduleLoadList.join('\\n')));\n",
);

// For a step that gets to work: the list as it starts its first process, where the run ends.
const atFirstSpawn = join(dir, 'at-first-spawn.cjs');
writeFileSync(
  atFirstSpawn,
  [
    "const childProcess = require('node:child_process');",
    'childProcess.spawn = () => {',
    "  require('node:fs').writeFileSync(process.env.LOADED_OUT, process.moduleLoadList.join('\\n'));",
    '  process.exit(0);',
    '};',
    '',
  ].join('\n'),
);

/** The built-in modules (`NativeModule x`) a bundle loaded by the time it exited (or, with `until`, spawned). */
function builtinsLoaded(
  bundle: string,
  inputs: Record<string, string> = {},
  until: 'exit' | 'first-spawn' = 'exit',
): { loaded: string[]; stdout: string } {
  const run = mkdtempSync(join(dir, 'run-'));
  const workspace = join(run, 'workspace');
  mkdirSync(workspace);
  const files = Object.fromEntries(
    ['GITHUB_OUTPUT', 'GITHUB_ENV', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY', 'GITHUB_PATH'].map((name) => {
      writeFileSync(join(run, name), '');
      return [name, join(run, name)];
    }),
  );
  const out = join(run, 'loaded.txt');
  let stdout: string;
  try {
    stdout = execFileSync(nodeBinary('node24'), ['-r', until === 'exit' ? preload : atFirstSpawn, bundle], {
      env: {
        PATH: process.env.PATH,
        GITHUB_ACTIONS: 'true',
        RUNNER_TEMP: run,
        GITHUB_WORKSPACE: workspace,
        LOADED_OUT: out,
        ...files,
        ...inputs,
      },
      encoding: 'utf8',
    });
  } catch (error) {
    stdout = String((error as { stdout?: string }).stdout ?? '');
  }
  const loaded = readFileSync(out, 'utf8')
    .split('\n')
    .flatMap((line) =>
      line.startsWith('NativeModule ') ? [line.slice(13).replace(/^internal\/crypto\/.*/, 'crypto')] : [],
    )
    .filter((name) => !name.startsWith('internal/'));
  return { loaded, stdout };
}

const entries = actionEntries();
const bundle = (action: string, entry: string) => join(repoRoot, 'dist', action, entry, 'index.js');

describe.each(entries.filter((e) => e.entry === 'post').map((e) => e.action))('the %s post step', (action) => {
  it('with no saved state, loads none of the heavy built-ins', () => {
    const { loaded } = builtinsLoaded(bundle(action, 'post'));
    expect(loaded.filter((name) => HEAVY.includes(name))).toEqual([]);
  });
});

// hello-world needs no input; tfsec-gate with none scans the checkout, so it is given one that does not check out.
const FAILING_INPUTS: Record<string, Record<string, string>> = {
  'tfsec-gate': { 'INPUT_SCANNER-SHA256': 'abc' },
};

describe.each(entries.filter((e) => e.entry === 'main' && e.action !== 'hello-world').map((e) => e.action))(
  'the %s main step',
  (action) => {
    it('failing on its inputs, loads none of the heavy built-ins', () => {
      const { loaded, stdout } = builtinsLoaded(bundle(action, 'main'), FAILING_INPUTS[action]);
      expect(stdout).toMatch(new RegExp(`^::error::${action}: .*Input "`, 'm'));
      expect(loaded.filter((name) => HEAVY.includes(name))).toEqual([]);
    });
  },
);

describe('the hello-world main step', () => {
  it('loads none of the heavy built-ins', () => {
    const { loaded, stdout } = builtinsLoaded(bundle('hello-world', 'main'), { INPUT_WHO: 'world' });
    expect(stdout).toContain('Hello, world!');
    expect(loaded.filter((name) => HEAVY.includes(name))).toEqual([]);
  });
});

describe('the docker-build-push main step', () => {
  it('has loaded no HTTP or TLS stack when it starts the builder: its registry client loads while the image builds', () => {
    const { loaded } = builtinsLoaded(
      bundle('docker-build-push', 'main'),
      {
        INPUT_REGISTRIES: 'registry.example.com username=ci password-env=REGISTRY_PASSWORD',
        REGISTRY_PASSWORD: 'not-used',
        INPUT_REPOSITORY: 'team/app',
        INPUT_TAGS: 'v1',
        'INPUT_BUILDER-PATH': nodeBinary('node24'),
      },
      'first-spawn',
    );
    expect(loaded).toContain('child_process');
    expect(loaded.filter((name) => ['https', 'http', 'tls', 'http2', 'zlib'].includes(name))).toEqual([]);
  });
});
