import { describe, it, expect } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readReportText } from '../src/parse/read-text.js';

describe('readReportText', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tfsec-gate-text-'));

  it.each([
    ['plain ASCII', '{"results": [{"description": "plain"}]}\n'],
    ['Latin-1 range characters', '{"d": "café ü ÿ"}'],
    ['other scripts and emoji', '{"d": "漢字 😀"}'],
    ['a byte order mark', '\uFEFF{"results": []}'],
    ['nothing', ''],
  ])('reads %s exactly as UTF-8', (name, text) => {
    const path = join(dir, `${name}.json`);
    writeFileSync(path, text, 'utf8');
    expect(readReportText(path)).toBe(text);
    expect(readReportText(path)).toBe(readFileSync(path, 'utf8'));
  });

  it('replaces bytes that are not UTF-8 as UTF-8 decoding does', () => {
    const path = join(dir, 'invalid.json');
    writeFileSync(path, Buffer.from([0x7b, 0xe9, 0x7d])); // "{é}" in Latin-1: not UTF-8
    expect(readReportText(path)).toBe('{\uFFFD}');
  });
});
