import { afterAll, afterEach, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchProcess, type ManagedProcess } from '../../src/services/managed-process.js';
import { makeServiceDir, mountsBelow, removeServiceDir } from '../../src/services/service-dir.js';
import { waitUntilReady } from '../../src/services/wait-until-ready.js';
import { leftovers } from './process-leaks.js';

const dir = mkdtempSync(join(tmpdir(), 'managed-process-test-'));
const started: ManagedProcess[] = [];

function launch(name: string, script: string): ManagedProcess {
  const process = launchProcess({ name, command: 'sh', args: ['-c', script], logPath: join(dir, `${name}.log`) });
  started.push(process);
  return process;
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((process) => process.stop({ graceMs: 1_000 })));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('reports a service that exits before it is ready, quoting its log', async () => {
  const process = launch('exits-early', 'echo "bind: address already in use" >&2; exit 3');
  await expect(
    waitUntilReady({ what: 'fake service on :1', process, probe: async () => false, timeoutMs: 10_000 }),
  ).rejects.toThrow(/fake service on :1 exited with code 3 before it was ready[\s\S]*address already in use/);
});

it('gives up at the deadline with the last probe problem and the log tail', async () => {
  const process = launch('never-ready', 'echo still starting; exec sleep 60');
  const started = Date.now();
  await expect(
    waitUntilReady({
      what: 'slow service',
      process,
      probe: async () => {
        throw new Error('connect ECONNREFUSED 127.0.0.1:9');
      },
      timeoutMs: 300,
      intervalMs: 50,
    }),
  ).rejects.toThrow(
    /slow service did not answer within 300 ms \(last probe: connect ECONNREFUSED[\s\S]*still starting/,
  );
  expect(Date.now() - started).toBeLessThan(5_000);
});

it('stop() also kills descendants that left the process group', async () => {
  const process = launch('with-children', 'setsid sleep 60 & sleep 60 & wait');
  await waitUntilReady({
    what: 'children',
    process,
    probe: async () =>
      readFileSync(`/proc/${process.pid}/task/${process.pid}/children`, 'utf8').trim().split(' ').length === 2,
    timeoutMs: 5_000,
  });
  await process.stop({ graceMs: 1_000 });
  expect(process.stoppedPids()).toHaveLength(3);
  expect(leftovers({ stoppedPids: () => process.stoppedPids(), dir: '/nonexistent' }).pids).toEqual([]);
});

it('stop() escalates to SIGKILL when SIGTERM is ignored', async () => {
  const process = launch('ignores-term', "trap '' TERM; echo ready; while :; do sleep 0.1; done");
  await waitUntilReady({
    what: 'stubborn',
    process,
    probe: async () => readFileSync(process.logPath, 'utf8').includes('ready'),
    timeoutMs: 5_000,
  });
  await process.stop({ graceMs: 300 });
  expect(process.exitStatus()).toEqual({ code: null, signal: 'SIGKILL' });
});

it('service folders are private to the user running the tests', () => {
  const serviceDir = makeServiceDir('unit');
  expect(statSync(serviceDir).mode & 0o777).toBe(0o700);
  expect(serviceDir).toMatch(/aws-delivery-unit-/);
  removeServiceDir(serviceDir);
  expect(existsSync(serviceDir)).toBe(false);
});

// Mounting needs root; CI runs as root, like dockerd (which leaves its data root mounted on a crash).
(process.getuid?.() === 0 ? it : it.skip)('removeServiceDir unmounts what is mounted below the folder', () => {
  const serviceDir = makeServiceDir('unit');
  const mountPoint = join(serviceDir, 'data', 'overlay');
  mkdirSync(mountPoint, { recursive: true });
  execFileSync('mount', ['-t', 'tmpfs', 'tmpfs', mountPoint]);
  writeFileSync(join(mountPoint, 'layer'), 'x');
  expect(mountsBelow(serviceDir)).toEqual([mountPoint]);
  removeServiceDir(serviceDir);
  expect(mountsBelow(serviceDir)).toEqual([]);
  expect(existsSync(serviceDir)).toBe(false);
});
