import { describe, expect, it } from '@jest/globals';
import type { TargetPush } from '../../src/push/push-all.js';
import type { ManifestSummary } from '../../src/registry/manifest.js';
import { verifyTargets } from '../../src/registry/verify.js';
import type { RegistryTarget } from '../../src/targets/registry-target.js';

const target = (host: string) =>
  ({
    label: host,
    kind: 'generic',
    registryHost: host,
    pushHost: host,
    scheme: 'http',
    repository: 'app',
  }) as RegistryTarget;
const a = target('a:5000');
const b = target('b:5000');
const manifest = (digest: string, isIndex = false): ManifestSummary => ({
  digest,
  mediaType: isIndex
    ? 'application/vnd.oci.image.index.v1+json'
    : 'application/vnd.docker.distribution.manifest.v2+json',
  isIndex,
  sizeBytes: 10,
  platforms: isIndex ? ['linux/amd64', 'unknown/unknown'] : [],
});
const push = (t: RegistryTarget, digest: string | undefined, pushed = ['1']): TargetPush => ({
  target: t,
  pushed,
  skipped: [],
  retries: 0,
  ...(digest ? { digest } : {}),
});

describe('verifyTargets', () => {
  it('asks each registry by tag and accepts one digest everywhere', async () => {
    const asked: string[] = [];
    const result = await verifyTargets(
      [push(a, 'sha256:1'), push(b, 'sha256:1', ['2'])],
      ['1', '2'],
      new Map(),
      async (t, ref) => {
        asked.push(`${t.pushHost} ${ref}`);
        return manifest('sha256:1');
      },
      true,
    );
    expect(result.digest).toBe('sha256:1');
    expect(asked).toEqual(['a:5000 1', 'b:5000 2']);
  });

  it('fails when a registry serves another digest', async () => {
    await expect(
      verifyTargets(
        [push(a, 'sha256:1'), push(b, undefined, [])],
        ['1'],
        new Map(),
        async (t) => manifest(t === a ? 'sha256:1' : 'sha256:old'),
        false,
      ),
    ).rejects.toThrow(/do not serve the same image: expected sha256:1, but b:5000\/app serves sha256:old/);
  });

  it('refuses an index when the image must suit Lambda', async () => {
    await expect(
      verifyTargets([push(a, 'sha256:1')], ['1'], new Map(), async () => manifest('sha256:1', true), true),
    ).rejects.toThrow(/lambda-compatible is true, but a:5000\/app@sha256:1 is an index .*unknown\/unknown/);
    await expect(
      verifyTargets([push(a, 'sha256:1')], ['1'], new Map(), async () => manifest('sha256:1', true), false),
    ).resolves.toBeDefined();
  });
});
