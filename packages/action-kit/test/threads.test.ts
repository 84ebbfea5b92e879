import { describe, expect, it } from '@jest/globals';
import { runOnWorkerThread } from '../src/threads.js';
import { captureStdoutPerTest } from './stdout.js';

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url);

const stdout = captureStdoutPerTest();

describe('runOnWorkerThread', () => {
  it("gives the process the thread's exit code", async () => {
    await runOnWorkerThread('demo', fixture('thread-exit-code.mjs'));
    expect(process.exitCode).toBe(3);
    expect(stdout().text).not.toContain('::error::');
  });

  it('reports a thread that dies of an uncaught error as one ::error:: line, and fails', async () => {
    await runOnWorkerThread('tfsec-gate', fixture('thread-throws.mjs'));
    expect(process.exitCode).toBe(1);
    expect(stdout().text.split('\n')).toContain('::error::tfsec-gate: the thread broke second line');
  });

  it("caps the thread's young generation where Node would grow it (Node 20: 32 MiB, Node 24: 128 MiB)", async () => {
    const youngMiB = async (options = {}) => {
      stdout().clear();
      await runOnWorkerThread('demo', fixture('thread-young-generation.mjs'), options);
      const line = /young generation: ([\d.]+) MiB, 2000000 objects kept/.exec(stdout().text);
      if (!line) throw new Error(`the thread did not report: ${stdout().text}`);
      return Number(line[1]);
    };
    expect(await youngMiB({ youngGenerationMb: 8 })).toBeLessThanOrEqual(8);
    expect(await youngMiB()).toBeGreaterThan(8);
    expect(process.exitCode).toBeUndefined();
  });
});
