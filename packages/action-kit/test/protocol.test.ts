import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { exportVariable, log, setOutput } from '../src/log.js';
import { mask } from '../src/mask.js';
import { saveState } from '../src/state.js';
import { parseKeyValueFile, parseWorkflowCommand } from '@aws-delivery/testing';
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
  ])('%j', (text, printed) => {
    log.info(text);
    expect(stdout.text).toBe(`${printed}\n`);
    // The runner's own parser sees no command in what was printed.
    for (const line of stdout.text.split(/\r?\n/)) expect(parseWorkflowCommand(line)).toBeUndefined();
  });
});
