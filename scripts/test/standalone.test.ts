import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { root } from './action-rules.js';

// The repository stands alone: a fresh clone has every file its tests, demo and benchmarks read, and no tracked
// file points outside it. The needles are built from parts so that this file does not contain them itself.
const OUTSIDE = ['..', 'shared'].join('/');
const PLANNING = ['planning', 'repo'].join(' ');

/** The tracked files outside dist/ (the bundles are built from the sources checked here). */
function trackedFiles(): string[] {
  const listed = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
  return listed.split('\0').filter((path) => path !== '' && !path.startsWith('dist/'));
}

/** The files whose bytes contain the needle, in the order given. */
function filesMentioning(files: string[], needle: string, read: (path: string) => Buffer): string[] {
  return files.filter((path) => read(path).includes(needle));
}

const readTracked = (path: string) => readFileSync(join(root, path));

describe('the repository stands alone', () => {
  const files = trackedFiles();

  it('lists the tracked files, sources and the committed scanner fixtures among them', () => {
    expect(files).toEqual(expect.arrayContaining(['package.json', 'packages/testing/fixtures/scanners/README.md']));
    expect(files.some((path) => path.startsWith('dist/'))).toBe(false);
  });

  it('finds a mention wherever it is in a file', () => {
    const texts: Record<string, string> = { a: 'none here', b: `see ${OUTSIDE}/design.md`, c: `x\n${OUTSIDE}` };
    expect(filesMentioning(['a', 'b', 'c'], OUTSIDE, (path) => Buffer.from(texts[path]!))).toEqual(['b', 'c']);
  });

  it.each([OUTSIDE, PLANNING])('has no tracked file outside dist/ that mentions "%s"', (needle) => {
    expect(filesMentioning(files, needle, readTracked)).toEqual([]);
  });
});
