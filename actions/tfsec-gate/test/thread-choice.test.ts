import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../src/config.js';
import { runsOnWorkerThread, WORKER_THREAD_FROM_BYTES } from '../src/gate/thread-choice.js';

const dir = mkdtempSync(join(tmpdir(), 'tfsec-gate-thread-'));

/** A results file of `bytes` bytes (sparse: no data is written). */
function resultsFile(name: string, bytes: number): Pick<Config, 'source'> {
  const path = join(dir, name);
  writeFileSync(path, '');
  truncateSync(path, bytes);
  return { source: { kind: 'results-file', path, name, format: 'trivy-json' } };
}

describe('runsOnWorkerThread', () => {
  it('gates a results file under the threshold on the main thread', () => {
    expect(runsOnWorkerThread(resultsFile('small.json', 200))).toBe(false);
    expect(runsOnWorkerThread(resultsFile('just-under.json', WORKER_THREAD_FROM_BYTES - 1))).toBe(false);
  });

  it('gates a results file of the threshold or more on the worker thread', () => {
    expect(runsOnWorkerThread(resultsFile('at.json', WORKER_THREAD_FROM_BYTES))).toBe(true);
    expect(runsOnWorkerThread(resultsFile('large.json', 5 * WORKER_THREAD_FROM_BYTES))).toBe(true);
  });

  it('leaves a missing results file to the step (the main thread), which says it is missing', () => {
    const missing = { source: { kind: 'results-file', path: join(dir, 'none.json'), name: 'none.json' } };
    expect(runsOnWorkerThread(missing as Pick<Config, 'source'>)).toBe(false);
  });

  it('runs a scan on the worker thread, whatever size its report will be', () => {
    expect(runsOnWorkerThread({ source: { kind: 'scanner' } } as Pick<Config, 'source'>)).toBe(true);
  });
});
