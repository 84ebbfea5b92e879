import fs from 'node:fs';

type WriteSync = typeof fs.writeSync;

/**
 * Makes `fs.writeSync` to file descriptor 1 a call to `process.stdout.write`, looked up at each write, and returns
 * what puts the real one back. action-kit writes the runner's commands straight to descriptor 1 (protocol.ts); in
 * a test they must reach `process.stdout.write` instead, where captureStdout and the stdout guard see them. Writes to
 * any other descriptor are the real ones.
 */
export function routeStdoutDescriptor(): () => void {
  const real = fs.writeSync;
  const routed = function (fd: number, data: string | NodeJS.ArrayBufferView, ...rest: unknown[]): number {
    if (fd !== 1) return (real as (...args: unknown[]) => number)(fd, data, ...rest);
    if (typeof data === 'string') {
      const encoding = typeof rest[1] === 'string' ? (rest[1] as BufferEncoding) : 'utf8';
      process.stdout.write(data, encoding);
      return Buffer.byteLength(data, encoding);
    }
    const offset = typeof rest[0] === 'number' ? rest[0] : 0;
    const length = typeof rest[1] === 'number' ? rest[1] : data.byteLength - offset;
    process.stdout.write(Buffer.from(data.buffer, data.byteOffset + offset, length));
    return length;
  } as WriteSync;
  fs.writeSync = routed;
  return () => {
    if (fs.writeSync === routed) fs.writeSync = real;
  };
}
