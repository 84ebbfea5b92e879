import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { root } from './action-rules.js';

// scripts/test-totals.mjs run as CI runs it, on hand-made `jest --json` results shaped as jest 30 writes them
// (testResults[].message is the suite's failure message; a suite that failed to run has jest's
// "● Test suite failed to run" header and, when it did not load, no assertionResults).
const dir = mkdtempSync(join(tmpdir(), 'test-totals-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Assertion = { title: string; status: 'passed' | 'failed' | 'pending' | 'todo' };
type Suite = { name: string; status: 'passed' | 'failed'; message: string; assertionResults: Assertion[] };

const passed = (title: string): Assertion => ({ title, status: 'passed' });
const failedTest = (title: string): Assertion => ({ title, status: 'failed' });
const suite = (file: string, assertionResults: Assertion[], message = ''): Suite => ({
  name: join(root, file),
  status: assertionResults.some((a) => a.status === 'failed') || message !== '' ? 'failed' : 'passed',
  message,
  assertionResults,
});
const loadError = (file: string, error: string) =>
  suite(
    file,
    [],
    `  \u001b[1m\u001b[31m● Test suite failed to run\u001b[39m\u001b[22m\n\n    ${error}\n\n      at x.ts:1:1\n`,
  );

/** The aggregated results jest writes, counted from the suites the way jest counts them. */
function results(suites: Suite[], runtimeErrors = suites.filter((s) => s.message.includes('failed to run')).length) {
  const all = suites.flatMap((s) => s.assertionResults);
  const count = (status: Assertion['status']) => all.filter((a) => a.status === status).length;
  return {
    numFailedTestSuites: suites.filter((s) => s.status === 'failed').length,
    numFailedTests: count('failed'),
    numPassedTests: count('passed'),
    numPendingTests: count('pending'),
    numTodoTests: count('todo'),
    numRuntimeErrorTestSuites: runtimeErrors,
    numTotalTestSuites: suites.length,
    numTotalTests: all.length,
    success: suites.every((s) => s.status === 'passed'),
    wasInterrupted: false,
    testResults: suites,
  };
}

let runs = 0;
function totals(json: unknown) {
  const file = join(dir, `results-${++runs}.json`);
  writeFileSync(file, JSON.stringify(json));
  const run = spawnSync(process.execPath, [join(root, 'scripts/test-totals.mjs'), file], {
    cwd: root,
    encoding: 'utf8',
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr.split('\n').filter((l) => l !== '') };
}

describe('scripts/test-totals.mjs', () => {
  it('counts a suite that failed to load as a failure and names it, though jest counts no failed test', () => {
    const run = totals(
      results([
        suite('actions/a/test/ok.test.ts', [passed('one'), passed('two')]),
        loadError('actions/b/test/broken.test.ts', "Cannot find module './gone.js' from 'broken.test.ts'"),
      ]),
    );
    expect(run).toEqual({
      status: 1,
      stdout: 'tests: 2 passed, 1 failed, 0 skipped\n',
      stderr: [
        "ci: test suite failed to run: actions/b/test/broken.test.ts: Cannot find module './gone.js' from 'broken.test.ts'",
      ],
    });
  });

  it('adds failed tests, suites that failed to run, and skipped (pending and todo) tests', () => {
    const run = totals(
      results([
        suite('a.test.ts', [passed('p'), failedTest('f1'), failedTest('f2'), { title: 's', status: 'pending' }]),
        suite('b.test.ts', [{ title: 't', status: 'todo' }, passed('q')]),
        loadError('c.test.ts', 'SyntaxError: Unexpected token'),
        // An afterAll hook that threw in a suite whose own tests also failed: jest counts it as a runtime error.
        suite('d.test.ts', [failedTest('g')], '  ● g\n\n  ● Test suite failed to run\n\n    afterAll broke\n'),
      ]),
    );
    expect(run.stdout).toBe('tests: 2 passed, 5 failed, 2 skipped\n');
    expect(run.stderr).toEqual([
      'ci: test suite failed to run: c.test.ts: SyntaxError: Unexpected token',
      'ci: test suite failed to run: d.test.ts: afterAll broke',
    ]);
    expect(run.status).toBe(1);
  });

  it('joins a line that only introduces the next one', () => {
    const error = 'Configuration error:\n\n    Could not locate module ./gone.js mapped as:\n    $1.';
    expect(totals(results([suite('a.test.ts', [passed('p')]), loadError('e.test.ts', error)])).stderr).toEqual([
      'ci: test suite failed to run: e.test.ts: Configuration error: Could not locate module ./gone.js mapped as:',
    ]);
  });

  it('counts runtime errors jest reports even for a suite missing from testResults', () => {
    const run = totals(results([suite('a.test.ts', [passed('p')])], 1));
    expect(run.stdout).toBe('tests: 1 passed, 1 failed, 0 skipped\n');
    expect(run.status).toBe(1);
  });

  it('passes with exit status 0 and nothing on stderr when every test passed or was skipped', () => {
    const run = totals(results([suite('a.test.ts', [passed('p'), { title: 's', status: 'pending' }])]));
    expect(run).toEqual({ status: 0, stdout: 'tests: 1 passed, 0 failed, 1 skipped\n', stderr: [] });
  });

  it('fails when no test ran', () => {
    expect(totals(results([]))).toEqual({
      status: 1,
      stdout: 'tests: 0 passed, 0 failed, 0 skipped\n',
      stderr: ['ci: no test ran'],
    });
  });

  it('fails when jest reported failure that no count shows', () => {
    const run = totals({ ...results([suite('a.test.ts', [passed('p')])]), success: false });
    expect(run).toEqual({
      status: 1,
      stdout: 'tests: 1 passed, 0 failed, 0 skipped\n',
      stderr: ['ci: jest reported the run as failed'],
    });
  });

  it('fails, still closing with the totals line, when jest wrote no results', () => {
    const missing = join(dir, 'never-written.json');
    const run = spawnSync(process.execPath, [join(root, 'scripts/test-totals.mjs'), missing], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('tests: 0 passed, 0 failed, 0 skipped\n');
    expect(run.stderr).toBe(`ci: jest wrote no results file (${missing})\n`);
  });
});
