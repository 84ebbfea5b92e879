import fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from '@jest/globals';
import { captureStdout } from '../../src/index.js';
import { routeStdoutDescriptor } from '../../src/jest/stdout-descriptor.js';

it('turns writes to descriptor 1 into process.stdout.write (bytes and strings), and leaves other descriptors alone', () => {
  const file = join(fs.mkdtempSync(join(tmpdir(), 'descriptor-')), 'other.txt');
  const other = fs.openSync(file, 'w');
  const before = fs.writeSync;
  const restore = routeStdoutDescriptor();
  const stdout = captureStdout();
  let counts: number[];
  try {
    const bytes = Buffer.from('xx::add-mask::routed\nyy');
    counts = [fs.writeSync(1, bytes, 2, 19), fs.writeSync(1, 'líne\n'), fs.writeSync(other, 'to the file\n')];
  } finally {
    stdout.restore();
    restore();
    fs.closeSync(other);
  }
  expect(stdout.text).toBe('::add-mask::routed\nlíne\n');
  expect(counts).toEqual([19, 6, 12]);
  expect(fs.readFileSync(file, 'utf8')).toBe('to the file\n');
  expect(fs.writeSync).toBe(before);
});
