import { describe, expect, it } from '@jest/globals';
import { FileCommandError, parseKeyValueFile, parsePathFile } from '@aws-delivery/testing';

describe('parseKeyValueFile', () => {
  it.each([
    ['one name=value line', 'greeting=hello\n', { greeting: 'hello' }],
    ['the value keeps every = after the first', 'url=a=b=c\n', { url: 'a=b=c' }],
    ['an empty value', 'empty=\n', { empty: '' }],
    ['no final newline', 'a=1', { a: '1' }],
    ['blank lines are skipped', '\n\na=1\n\nb=2\n', { a: '1', b: '2' }],
    ['a later line wins', 'a=1\na=2\n', { a: '2' }],
    ['= before << is the name=value form', 'a=b<<c\n', { a: 'b<<c' }],
    ['a CR stays part of the value (Linux runner)', 'a=1\r\n', { a: '1\r' }],
    ['a heredoc', 'text<<EOF\nline 1\nline 2\nEOF\n', { text: 'line 1\nline 2' }],
    ['an empty heredoc', 'text<<EOF\nEOF\n', { text: '' }],
    ['a heredoc holding blank lines and =', 'text<<X\n\na=b\n\nX\n', { text: '\na=b\n' }],
    ['<< before = is the heredoc form', 'a<<D=1\nv\nD=1\n', { a: 'v' }],
    [
      "@actions/core's form, mixed with plain lines",
      'first=1\nsecond<<ghadelimiter_0b1c\nmulti\nline\nghadelimiter_0b1c\nthird=3\n',
      { first: '1', second: 'multi\nline', third: '3' },
    ],
    ['a delimiter must match the whole line', 'a<<END\nnot END\nEND \nEND\n', { a: 'not END\nEND ' }],
  ])('%s', (_, text, expected) => {
    expect(parseKeyValueFile(text)).toEqual(expected);
  });

  it('keeps __proto__ as a plain name', () => {
    const parsed = parseKeyValueFile('__proto__=x\n');
    expect(Object.keys(parsed)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
  });

  it.each([
    ['a line with neither = nor <<', 'just text\n', "Invalid output format 'just text'"],
    ['an empty name', '=value\n', "Invalid output format '=value'. The name must not be empty"],
    ['an empty heredoc delimiter', 'name<<\nx\n', 'the delimiter must not be empty'],
    ['a heredoc without its closing delimiter', 'name<<EOF\nvalue\n', "Matching delimiter not found 'EOF'"],
  ])('rejects %s as the runner does', (_, text, message) => {
    expect(() => parseKeyValueFile(text, 'output')).toThrow(FileCommandError);
    expect(() => parseKeyValueFile(text, 'output')).toThrow(message);
  });
});

describe('parsePathFile', () => {
  it('returns each non-empty line in order', () => {
    expect(parsePathFile('/opt/a\n\n/opt/b\n')).toEqual(['/opt/a', '/opt/b']);
  });

  it('moves a directory added again to the end, as the runner does', () => {
    expect(parsePathFile('/a\n/b\n/a\n')).toEqual(['/b', '/a']);
  });
});
