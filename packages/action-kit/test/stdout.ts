import { afterEach, beforeEach } from '@jest/globals';
import { captureStdout, type CapturedStdout } from '@aws-delivery/testing';

export { captureStdout, type CapturedStdout };

/**
 * For a file whose tests run steps: stdout captured around each test and process.exitCode cleared before and after
 * it. Returns the current test's capture.
 */
export function captureStdoutPerTest(): () => CapturedStdout {
  let stdout: CapturedStdout | undefined;
  beforeEach(() => {
    stdout = captureStdout();
    process.exitCode = undefined;
  });
  afterEach(() => {
    stdout?.restore();
    process.exitCode = undefined;
  });
  return () => {
    if (!stdout) throw new Error('stdout is captured inside tests only');
    return stdout;
  };
}
