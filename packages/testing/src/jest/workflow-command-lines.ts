/**
 * Finds the workflow-command lines (lines that start with `::`, which a GitHub runner reads as commands) in text
 * written to a stream in pieces. A line may arrive in several writes, so the scanner remembers how the current line
 * begins across writes; its first two characters decide.
 */
export interface CommandLineScanner {
  /**
   * Scans one write. Returns the text to pass on, with every command line defused (prefixed so that it no longer
   * starts with `::`), and the command lines this write began, as far as this write holds them.
   */
  write(text: string): { text: string; commands: string[] };
}

/** What is put before a command line that reached the real stdout uncaptured, so the runner does not run it. */
export const DEFUSED = '[uncaptured] ';

export function commandLineScanner(): CommandLineScanner {
  let head = ''; // the current line's first characters, while fewer than two are known
  let decided = false; // whether the current line is already known to be a command or not
  return {
    write(text) {
      let out = '';
      const commands: string[] = [];
      for (const piece of text.match(/[^\n]*\n|[^\n]+$/g) ?? []) {
        if (!decided) {
          const begun = head + piece;
          if (begun.startsWith('::')) {
            // A ':' passed on with an earlier write cannot be taken back; the prefix still breaks up the '::'.
            out += DEFUSED;
            commands.push(begun.replace(/\r?\n$/, ''));
            decided = true;
          } else if (begun === ':') {
            head = begun; // a lone ':' so far: the next write decides
          } else {
            decided = true;
          }
        }
        out += piece;
        if (piece.endsWith('\n')) {
          head = '';
          decided = false;
        }
      }
      return { text: out, commands };
    },
  };
}

type WriteArgs = [chunk: string | Uint8Array, ...rest: unknown[]];
type Write = (this: unknown, ...args: WriteArgs) => boolean;

function textOf(chunk: string | Uint8Array, encoding: unknown): string {
  if (typeof chunk !== 'string') return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('utf8');
  return typeof encoding === 'string' && Buffer.isEncoding(encoding) ? Buffer.from(chunk, encoding).toString() : chunk;
}

/**
 * A stream write function in front of `write` that hands the command lines of each write to `found` and passes on
 * the write with those lines defused; a write without one is passed on exactly as it was made.
 */
export function commandGuardedWrite(write: Write, found: (lines: string[]) => void): Write {
  const scanner = commandLineScanner();
  return function (this: unknown, chunk, ...rest) {
    const { text, commands } = scanner.write(textOf(chunk, rest[0]));
    if (commands.length === 0) return write.call(this, chunk, ...rest);
    found(commands);
    const callback = rest.find((arg) => typeof arg === 'function');
    return write.call(this, text, 'utf8', ...(callback ? [callback] : []));
  };
}
