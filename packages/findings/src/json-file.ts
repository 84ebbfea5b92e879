import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Pieces are written 64 KiB at a time. Small enough that the pieces waiting to be written die young (a large buffer
 * outlives garbage collections and piles up in the old generation, which is what peak memory is made of), large
 * enough that the number of write calls stays small.
 */
const FLUSH_AT = 64 * 1024;

/** Writes text produced in pieces to a file, 64 KiB at a time: large reports are never held as one string. */
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
