/** What the code under test wrote to stdout (the runner's command channel), captured until `restore`. */
export interface CapturedStdout {
  readonly text: string;
  clear(): void;
  restore(): void;
}

/**
 * Captures process.stdout.write until `restore` (action-kit's writes to descriptor 1 reach it through the suite's stdout
 * guard, stdout-descriptor.ts): workflow commands (`::add-mask::`, `::warning::`, ...) that code
 * under test writes land here for the test to check, instead of on the test runner's stdout, where a GitHub runner
 * would obey them (the suite's stdout guard fails a test that lets one through).
 */
export function captureStdout(): CapturedStdout {
  const original = process.stdout.write;
  let chunks: string[] = [];
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    const callback = rest.find((arg): arg is () => void => typeof arg === 'function');
    if (callback) process.nextTick(callback);
    return true;
  }) as typeof process.stdout.write;
  return {
    get text() {
      return chunks.join('');
    },
    clear: () => (chunks = []),
    restore: () => {
      process.stdout.write = original;
    },
  };
}
