import { describe, expect, it } from '@jest/globals';
import { guardedStdoutWrite } from '../../src/jest/stdout-guard.js';
import { commandGuardedWrite, commandLineScanner, DEFUSED } from '../../src/jest/workflow-command-lines.js';

// The guard jest.config.js installs for every test file, and the scanner it uses. A GitHub runner reads a line of
// a step's output as a workflow command when it starts with `::`
// (https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands).
describe('commandLineScanner', () => {
  const scan = (...writes: string[]) => {
    const scanner = commandLineScanner();
    const results = writes.map((write) => scanner.write(write));
    return { text: results.map((r) => r.text).join(''), commands: results.flatMap((r) => r.commands) };
  };

  it('passes ordinary text through unchanged', () => {
    expect(scan('hello\n', 'a :: b\n  ::indented\n', 'no newline')).toEqual({
      text: 'hello\na :: b\n  ::indented\nno newline',
      commands: [],
    });
  });

  it('defuses and reports every command line in a write', () => {
    expect(scan('one\n::add-mask::s3cret\n::error file=a.ts::broken\ntwo\n')).toEqual({
      text: `one\n${DEFUSED}::add-mask::s3cret\n${DEFUSED}::error file=a.ts::broken\ntwo\n`,
      commands: ['::add-mask::s3cret', '::error file=a.ts::broken'],
    });
  });

  it('finds a command whose line began in an earlier write, or is split inside its "::"', () => {
    expect(scan('partial ', 'line\n', '::debug', '::x\n')).toEqual({
      text: `partial line\n${DEFUSED}::debug::x\n`,
      commands: ['::debug'],
    });
    const split = scan('text\n:', ':warning::w\n');
    expect(split.commands).toEqual(['::warning::w']);
    expect(split.text).toBe(`text\n:${DEFUSED}:warning::w\n`);
    expect(split.text.split('\n').some((line) => line.startsWith('::'))).toBe(false);
  });

  it('does not take a line for a command because a later write of the same line holds "::"', () => {
    expect(scan('a', '::b\n', ':', 'x::\n')).toEqual({ text: 'a::b\n:x::\n', commands: [] });
  });

  it('treats a line after CRLF like any other', () => {
    expect(scan('a\r\n::group::g\r\n').commands).toEqual(['::group::g']);
  });
});

describe('commandGuardedWrite', () => {
  function guarded() {
    const written: unknown[][] = [];
    const found: string[] = [];
    const write = commandGuardedWrite(
      (...args) => {
        written.push(args);
        return true;
      },
      (lines) => found.push(...lines),
    );
    return { write, written, found };
  }

  it('passes a write without a command line on exactly as it was made', () => {
    const { write, written, found } = guarded();
    const bytes = Buffer.from('plain\n');
    const done = () => undefined;
    write(bytes, done);
    write('aGk=', 'base64');
    expect(written).toEqual([
      [bytes, done],
      ['aGk=', 'base64'],
    ]);
    expect(found).toEqual([]);
  });

  it('hands the command lines on and writes them defused, keeping the callback', () => {
    const { write, written, found } = guarded();
    const done = () => undefined;
    write(Buffer.from('x\n::add-mask::v\n'), done);
    write(Buffer.from('::notice::n\n').toString('hex'), 'hex');
    expect(found).toEqual(['::add-mask::v', '::notice::n']);
    expect(written).toEqual([
      [`x\n${DEFUSED}::add-mask::v\n`, 'utf8', done],
      [`${DEFUSED}::notice::n\n`, 'utf8'],
    ]);
  });
});

describe('the stdout guard jest.config.js installs', () => {
  it('is in front of process.stdout.write for every test file', () => {
    expect(process.stdout.write).toBe(guardedStdoutWrite);
  });
});
