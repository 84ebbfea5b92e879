import { describe, expect, it } from '@jest/globals';
import {
  WorkflowCommandReader,
  maskLine,
  parseWorkflowCommand,
  unescapeData,
  unescapeProperty,
} from '@aws-delivery/testing';

function read(lines: string[], inherited: string[] = []): WorkflowCommandReader {
  const reader = new WorkflowCommandReader(inherited);
  reader.write('stdout', lines.map((line) => `${line}\n`).join(''));
  reader.end();
  return reader;
}

describe('parseWorkflowCommand', () => {
  it('reads the command, its properties and its data', () => {
    expect(parseWorkflowCommand('::error file=src/a.ts,line=3,col=7,title=Bad%3A thing::went %25 wrong')).toEqual({
      command: 'error',
      properties: { file: 'src/a.ts', line: '3', col: '7', title: 'Bad: thing' },
      data: 'went % wrong',
    });
  });

  it.each([
    ['plain text', 'hello'],
    ['an unknown command', '::frobnicate::x'],
    ['no closing ::', '::error message'],
    ['the old ##[ form is not v2 but a known name is still needed', '::not-a-command name=a::b'],
  ])('returns undefined for %s', (_, line) => {
    expect(parseWorkflowCommand(line)).toBeUndefined();
  });

  it('accepts leading spaces and any case of the name', () => {
    expect(parseWorkflowCommand('   ::WARNING::careful')).toMatchObject({ command: 'warning', data: 'careful' });
  });

  it('drops properties without a value and keeps = inside a value', () => {
    expect(parseWorkflowCommand('::notice a=,=b,c=d=e::x')?.properties).toEqual({ c: 'd=e' });
  });
});

describe('escapes', () => {
  it('decodes data escapes, %25 last so %250A stays %0A', () => {
    expect(unescapeData('a%0Ab%0Dc%25d%250A%3A%2C')).toBe('a\nb\rc%d%0A%3A%2C');
  });

  it('decodes property escapes including : and ,', () => {
    expect(unescapeProperty('a%3Ab%2Cc%0A%25')).toBe('a:b,c\n%');
  });
});

describe('WorkflowCommandReader', () => {
  it('collects annotations with their location as numbers', () => {
    const reader = read([
      '::error file=main.tf,line=12,endLine=14,col=3,endColumn=9,title=Open ingress::Security group allows 0.0.0.0/0%0Aon port 22',
      '::warning::plain warning',
      '::notice title=Note::a notice',
    ]);
    expect(reader.annotations).toEqual([
      {
        level: 'error',
        message: 'Security group allows 0.0.0.0/0\non port 22',
        file: 'main.tf',
        line: 12,
        endLine: 14,
        col: 3,
        endColumn: 9,
        title: 'Open ingress',
        source: 'action',
      },
      { level: 'warning', message: 'plain warning', source: 'action' },
      { level: 'notice', message: 'a notice', title: 'Note', source: 'action' },
    ]);
  });

  it('reads commands on stderr too, as the runner does', () => {
    const reader = new WorkflowCommandReader();
    reader.write('stderr', '::warning::from stderr\n');
    expect(reader.annotations).toEqual([{ level: 'warning', message: 'from stderr', source: 'action' }]);
  });

  it('joins a line split across chunks and processes a last line without newline at the end', () => {
    const reader = new WorkflowCommandReader();
    reader.write('stdout', '::warn');
    reader.write('stdout', 'ing::joined\r\n::error::');
    reader.write('stdout', 'last');
    expect(reader.annotations).toHaveLength(1);
    reader.end();
    expect(reader.annotations.map((a) => a.message)).toEqual(['joined', 'last']);
  });

  it('masks a registered value in every later line but not in earlier ones, and hides the add-mask line', () => {
    const reader = read(['token is s3cr3t', '::add-mask::s3cr3t', 'token is s3cr3t', '::debug::debug s3cr3t']);
    expect(reader.masks).toEqual(['s3cr3t']);
    expect(reader.log.map((line) => line.shown)).toEqual([
      'token is s3cr3t',
      undefined,
      'token is ***',
      '::debug::debug ***',
    ]);
    expect(reader.debug).toEqual(['debug s3cr3t']);
  });

  it('keeps masking values registered by an earlier step', () => {
    expect(read(['old s3cr3t'], ['s3cr3t']).log[0]?.shown).toBe('old ***');
  });

  it('ignores commands between ::stop-commands:: and the resume token', () => {
    const reader = read([
      '::stop-commands::pause-1',
      '::add-mask::not-registered',
      '::error::not an annotation',
      '::pause-1::',
      '::error::an annotation',
    ]);
    expect(reader.masks).toEqual([]);
    expect(reader.annotations.map((a) => a.message)).toEqual(['an annotation']);
    expect(reader.log[1]?.shown).toBe('::add-mask::not-registered');
  });

  it('warns about an empty mask as the runner does', () => {
    expect(read(['::add-mask::  ']).annotations).toEqual([
      {
        level: 'warning',
        message: "Can't add secret mask for empty string in ##[add-mask] command.",
        source: 'runner',
      },
    ]);
  });

  it('applies the deprecated set-output and save-state with the runner warning', () => {
    const reader = read(['::set-output name=old::value', '::save-state name=s::kept']);
    expect(reader.outputs).toEqual({ old: 'value' });
    expect(reader.state).toEqual({ s: 'kept' });
    expect(reader.annotations.every((a) => a.level === 'warning' && a.message.includes('deprecated'))).toBe(true);
    expect(reader.failures).toEqual([]);
  });

  it('fails the step on the disabled set-env and add-path commands', () => {
    const reader = read(['::set-env name=A::1', '::add-path::/bin']);
    expect(reader.failures).toHaveLength(2);
    expect(reader.failures[0]).toContain('The `set-env` command is disabled');
  });
});

describe('maskLine', () => {
  it.each([
    ['one value, twice', 'a s b s', ['s'], 'a *** b ***'],
    ['overlapping values merge into one ***', 'xabcdx', ['abc', 'bcd'], 'x***x'],
    ['a value inside a longer one', 'password123', ['password123', 'word'], '***'],
    ['adjacent values merge too, as in the runner', 'aaabbb', ['aaa', 'bbb'], '***'],
    ['nothing registered', 'plain', [], 'plain'],
  ])('%s', (_, line, masks, shown) => {
    expect(maskLine(line, masks)).toBe(shown);
  });
});
