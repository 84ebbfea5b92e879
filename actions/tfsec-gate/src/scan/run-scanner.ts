import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { ScanCommand } from './scan-command.js';
import type { ScannerExit } from './exit-status.js';

const TAIL_BYTES = 16 * 1024;

/** Each line of a stream as it completes (the last one too, without its line break), until the stream ends. */
function eachLine(stream: Readable, onLine: ((line: string) => void) | undefined): Promise<void> {
  if (!onLine) return new Promise((resolve) => stream.on('close', resolve).resume());
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  lines.on('line', onLine);
  return new Promise((resolve) => lines.on('close', resolve));
}

/**
 * Runs the scanner with an argument array (no shell), passing each line of its stdout and stderr to `onLine` (the
 * log), keeping stderr's tail.
 */
export function runScanner(
  command: ScanCommand,
  options: { signal?: AbortSignal; onLine?: (line: string) => void } = {},
): Promise<ScannerExit> {
  return new Promise((resolve, reject) => {
    const child = spawn(command.file, command.args, {
      cwd: command.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(options.signal ? { signal: options.signal } : {}),
    });
    let tail = '';
    child.stderr.on('data', (chunk: Buffer) => {
      tail = (tail + chunk.toString()).slice(-TAIL_BYTES);
    });
    const streamsDone = Promise.all([eachLine(child.stdout, options.onLine), eachLine(child.stderr, options.onLine)]);
    child.on('error', reject);
    child.on(
      'close',
      (exitCode, signal) => void streamsDone.then(() => resolve({ exitCode, signal, stderrTail: tail })),
    );
  });
}
