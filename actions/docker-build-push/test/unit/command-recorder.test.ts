import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { findBinary } from '@aws-delivery/testing';
import { commandRecorder, secretsInArguments, stdinProblems, type RecordedCall } from '../support/step.js';

// The recording shims the end-to-end tests put in front of the builders, pinned with ordinary binaries: the real
// binary must get the same arguments, the whole of stdin and the same exit, while the shim keeps only a count.
const dir = mkdtempSync(join(tmpdir(), 'recorder-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const recorder = commandRecorder(dir, { cat: findBinary('cat')!, sh: findBinary('sh')! });

describe('commandRecorder', () => {
  it('passes stdin through whole to the real binary and records argv and the byte count', () => {
    const input = 'pässword\n'.repeat(20_000); // more than one pipe buffer, with multi-byte characters
    const run = spawnSync(recorder.path('cat'), ['-'], { input, encoding: 'utf8', maxBuffer: 1 << 24 });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(input);
    expect(recorder.calls().at(-1)).toEqual({ tool: 'cat', argv: ['-'], stdinBytes: Buffer.byteLength(input) });
  });

  it('ends as the real binary ended: its exit code, or its signal', () => {
    expect(spawnSync(recorder.path('sh'), ['-c', 'exit 3']).status).toBe(3);
    const killed = spawnSync(recorder.path('sh'), ['-c', 'kill -TERM $$']);
    expect(killed).toMatchObject({ status: null, signal: 'SIGTERM' });
    expect(recorder.calls().slice(-2)).toEqual([
      { tool: 'sh', argv: ['-c', 'exit 3'], stdinBytes: 0 },
      { tool: 'sh', argv: ['-c', 'kill -TERM $$'], stdinBytes: 0 },
    ]);
  });

  it('keeps arguments with spaces and quotes as they were given', () => {
    spawnSync(recorder.path('sh'), ['-c', 'true', 'a b', `it's "quoted"`]);
    expect(recorder.calls().at(-1)?.argv).toEqual(['-c', 'true', 'a b', `it's "quoted"`]);
  });
});

describe('checks on recorded calls', () => {
  const calls: RecordedCall[] = [
    { tool: 'podman', argv: ['login', '--username', 'AWS', '--password-stdin', 'host'], stdinBytes: 5 },
    { tool: 'podman', argv: ['build', '--build-arg', 'X=s3cret', '.'], stdinBytes: 0 },
    { tool: 'podman', argv: ['push', 'image'], stdinBytes: 2 },
  ];

  it('names secrets in arguments by index, without printing them', () => {
    expect(secretsInArguments(calls, ['hunter', 's3cret'])).toEqual([
      'podman build (call 1): argument 2 holds secret 1',
    ]);
  });

  it('wants each login to read its password and nothing else to read stdin', () => {
    expect(stdinProblems(calls, { AWS: 'abcde' })).toEqual(['podman push (call 2): 2 bytes on stdin, expected 0']);
    expect(stdinProblems(calls.slice(0, 1), { AWS: 'abcdef' })).toEqual([
      'podman login (call 0): 5 bytes on stdin, expected 6',
    ]);
    expect(stdinProblems(calls.slice(0, 1), {})).toEqual(['podman login (call 0): unknown user']);
  });
});
