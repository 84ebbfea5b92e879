// Prints jest's totals (from `jest --json --outputFile=…`) as one plain closing line for CI logs:
//   tests: N passed, N failed, N skipped
// A test suite that failed to run (it did not load, or a beforeAll/afterAll hook threw) has no failing test of its
// own, so jest's numFailedTests leaves it out; here it counts as one failure, and its file and the first line of
// its message go to stderr. Exits non-zero when anything failed, when jest reported failure, or when no test ran.
// Diagnostics are written before the closing line, so that line is always the last one.
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';

const SUITE_ERROR_HEADER = '● Test suite failed to run';
const ESC = String.fromCharCode(27); // colour codes, if jest wrote any, are removed from the message

/**
 * The first line of a suite's message that says something: jest's own header and blank lines skipped, and a line
 * that only introduces the next ("Configuration error:") joined with it.
 */
function firstLine(message) {
  const lines = message
    .split(ESC)
    .map((part, i) => (i === 0 ? part : part.replace(/^\[[0-9;]*m/, '')))
    .join('')
    .split('\n')
    .map((line) => line.trim());
  const [first, next] = lines.slice(lines.indexOf(SUITE_ERROR_HEADER) + 1).filter((line) => line !== '');
  if (first === undefined) return '(no message)';
  return first.endsWith(':') && next !== undefined ? `${first} ${next}` : first;
}

/** The suites that failed to run: failed, yet with no failing test, or with jest's suite-error header. */
function suiteErrors(results) {
  return (results.testResults ?? []).filter((suite) => {
    if (suite.status !== 'failed') return false;
    const message = suite.message ?? suite.failureMessage ?? '';
    const failedTests = (suite.assertionResults ?? []).filter((test) => test.status === 'failed').length;
    return failedTests === 0 || message.includes(SUITE_ERROR_HEADER);
  });
}

function main(path) {
  const problems = [];
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  if (!path || !existsSync(path)) {
    problems.push(`ci: jest wrote no results file (${path ?? 'no path given'})`);
  } else {
    const results = JSON.parse(readFileSync(path, 'utf8'));
    const errors = suiteErrors(results);
    for (const suite of errors) {
      const message = suite.message ?? suite.failureMessage ?? '';
      problems.push(`ci: test suite failed to run: ${relative(process.cwd(), suite.name)}: ${firstLine(message)}`);
    }
    passed = results.numPassedTests ?? 0;
    skipped = (results.numPendingTests ?? 0) + (results.numTodoTests ?? 0);
    // jest counts every suite that failed to run in numRuntimeErrorTestSuites, also one whose tests did fail.
    failed = (results.numFailedTests ?? 0) + Math.max(errors.length, results.numRuntimeErrorTestSuites ?? 0);
    if (results.success === false && failed === 0) problems.push('ci: jest reported the run as failed');
    if (results.wasInterrupted) problems.push('ci: the test run was interrupted');
    if ((results.numTotalTests ?? 0) === 0) problems.push('ci: no test ran');
  }
  for (const problem of problems) console.error(problem);
  console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
  return failed > 0 || problems.length > 0 ? 1 : 0;
}

process.exitCode = main(process.argv[2]);
