import { describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { launchProcess } from '../../src/services/managed-process.js';
import { readyService, withServiceDir } from '../../src/services/service-handle.js';
import { leftovers } from './process-leaks.js';

function launchIn(dir: string, script: string) {
  return launchProcess({ name: 'fake', command: 'sh', args: ['-c', script], logPath: join(dir, 'fake.log'), cwd: dir });
}

describe('readyService and withServiceDir', () => {
  it('hands back a ready service whose stop ends its processes and removes its folder', async () => {
    const service = await withServiceDir('handle-test', {}, async (dir) => {
      const server = launchIn(dir, 'echo listening; exec sleep 60');
      // Ready once it says so in its log (the probe is asked until then).
      return readyService(dir, server, {
        what: 'fake service',
        probe: async () => server.logTail().includes('listening'),
        timeoutMs: 5_000,
      });
    });
    expect(existsSync(service.dir)).toBe(true);
    expect(service.logTail()).toContain('listening');
    await service.stop();
    expect(service.stoppedPids().length).toBeGreaterThan(0);
    expect(leftovers(service)).toEqual({ pids: [], dirExists: false });
  });

  it('stops a service that never gets ready and removes its folder before throwing', async () => {
    let folder = '';
    let pid = 0;
    await expect(
      withServiceDir('handle-test', {}, async (dir) => {
        folder = dir;
        const server = launchIn(dir, 'exec sleep 60');
        pid = server.pid;
        return readyService(dir, server, { what: 'stuck service', probe: async () => false, timeoutMs: 200 });
      }),
    ).rejects.toThrow(/stuck service did not answer within 200 ms/);
    expect(existsSync(folder)).toBe(false);
    expect(leftovers({ stoppedPids: () => [pid], dir: folder })).toEqual({ pids: [], dirExists: false });
  });

  it('removes the folder when starting fails before any process runs', async () => {
    let folder = '';
    await expect(
      withServiceDir('handle-test', {}, async (dir) => {
        folder = dir;
        throw new Error('no free port');
      }),
    ).rejects.toThrow('no free port');
    expect(folder).not.toBe('');
    expect(existsSync(folder)).toBe(false);
  });
});
