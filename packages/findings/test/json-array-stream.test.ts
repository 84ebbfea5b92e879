import { describe, it, expect } from '@jest/globals';
import { streamTopLevelArray } from '../src/index.js';

/** What the streamed read gives: the shell with the array put back, to compare with JSON.parse of the whole text. */
function reassembled(text: string, keys: readonly string[]): unknown {
  const document = streamTopLevelArray(text, keys);
  if (!document) return 'not streamed';
  const shell = document.shell as Record<string, unknown>;
  expect(shell[document.key]).toEqual([]);
  return { ...shell, [document.key]: [...document.elements()] };
}

/** Elements whose text holds everything a naive scanner trips over. */
const TRICKY = [
  { s: 'brackets ] [ } { , : inside a string' },
  { s: 'quote " and backslash \\ and \\" escaped quote' },
  { s: 'ends with a backslash \\' },
  { s: '\\\\"' },
  { s: 'unicode ü 漢字 😀 \ud83d\ude00 and escapes \n \t \u0001 \u2028' },
  { nested: [[], [[]], { a: [{ b: '}' }] }], empty: {}, list: [] },
  ['an', 'array', ['in', 'an', 'array']],
  'a plain string with ] and "quotes"',
  12.5e-3,
  -0,
  true,
  false,
  null,
  { '': 'empty key', 'key with "quote"': 1 },
];

describe('streamTopLevelArray', () => {
  it.each([
    ['compact', JSON.stringify({ SchemaVersion: 2, Results: TRICKY, Trivy: { Version: '1' } })],
    ['indented', JSON.stringify({ SchemaVersion: 2, Results: TRICKY }, null, 2)],
    ['tabs and CRLF', JSON.stringify({ Results: TRICKY }, null, '\t').replace(/\n/g, '\r\n')],
    ['array first', JSON.stringify({ Results: TRICKY, after: '"Results": [1]' })],
    ['key escaped in the text', `{"Result\\u0073": ${JSON.stringify(TRICKY)}, "x": 1}`],
    ['empty array', '{"Results": []}'],
    ['empty array with blanks', '{ "Results" : [ \n ] }'],
    ['one element', '{"Results":[{"a":"]"}]}'],
    ['whitespace around everything', '  \n{ "a" : [1, {"b": [2]}] , "Results" : [ 1 , 2 , "3" ] }\n\n'],
    ['the same key nested deeper', '{"Metadata": {"Results": [9]}, "Results": [{"Results": [8]}]}'],
  ])('reads %s exactly as JSON.parse does', (_, text) => {
    expect(reassembled(text, ['Results'])).toEqual(JSON.parse(text));
  });

  it('reads a large array in several batches, in order', () => {
    const results = Array.from({ length: 5000 }, (_, i) => ({ i, text: `"${'x'.repeat(i % 97)}" ] }`, list: [i] }));
    const text = JSON.stringify({ results });
    const document = streamTopLevelArray(text, ['results'])!;
    expect(text.length).toBeGreaterThan(3 * 64 * 1024);
    expect([...document.elements()]).toEqual(results);
  });

  it('leaves the document to JSON.parse when two of the keys asked for are there', () => {
    expect(streamTopLevelArray('{"Results": [1], "results": [2]}', ['Results', 'results'])).toBeUndefined();
  });

  it('says which of the keys it found', () => {
    expect(streamTopLevelArray('{"results": [1]}', ['Results', 'results'])?.key).toBe('results');
    expect(streamTopLevelArray('{"Results": [1]}', ['Results', 'results'])?.key).toBe('Results');
  });

  it.each([
    ['no such key', '{"other": [1]}'],
    ['the key twice (JSON.parse keeps the last)', '{"Results": [1], "Results": [2]}'],
    ['null instead of an array', '{"Results": null}'],
    ['an object instead of an array', '{"Results": {"a": [1]}}'],
    ['a top-level array', '[{"Results": [1]}]'],
    ['a byte order mark', '\uFEFF{"Results": [1]}'],
    ['two commas', '{"Results": [1,,2]}'],
    ['a trailing comma', '{"Results": [1,]}'],
    ['a leading comma', '{"Results": [,1]}'],
    ['a missing comma', '{"Results": [1 2]}'],
    ['an unterminated string', '{"Results": ["abc]}'],
    ['an unterminated array', '{"Results": [1, 2'],
    ['empty text', ''],
    ['only blanks', '  \n'],
  ])('leaves the document to JSON.parse when it has %s', (_, text) => {
    expect(streamTopLevelArray(text, ['Results'])).toBeUndefined();
  });

  it.each([
    ['a syntax error after the array', '{"Results": [1], "x": tru}'],
    ['a syntax error before the array', '{"x": [1,}, "Results": [1]}'],
    ['text after the document', '{"Results": [1]} extra'],
    ['a second document', '{"Results": [1]}{}'],
  ])('throws SyntaxError for %s (the shell is parsed at once)', (_, text) => {
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
    expect(() => streamTopLevelArray(text, ['Results'])).toThrow(SyntaxError);
  });

  it.each([
    ['an invalid element', '{"Results": [{"a": 1}, {"b": nope}]}'],
    ['mismatched brackets inside an element', '{"Results": [{"a": [1}]]}'],
    ['an element that is not JSON', '{"Results": [undefined]}'],
  ])('throws SyntaxError from elements() for %s', (_, text) => {
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
    const document = streamTopLevelArray(text, ['Results']);
    expect(document).toBeDefined();
    expect(() => [...document!.elements()]).toThrow(SyntaxError);
  });

  it('agrees with JSON.parse on generated documents', () => {
    const atoms = ['"', '\\', ']', '[', '{', '}', ',', ':', 'a', ' ', 'ü', '\n', '\u0000', '😀'];
    for (let seed = 1; seed <= 200; seed++) {
      let state = seed;
      const next = (n: number) => {
        state = (state * 1103515245 + 12345) % 2147483648;
        return state % n;
      };
      const text = (): string => Array.from({ length: next(8) }, () => atoms[next(atoms.length)]).join('');
      const value = (depth: number): unknown => {
        const kind = next(depth > 2 ? 3 : 5);
        if (kind === 0) return text();
        if (kind === 1) return next(1000) - 500;
        if (kind === 2) return [true, false, null][next(3)];
        if (kind === 3) return Array.from({ length: next(4) }, () => value(depth + 1));
        return Object.fromEntries(Array.from({ length: next(4) }, () => [text(), value(depth + 1)]));
      };
      const document = { [text()]: value(0), Results: Array.from({ length: next(30) }, () => value(0)) };
      const json = JSON.stringify(document, null, next(2) ? 1 : undefined);
      expect(reassembled(json, ['Results'])).toEqual(JSON.parse(json));
    }
  });
});
