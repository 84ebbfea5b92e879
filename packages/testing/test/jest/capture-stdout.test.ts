import { expect, it } from '@jest/globals';
import { captureStdout } from '../../src/index.js';

it('captures strings and bytes written to stdout, calls write callbacks, and restores stdout', async () => {
  const before = process.stdout.write;
  const stdout = captureStdout();
  try {
    process.stdout.write('::add-mask::captured\n');
    await new Promise<void>((done) => process.stdout.write(Buffer.from('bytés\n'), () => done()));
    expect(stdout.text).toBe('::add-mask::captured\nbytés\n');
    stdout.clear();
    expect(stdout.text).toBe('');
  } finally {
    stdout.restore();
  }
  expect(process.stdout.write).toBe(before);
});
