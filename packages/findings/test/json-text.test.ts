import { describe, it, expect } from '@jest/globals';
import { jsonString } from '../src/json-text.js';

describe('jsonString', () => {
  it('is JSON.stringify for every UTF-16 code unit alone and between letters', () => {
    const differing: number[] = [];
    for (let code = 0; code <= 0xffff; code++) {
      const char = String.fromCharCode(code);
      if (jsonString(char) !== JSON.stringify(char) || jsonString(`a${char}b`) !== JSON.stringify(`a${char}b`)) {
        differing.push(code);
      }
    }
    expect(differing).toEqual([]);
  });

  it.each([
    '',
    'plain text',
    'tfsec-gate/0123456789abcdef0123456789abcdef',
    '😀 a surrogate pair',
    'a lone high \ud83d surrogate',
    'a lone low \ude00 surrogate',
    'reversed pair \ude00\ud83d',
    'quote " backslash \\ newline \n tab \t nul \u0000',
    'line separator \u2028 paragraph separator \u2029 delete \u007f',
    'ü漢字',
  ])('is JSON.stringify for %j', (text) => {
    expect(jsonString(text)).toBe(JSON.stringify(text));
  });
});
