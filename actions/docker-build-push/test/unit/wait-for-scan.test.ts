// waitForScan's polling decisions against a scripted EcrApi (its own interface, answering as ECR documents);
// the real API calls are exercised against moto in test/integration.
import { describe, expect, it } from '@jest/globals';
import type { EcrApi, ScanPage } from '../../src/ecr/ecr-api.js';
import { waitForScan } from '../../src/scan/wait-for-scan.js';
import type { RegistryTarget } from '../../src/targets/registry-target.js';

const target = {
  label: 't',
  kind: 'ecr',
  registryHost: 'h',
  pushHost: 'h',
  scheme: 'https',
  repository: 'app',
} as RegistryTarget;
const awsError = (name: string) => Object.assign(new Error(name), { name });

function scripted(answers: (ScanPage | Error)[], started: boolean[] = []) {
  const calls: string[] = [];
  const api = {
    scanFindings: async (_t: RegistryTarget, _d: string, token?: string) => {
      calls.push(token ? `page ${token}` : 'describe');
      const next = answers.shift();
      if (!next) throw new Error('no more answers');
      if (next instanceof Error) throw next;
      return next;
    },
    startScan: async () => {
      calls.push('start');
      return started.shift() ?? true;
    },
  } as unknown as EcrApi;
  return { api, calls };
}

function clock() {
  let now = 0;
  const waits: number[] = [];
  return { now: () => now, sleep: async (ms: number) => void (waits.push(ms), (now += ms)), waits };
}

const page = (status: string, extra: Partial<ScanPage> = {}): ScanPage => ({
  status,
  basic: [],
  enhanced: [],
  ...extra,
});

describe('waitForScan', () => {
  it('waits for the image, starts a missing scan once, and collects every page', async () => {
    const { api, calls } = scripted([
      awsError('ImageNotFoundException'),
      awsError('ScanNotFoundException'),
      awsError('ScanNotFoundException'),
      page('IN_PROGRESS'),
      page('COMPLETE', { basic: [{ name: 'CVE-1', severity: 'HIGH' }], nextToken: 'n1' }),
      page('COMPLETE', { basic: [{ name: 'CVE-2', severity: 'LOW' }] }),
    ]);
    const time = clock();
    const lines: string[] = [];
    const result = await waitForScan(target, 'sha256:d', api, {
      timeoutMs: 60_000,
      ...time,
      log: (l) => lines.push(l),
      intervalMs: 100,
    });
    expect(result.status).toBe('complete');
    expect(result.basic.map((f) => f.name)).toEqual(['CVE-1', 'CVE-2']);
    expect(calls).toEqual(['describe', 'describe', 'start', 'describe', 'describe', 'describe', 'page n1']);
    expect(time.waits).toEqual([100, 200, 400, 800]);
    expect(lines[0]).toBe('Waiting for ECR to list the pushed image in h/app...');
  });

  it('reports an image ECR cannot scan', async () => {
    const { api } = scripted([
      page('FAILED', {
        description: 'UnsupportedImageError: The operating system and/or package manager are not supported.',
      }),
    ]);
    const result = await waitForScan(target, 'sha256:d', api, { timeoutMs: 1000, ...clock(), log: () => undefined });
    expect(result.status).toBe('unsupported');
  });

  it('fails on a failed scan', async () => {
    const { api } = scripted([page('FAILED', { description: 'internal error' })]);
    await expect(
      waitForScan(target, 'sha256:d', api, { timeoutMs: 1000, ...clock(), log: () => undefined }),
    ).rejects.toThrow(/ended with status FAILED: internal error/);
  });

  it('gives up after the timeout, saying what it waited for', async () => {
    const { api } = scripted(Array.from({ length: 50 }, () => page('IN_PROGRESS')));
    await expect(
      waitForScan(target, 'sha256:d', api, { timeoutMs: 10_000, ...clock(), log: () => undefined, intervalMs: 1000 }),
    ).rejects.toThrow(/Waited 10 s for the scan \(IN_PROGRESS\) of h\/app@sha256:d/);
  });

  it('passes other errors through', async () => {
    const { api } = scripted([awsError('RepositoryNotFoundException')]);
    await expect(
      waitForScan(target, 'sha256:d', api, { timeoutMs: 1000, ...clock(), log: () => undefined }),
    ).rejects.toThrow('RepositoryNotFoundException');
  });
});
