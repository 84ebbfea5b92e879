import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

const FLUSH_AT = 1 << 20;

/** Writes text produced in pieces to a file, 1 MiB at a time: large reports are never held as one string. */
export function writeChunks(path: string, chunks: Iterable<string>): void {
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, 'w');
  try {
    let buffer: string[] = [];
    let size = 0;
    for (const chunk of chunks) {
      buffer.push(chunk);
      size += chunk.length;
      if (size >= FLUSH_AT) {
        writeSync(fd, buffer.join(''));
        buffer = [];
        size = 0;
      }
    }
    if (buffer.length) writeSync(fd, buffer.join(''));
  } finally {
    closeSync(fd);
  }
}
