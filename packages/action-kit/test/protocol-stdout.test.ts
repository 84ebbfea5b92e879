import fs from 'node:fs';
import { afterEach, expect, it } from '@jest/globals';
import { writeStdout } from '../src/protocol.js';
import { captureStdout } from './stdout.js';

const realWriteSync = fs.writeSync;
afterEach(() => {
  fs.writeSync = realWriteSync;
});

it('writes to descriptor 1; once it refuses a write, the rest of that write and every later one go through the stream', () => {
  const descriptor: string[] = [];
  const fds: number[] = [];
  let refuse = false;
  // Descriptor 1 as a non-blocking pipe that fills up: it takes 4 bytes of the refused write, then says EAGAIN.
  const fill = (fd: number, data: Uint8Array, offset = 0, length = data.byteLength - offset): number => {
    fds.push(fd);
    const taken = refuse ? Math.min(4, length) : length;
    if (refuse && offset > 0)
      throw Object.assign(new Error('EAGAIN: resource temporarily unavailable'), { code: 'EAGAIN' });
    descriptor.push(Buffer.from(data.subarray(offset, offset + taken)).toString('utf8'));
    return taken;
  };
  fs.writeSync = fill as typeof fs.writeSync;
  const stream = captureStdout();
  try {
    writeStdout('first line\n');
    refuse = true;
    writeStdout('second líne\n');
    refuse = false;
    writeStdout('third line\n');
  } finally {
    stream.restore();
  }
  expect(new Set(fds)).toEqual(new Set([1]));
  expect(descriptor).toEqual(['first line\n', 'seco']);
  expect(stream.text).toBe('nd líne\nthird line\n');
});
