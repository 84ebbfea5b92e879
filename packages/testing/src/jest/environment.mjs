// The suite's test environment: jest's node environment, plus the last check of the stdout guard (stdout-guard.ts).
// Teardown runs after every hook of the test file, afterAll hooks included, so a workflow command line written by
// one of them still fails the file (as "Test suite failed to run").
import NodeEnvironment from 'jest-environment-node';

/** Where stdout-guard.ts keeps its state on the test file's global object. */
export const GUARD_STATE = Symbol.for('aws-delivery.stdout-guard');

export default class StdoutGuardedEnvironment extends NodeEnvironment {
  async teardown() {
    const guard = this.global[GUARD_STATE];
    guard?.restore();
    const problem = guard?.report('after the last test (in an afterAll hook)');
    await super.teardown();
    if (problem) throw new Error(problem);
  }
}
