// Jest setup (setupFilesAfterEnv): no test may let a live workflow command (`::add-mask::`, `::error::`, ...) reach
// the test runner's stdout, where a GitHub runner running the suite would obey it (mask values in the CI log, raise
// annotations, open groups). Code under test that speaks the runner protocol writes with process.stdout.write; a
// test that looks at those lines captures them (captureStdout from @aws-delivery/testing replaces that same
// function, and the runner simulator reads a child's stdout through a pipe), so they never reach this guard.
//
// Design: the guard wraps process.stdout.write once per test file; the test environment (environment.mjs) puts
// the real one back after the file. It does not throw from inside write (product code could swallow that, or fail
// for an unrelated reason); instead it defuses each command line it passes on (prefixes it, so the log stays quiet
// even while the guard fires) and records it. A test then fails in an afterEach hook naming the lines it wrote;
// lines written at load time or in beforeAll fail the next test's beforeEach; lines from afterAll hooks fail the
// file when the environment tears down, after every hook. Lines are found across writes (a command may be written
// in pieces) by commandLineScanner. action-kit writes to file descriptor 1 with fs.writeSync; here those writes
// are routed to process.stdout.write (stdout-descriptor.ts) for the guard and captureStdout to see. Writes that
// child processes make straight to an inherited file descriptor bypass process.stdout.write; the tests run child
// processes with piped output.
import { afterEach, beforeEach } from '@jest/globals';
import { routeStdoutDescriptor } from './stdout-descriptor.js';
import { commandGuardedWrite } from './workflow-command-lines.js';

type Write = typeof process.stdout.write;
const realWrite: Write = process.stdout.write;
let uncaptured: string[] = [];

/** The write function the guard put on process.stdout (for the guard's own test). */
export const guardedStdoutWrite = commandGuardedWrite(realWrite as never, (lines) =>
  uncaptured.push(...lines),
) as Write;
process.stdout.write = guardedStdoutWrite;
const restoreDescriptor = routeStdoutDescriptor();

/** The lines written since the last report, as an error message; undefined when there were none. */
function report(where: string): string | undefined {
  const lines = uncaptured;
  uncaptured = [];
  if (lines.length === 0) return undefined;
  const shown = lines.map((line) => `  ${JSON.stringify(line.length > 200 ? `${line.slice(0, 200)}…` : line)}`);
  return (
    `${lines.length} workflow command line(s) reached the real stdout ${where}:\n${shown.join('\n')}\n` +
    'Capture stdout in the test that runs this code (captureStdout from @aws-delivery/testing) and assert on ' +
    'what it wrote.'
  );
}

function failIfWritten(where: string): void {
  const problem = report(where);
  if (problem) throw new Error(problem);
}

beforeEach(() => failIfWritten('before this test (while loading the file or in a beforeAll hook)'));
afterEach(() => failIfWritten('during this test'));

// The test environment (environment.mjs) restores stdout and makes the last report after every afterAll hook.
const GUARD_STATE = Symbol.for('aws-delivery.stdout-guard');
Object.assign(globalThis, {
  [GUARD_STATE]: {
    report,
    restore: () => {
      if (process.stdout.write === guardedStdoutWrite) process.stdout.write = realWrite;
      restoreDescriptor();
    },
  },
});
