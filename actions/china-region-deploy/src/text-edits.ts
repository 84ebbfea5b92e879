/**
 * Applying edits to a source text, and the unified diff that shows them. The partition rewrites never add or remove
 * a line break, so the diff compares line i with line i; a pair of texts with different line counts is refused.
 */
import type { TextEdit } from './partition-lint.js';

/** Applies edits sorted by start; throws on overlapping edits (a bug in whoever made them). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let result = '';
  let cursor = 0;
  for (const edit of edits) {
    if (edit.start < cursor || edit.end < edit.start) {
      throw new RangeError(`Overlapping edits at offset ${edit.start} (the previous edit ends at ${cursor}).`);
    }
    result += text.slice(cursor, edit.start) + edit.text;
    cursor = edit.end;
  }
  return result + text.slice(cursor);
}

export interface DiffOptions {
  /** Names for the `---` and `+++` lines. */
  fromFile: string;
  toFile: string;
  /** Unchanged lines shown around each change; default 3. */
  context?: number;
}

/** A unified diff of two texts with the same number of lines; empty when they are equal. */
export function unifiedDiff(before: string, after: string, options: DiffOptions): string {
  const oldLines = before.split('\n');
  const newLines = after.split('\n');
  if (oldLines.length !== newLines.length) {
    throw new RangeError('unifiedDiff compares texts line by line: both must have the same number of lines.');
  }
  const context = options.context ?? 3;
  const changed = oldLines.flatMap((line, index) => (line === newLines[index] ? [] : [index]));
  if (changed.length === 0) return '';
  // Changes closer than twice the context share a hunk.
  const hunks: { first: number; last: number }[] = [];
  for (const index of changed) {
    const last = hunks.at(-1);
    if (last && index - last.last <= 2 * context) last.last = index;
    else hunks.push({ first: index, last: index });
  }
  const out = [`--- ${options.fromFile}`, `+++ ${options.toFile}`];
  for (const hunk of hunks) {
    const start = Math.max(0, hunk.first - context);
    const end = Math.min(oldLines.length - 1, hunk.last + context);
    const length = end - start + 1;
    out.push(`@@ -${start + 1},${length} +${start + 1},${length} @@`);
    // A run of changed lines shows its old lines, then its new ones, as diff(1) does.
    let removed: string[] = [];
    let added: string[] = [];
    const flush = () => {
      out.push(...removed, ...added);
      removed = [];
      added = [];
    };
    for (let index = start; index <= end; index += 1) {
      if (oldLines[index] === newLines[index]) {
        flush();
        out.push(` ${oldLines[index]}`);
      } else {
        removed.push(`-${oldLines[index]}`);
        added.push(`+${newLines[index]}`);
      }
    }
    flush();
  }
  return `${out.join('\n')}\n`;
}
