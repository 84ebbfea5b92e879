import { spawn } from 'node:child_process';
import type { ScanCommand } from './scan-command.js';
import type { ScannerExit } from './exit-status.js';

const TAIL_BYTES = 16 * 1024;

/** Runs the scanner with an argument array (no shell), streaming its output to the log, keeping stderr's tail. */
export function runScanner(
  command: ScanCommand,
  options: { signal?: AbortSignal; onOutput?: (text: string) => void } = {},
): Promise<ScannerExit> {
  return new Promise((resolve, reject) => {
    const child = spawn(command.file, command.args, {
      cwd: command.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(options.signal ? { signal: options.signal } : {}),
    });
    let tail = '';
    child.stdout.on('data', (chunk: Buffer) => options.onOutput?.(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      options.onOutput?.(chunk.toString());
      tail = (tail + chunk.toString()).slice(-TAIL_BYTES);
    });
    child.on('error', reject);
    child.on('close', (exitCode, signal) => resolve({ exitCode, signal, stderrTail: tail }));
  });
}
