import { describe, expect, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { TIMING_LINE, stopwatch, timed } from '../src/timing.js';

describe('timed', () => {
  it('returns what the work returns and says how long it took, in a line TIMING_LINE reads back', async () => {
    const lines: string[] = [];
    const result = await timed(
      'write results.sarif',
      () => sleep(30).then(() => 42),
      (m) => lines.push(m),
    );
    expect(result).toBe(42);
    expect(lines).toHaveLength(1);
    const match = TIMING_LINE.exec(`::debug::${lines[0]}`);
    expect(match?.[1]).toBe('write results.sarif');
    expect(Number(match?.[2])).toBeGreaterThanOrEqual(29);
  });

  it('times synchronous work too', async () => {
    const lines: string[] = [];
    expect(
      await timed(
        'policy',
        () => 'done',
        (m) => lines.push(m),
      ),
    ).toBe('done');
    expect(lines).toEqual([expect.stringMatching(/^timing: policy \d+ ms$/)]);
  });

  it('still says how long failed work took, and lets the error through', async () => {
    const lines: string[] = [];
    const failing = () => {
      throw new Error('unreadable');
    };
    await expect(timed('scan', failing, (m) => lines.push(m))).rejects.toThrow('unreadable');
    expect(lines).toEqual([expect.stringMatching(/^timing: scan \d+ ms$/)]);
  });
});

describe('stopwatch', () => {
  it('times each part into the one debug log it was given', async () => {
    const lines: string[] = [];
    const time = stopwatch((m) => lines.push(m));
    expect(await time('scan', () => 1)).toBe(1);
    expect(await time('policy', async () => 2)).toBe(2);
    expect(lines.map((line) => TIMING_LINE.exec(`::debug::${line}`)?.[1])).toEqual(['scan', 'policy']);
  });
});
