import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { exportVariable, log, setOutput } from '../src/log.js';
import { mask } from '../src/mask.js';
import { saveState } from '../src/state.js';
import { parseKeyValueFile, parseWorkflowCommand, WorkflowCommandReader } from '@aws-delivery/testing';
import { captureStdout, type CapturedStdout } from './stdout.js';

const saved = { ...process.env };
let stdout: CapturedStdout;

beforeEach(() => {
  const dir = mkdtempSync(join(tmpdir(), 'protocol-'));
  for (const name of ['GITHUB_OUTPUT', 'GITHUB_ENV', 'GITHUB_STATE']) {
    process.env[name] = join(dir, name);
    writeFileSync(join(dir, name), '');
  }
  stdout = captureStdout();
});

afterEach(() => {
  stdout.restore();
  process.env = { ...saved };
});

describe('runner protocol (read back with the runner simulator’s parsers)', () => {
  it('writes multi-line and JSON outputs, variables and state as heredoc file commands', () => {
    setOutput('report', 'line 1\nline 2 with = and <<EOF');
    setOutput('counts', { HIGH: 2 });
    exportVariable('AWS_REGION', 'cn-north-1');
    saveState('assume-role', { dir: '/tmp/x', env: ['A'] });
    expect(parseKeyValueFile(readFileSync(process.env.GITHUB_OUTPUT ?? '', 'utf8'))).toEqual({
      report: 'line 1\nline 2 with = and <<EOF',
      counts: '{"HIGH":2}',
    });
    expect(parseKeyValueFile(readFileSync(process.env.GITHUB_ENV ?? '', 'utf8'))).toEqual({ AWS_REGION: 'cn-north-1' });
    expect(process.env.AWS_REGION).toBe('cn-north-1');
    expect(
      JSON.parse(parseKeyValueFile(readFileSync(process.env.GITHUB_STATE ?? '', 'utf8'))['assume-role'] ?? ''),
    ).toEqual({
      dir: '/tmp/x',
      env: ['A'],
    });
  });

  it.each(['a\ninj', 'a\rinj', 'inj<<EOF', 'inj=x', ''])(
    'refuses the name %j, which would start another entry, and writes nothing',
    (name) => {
      expect(() => setOutput(name, 'x')).toThrow('Not a valid name for a file command');
      expect(() => exportVariable(name, 'x')).toThrow('Not a valid name for a file command');
      expect(readFileSync(process.env.GITHUB_OUTPUT ?? '', 'utf8')).toBe('');
      expect(readFileSync(process.env.GITHUB_ENV ?? '', 'utf8')).toBe('');
    },
  );

  it('escapes annotation properties and messages so they survive commas, colons, percent signs and newlines', () => {
    log.error('50% failed:\nsee below', { file: 'infra/main,prod.tf', startLine: 12, title: 'a: b' });
    const command = parseWorkflowCommand(stdout.text.trimEnd());
    expect(command).toEqual(
      expect.objectContaining({
        command: 'error',
        data: '50% failed:\nsee below',
        properties: { title: 'a: b', file: 'infra/main,prod.tf', line: '12' },
      }),
    );
  });

  it('registers every line of a multi-line secret with add-mask', () => {
    mask('-----BEGIN KEY-----\nabc123\n-----END KEY-----');
    expect(stdout.text).toBe(
      '::add-mask::-----BEGIN KEY-----%0Aabc123%0A-----END KEY-----\n' +
        '::add-mask::-----BEGIN KEY-----\n::add-mask::abc123\n::add-mask::-----END KEY-----\n',
    );
  });
});

describe('log lines carry untrusted text without running it', () => {
  it.each([
    ['::add-mask::token', ':\u200b:add-mask::token'],
    ['  ::stop-commands::abc', '  :\u200b:stop-commands::abc'],
    ['\t##[error]fake', '\t#\u200b#[error]fake'],
    ['ok\n::warning::injected\r\n::error::too', 'ok\n:\u200b:warning::injected\r\n:\u200b:error::too'],
    ['a line with :: inside stays as it is', 'a line with :: inside stays as it is'],
    // The runner trims every Unicode white space before `::`, and finds `##[` anywhere in a line.
    ['\u00a0::add-mask::x', '\u00a0:\u200b:add-mask::x'],
    ['\u2028\u0085::error::x', '\u2028\u0085:\u200b:error::x'],
    ['build step ##[error]mid-line', 'build step #\u200b#[error]mid-line'],
  ])('%j', (text, printed) => {
    log.info(text);
    expect(stdout.text).toBe(`${printed}\n`);
    // The runner's own parser sees no command in what was printed.
    for (const line of stdout.text.split(/\r?\n/)) expect(parseWorkflowCommand(line)).toBeUndefined();
  });
});

/** What the runner makes of everything printed so far (its command parser, stop-commands included). */
function asTheRunnerReadsIt(text: string): WorkflowCommandReader {
  const reader = new WorkflowCommandReader();
  reader.write('stdout', text);
  reader.end();
  return reader;
}

const HOSTILE_TOOL_OUTPUT = [
  'Step 3/4 : RUN ./build.sh',
  '::stop-commands::x',
  '::error::injected by the build',
  '::x::',
  '::add-mask::',
  '  ::warning file=a.tf::injected too',
  '##[error]old style',
];

describe('tool output in a stop-commands fence', () => {
  it('shows the tool output as written, runs none of its commands, and keeps our own commands working', async () => {
    await log.toolOutput(async (printLine) => {
      for (const line of HOSTILE_TOOL_OUTPUT.slice(0, 3)) printLine(line);
      log.error('ours, while the tool runs');
      mask('a-secret-value');
      for (const line of HOSTILE_TOOL_OUTPUT.slice(3)) printLine(line);
      printLine('a-secret-value in the output');
    });
    log.error('ours, after the tool');
    const runner = asTheRunnerReadsIt(stdout.text);
    expect(runner.annotations.map((a) => [a.level, a.message])).toEqual([
      ['error', 'ours, while the tool runs'],
      ['error', 'ours, after the tool'],
    ]);
    expect(runner.masks).toEqual(['a-secret-value']);
    expect(runner.failures).toEqual([]);
    const shown = runner.log.map((line) => line.shown);
    for (const line of HOSTILE_TOOL_OUTPUT) expect(shown).toContain(line);
    expect(shown).toContain('*** in the output');
  });

  it('fences with a new random token each time', async () => {
    await log.toolOutput(async (printLine) => printLine('one'));
    await log.toolOutput(async (printLine) => printLine('two'));
    const tokens = stdout.text.split('\n').flatMap((line) => /^::stop-commands::(.+)$/.exec(line)?.[1] ?? []);
    expect(tokens).toHaveLength(2);
    expect(tokens[0]).toMatch(/^tool-output-[0-9a-f]{32}$/);
    expect(tokens[1]).not.toBe(tokens[0]);
    expect(stdout.text).toContain(`::${tokens[0]}::\n`);
  });

  it('closes the fence when the tool fails, so the error that follows is read', async () => {
    await expect(
      log.toolOutput(async (printLine) => {
        printLine('::stop-commands::y');
        throw new Error('the build failed');
      }),
    ).rejects.toThrow('the build failed');
    log.error('The build failed');
    expect(asTheRunnerReadsIt(stdout.text).annotations.map((a) => a.message)).toEqual(['The build failed']);
  });

  it('keeps one fence for nested tool output and splits a printed text at every line break', async () => {
    await log.toolOutput(async (outer) => {
      outer('a\r::error::b');
      await log.toolOutput(async (inner) => inner('::error::c\r\nd'));
      outer('::error::e');
    });
    const runner = asTheRunnerReadsIt(stdout.text);
    expect(runner.annotations).toEqual([]);
    expect(runner.log.map((line) => line.shown).filter((line) => !line?.startsWith('::'))).toEqual(['a', 'd']);
    expect(stdout.text.match(/::stop-commands::/g)).toHaveLength(1);
  });

  it('neutralises a line printed after the fence has closed', async () => {
    let late: ((line: string) => void) | undefined;
    await log.toolOutput(async (printLine) => void (late = printLine));
    late?.('::error::late output');
    expect(asTheRunnerReadsIt(stdout.text).annotations).toEqual([]);
    expect(stdout.text).toContain(':\u200b:error::late output');
  });
});
