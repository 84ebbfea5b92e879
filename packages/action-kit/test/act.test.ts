import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { defineAction, input, runMain } from '@aws-delivery/action-kit';
import { recordingRunner } from '@aws-delivery/action-kit/recording';
import { parseWorkflowCommand } from '@aws-delivery/testing';
import { ACT_NOTICE, actNotice } from '../src/act.js';
import { writeSummary } from '../src/summary.js';
import { captureStdout, type CapturedStdout } from './stdout.js';

// Under act (ACT=true) every step says what differs from a GitHub runner, and no job summary is lost.

const hello = defineAction({
  name: 'demo',
  inputs: { who: input.string({ required: true }) },
  buildConfig: (values) => ({ who: values.who }),
  clients: () => ({}),
  run: async (step) => step.log.info(`hello ${step.config.who}`),
});

describe('the act notice', () => {
  it('names both differences and the two ways to get AWS credentials without OIDC', () => {
    expect(actNotice({ ACT: 'true', GITHUB_ACTIONS: 'true' })).toBe(ACT_NOTICE);
    expect(ACT_NOTICE).toContain('No OIDC token');
    expect(ACT_NOTICE).toContain('static keys (aws-access-key-id and aws-secret-access-key');
    expect(ACT_NOTICE).toContain('web identity token file (web-identity-token-file)');
    expect(ACT_NOTICE).toContain('Job summaries are only logged');
  });

  it('is not given on a GitHub runner or outside one', () => {
    expect(actNotice({ GITHUB_ACTIONS: 'true', RUNNER_ENVIRONMENT: 'github-hosted' })).toBeUndefined();
    expect(actNotice({ ACT: 'false', GITHUB_ACTIONS: 'true' })).toBeUndefined();
    expect(actNotice({})).toBeUndefined();
  });

  it('is logged once, as the step starts, under act', async () => {
    const io = recordingRunner({ inputs: { who: 'Ada' }, env: { ACT: 'true', GITHUB_ACTIONS: 'true' } });
    expect(await runMain(hello, { io })).toEqual({ ok: true, result: undefined });
    expect(io.recorded.log).toEqual([
      { level: 'notice', message: ACT_NOTICE },
      { level: 'info', message: 'hello Ada' },
    ]);
  });

  it('is logged even when the inputs do not check out, before the error that names the input', async () => {
    const io = recordingRunner({ env: { ACT: 'true' } });
    expect((await runMain(hello, { io }))?.ok).toBe(false);
    expect(io.lines('notice')).toEqual([ACT_NOTICE]);
    expect(io.recorded.log.map((entry) => entry.level)).toEqual(['notice', 'debug', 'error']);
  });

  it('is not logged on a GitHub runner', async () => {
    const io = recordingRunner({ inputs: { who: 'Ada' }, env: { GITHUB_ACTIONS: 'true' } });
    await runMain(hello, { io });
    expect(io.lines('notice')).toEqual([]);
  });
});

describe('the job summary where no runner shows it', () => {
  const saved = { ...process.env };
  let stdout: CapturedStdout;
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'act-summary-'));
    delete process.env.GITHUB_STEP_SUMMARY;
    delete process.env.ACT;
    stdout = captureStdout();
  });
  afterEach(() => {
    stdout.restore();
    process.env = { ...saved };
  });

  const SUMMARY = ['## Plan', '', '| verb | name |', '| --- | --- |', '| create | web |'];

  it('is written to GITHUB_STEP_SUMMARY, and not logged, on a GitHub runner', async () => {
    process.env.GITHUB_STEP_SUMMARY = join(dir, 'summary.md');
    writeFileSync(process.env.GITHUB_STEP_SUMMARY, '');
    await writeSummary(...SUMMARY);
    expect(readFileSync(process.env.GITHUB_STEP_SUMMARY, 'utf8')).toBe(SUMMARY.join('\n') + '\n');
    expect(stdout.text).toBe('');
  });

  it('is logged line by line when GITHUB_STEP_SUMMARY is not set, instead of lost', async () => {
    await writeSummary(...SUMMARY);
    expect(stdout.text.split('\n')).toEqual([
      'Job summary (GITHUB_STEP_SUMMARY is not set, so it is logged here):',
      ...SUMMARY,
      '',
    ]);
  });

  it('is both written and logged under act, which gives a summary file but never shows it', async () => {
    process.env.ACT = 'true';
    process.env.GITHUB_STEP_SUMMARY = join(dir, 'summary.md');
    writeFileSync(process.env.GITHUB_STEP_SUMMARY, '');
    await writeSummary(...SUMMARY);
    expect(readFileSync(process.env.GITHUB_STEP_SUMMARY, 'utf8')).toBe(SUMMARY.join('\n') + '\n');
    expect(stdout.text.split('\n')).toEqual([
      'Job summary (act does not show job summaries, so it is logged here):',
      ...SUMMARY,
      '',
    ]);
  });

  it('logs a summary line that looks like a workflow command as plain text, never as a command', async () => {
    await writeSummary('| finding |', '::add-mask::leaked', '::stop-commands::token');
    for (const line of stdout.text.split('\n')) expect(parseWorkflowCommand(line)).toBeUndefined();
    expect(stdout.text).toContain(':\u200b:add-mask::leaked');
  });
});
