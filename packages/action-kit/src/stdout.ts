import fs from 'node:fs';

/** File descriptor 1, the runner's command channel. */
const STDOUT_FD = 1;

/** Set once a write to the descriptor failed: from then on every write goes through the stream, in order. */
let throughStream = false;

/**
 * Writes `text` to stdout. Straight to the descriptor, synchronously, as Node itself writes stdout when it is a file
 * or (on Linux) a pipe: `process.stdout` is a stream whose first use loads Node's stream and net modules, more than
 * a small step's whole work. Should the descriptor refuse a write (EAGAIN on a pipe its reader made non-blocking,
 * EPIPE, a closed descriptor), the rest of this write and every later one go through `process.stdout`, which
 * handles those as it always has.
 *
 * `fs.writeSync` is looked up at each call (not imported by name), like `process.stdout.write`, so that a test's
 * capture of stdout sees these writes.
 */
export function writeStdout(text: string): void {
  if (throughStream) {
    process.stdout.write(text);
    return;
  }
  const bytes = Buffer.from(text, 'utf8');
  let written = 0;
  try {
    while (written < bytes.length) written += fs.writeSync(STDOUT_FD, bytes, written, bytes.length - written);
  } catch {
    throughStream = true;
    process.stdout.write(bytes.subarray(written));
  }
}
