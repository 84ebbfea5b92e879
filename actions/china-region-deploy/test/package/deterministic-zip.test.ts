import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { crc32, deterministicZip, looksLikeZip } from '../../src/package/deterministic-zip.js';

/** Python's zipfile reads the archive back: names, modes, dates, contents, and its own CRC check. */
function readWithPython(archive: Buffer) {
  const path = join(mkdtempSync(join(tmpdir(), 'zip-')), 'a.zip');
  writeFileSync(path, archive);
  const script = [
    'import json, sys, zipfile',
    'z = zipfile.ZipFile(sys.argv[1])',
    'bad = z.testzip()',
    'print(json.dumps({"bad": bad, "entries": [{"name": i.filename, "mode": oct(i.external_attr >> 16), ',
    '"date": list(i.date_time), "system": i.create_system, "data": z.read(i).decode()} for i in z.infolist()]}))',
  ].join('\n');
  return JSON.parse(execFileSync('python3', ['-c', script, path], { encoding: 'utf8' })) as {
    bad: string | null;
    entries: { name: string; mode: string; date: number[]; system: number; data: string }[];
  };
}

describe('deterministic zip', () => {
  const entries = [
    { name: 'src/b.js', data: Buffer.from('export const b = 2;\n'.repeat(50)), executable: false },
    { name: 'bootstrap', data: Buffer.from('#!/bin/sh\nexec node index.js\n'), executable: true },
    { name: 'a.txt', data: Buffer.alloc(0), executable: false },
  ];

  it('computes the CRC-32 check value of "123456789" (0xCBF43926)', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });

  it('writes an archive other tools read, entries sorted, dated 1980-01-01, modes 0644 or 0755', () => {
    const read = readWithPython(deterministicZip(entries));
    expect(read.bad).toBeNull();
    expect(read.entries.map((entry) => [entry.name, entry.mode, entry.date, entry.system])).toEqual([
      ['a.txt', '0o100644', [1980, 1, 1, 0, 0, 0], 3],
      ['bootstrap', '0o100755', [1980, 1, 1, 0, 0, 0], 3],
      ['src/b.js', '0o100644', [1980, 1, 1, 0, 0, 0], 3],
    ]);
    expect(read.entries[2]?.data).toBe('export const b = 2;\n'.repeat(50));
  });

  it('gives the same bytes whatever order the entries come in', () => {
    const one = deterministicZip(entries);
    const other = deterministicZip([...entries].reverse());
    expect(other.equals(one)).toBe(true);
    expect(looksLikeZip(one)).toBe(true);
    expect(looksLikeZip(deterministicZip([]))).toBe(true);
    expect(looksLikeZip(Buffer.from('hello'))).toBe(false);
  });

  it('refuses names that could escape the folder they are unpacked in, and repeated names', () => {
    for (const name of ['../x', '/etc/passwd', 'a\\b', 'a//b', '']) {
      expect(() => deterministicZip([{ name, data: Buffer.alloc(0), executable: false }])).toThrow(RangeError);
    }
    expect(() => deterministicZip([entries[0]!, entries[0]!])).toThrow(/twice/);
  });
});
