import { afterEach, beforeEach, jest } from '@jest/globals';

/** What a test's code wrote to stdout (the runner's command channel), captured until `restore`. */
export interface CapturedStdout {
  readonly text: string;
  clear(): void;
  restore(): void;
}

export function captureStdout(): CapturedStdout {
  let chunks: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  return {
    get text() {
      return chunks.join('');
    },
    clear: () => (chunks = []),
    restore: () => spy.mockRestore(),
  };
}

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
