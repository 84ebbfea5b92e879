import { describe, expect, it } from '@jest/globals';
import { isImmutable, repositoryDifferences, createRepositoryRequest } from '../../src/ecr/repository-settings.js';
import { MANIFEST_TYPES, parseChallenge, summarizeManifest } from '../../src/registry/manifest.js';

describe('summarizeManifest', () => {
  it('sums config and layers of an image manifest', () => {
    const body = JSON.stringify({
      schemaVersion: 2,
      mediaType: MANIFEST_TYPES.dockerV2,
      config: { size: 500 },
      layers: [{ size: 100 }, { size: 23 }],
    });
    expect(summarizeManifest(body, undefined, 'sha256:x')).toEqual({
      digest: 'sha256:x',
      mediaType: MANIFEST_TYPES.dockerV2,
      isIndex: false,
      sizeBytes: 623,
      platforms: [],
    });
  });
  it('recognises an index with an attestation entry (what Lambda refuses)', () => {
    const body = JSON.stringify({
      schemaVersion: 2,
      manifests: [
        { size: 400, platform: { os: 'linux', architecture: 'amd64' } },
        { size: 300, platform: { os: 'unknown', architecture: 'unknown' } },
      ],
    });
    const summary = summarizeManifest(body, `${MANIFEST_TYPES.ociIndex}; charset=utf-8`, 'sha256:y');
    expect(summary).toMatchObject({
      isIndex: true,
      mediaType: MANIFEST_TYPES.ociIndex,
      sizeBytes: 700,
      platforms: ['linux/amd64', 'unknown/unknown'],
    });
  });
  it('parses challenges', () => {
    expect(
      parseChallenge(
        'Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a/b:pull"',
      ),
    ).toEqual({
      scheme: 'bearer',
      params: { realm: 'https://auth.example/token', service: 'registry.example', scope: 'repository:a/b:pull' },
    });
    expect(parseChallenge('Basic realm="x"')?.scheme).toBe('basic');
    expect(parseChallenge(undefined)).toBeUndefined();
  });
});

describe('repository settings', () => {
  const wanted = {
    scanOnPush: true,
    tagMutability: 'IMMUTABLE' as const,
    encryption: 'KMS' as const,
    kmsKey: 'alias/ecr',
  };
  it('builds the CreateRepository request', () => {
    expect(createRepositoryRequest('team/app', '123456789012', wanted)).toEqual({
      repositoryName: 'team/app',
      registryId: '123456789012',
      imageScanningConfiguration: { scanOnPush: true },
      imageTagMutability: 'IMMUTABLE',
      encryptionConfiguration: { encryptionType: 'KMS', kmsKey: 'alias/ecr' },
    });
    expect(createRepositoryRequest('a', '1', { ...wanted, encryption: 'AES256' }).encryptionConfiguration).toEqual({
      encryptionType: 'AES256',
    });
  });
  it('lists how an existing repository differs, without changing it', () => {
    expect(
      repositoryDifferences({ scanOnPush: false, tagMutability: 'MUTABLE', encryption: 'AES256' }, wanted),
    ).toEqual([
      'scan on push is off (wanted on)',
      'tag mutability is MUTABLE (wanted IMMUTABLE)',
      'encryption is AES256 (wanted KMS)',
    ]);
    expect(
      repositoryDifferences(
        { scanOnPush: true, tagMutability: 'IMMUTABLE', encryption: 'KMS', kmsKey: 'alias/other' },
        wanted,
      ),
    ).toEqual(['the KMS key is alias/other (wanted alias/ecr)']);
    expect(
      repositoryDifferences(
        { scanOnPush: true, tagMutability: 'IMMUTABLE', encryption: 'KMS', kmsKey: 'alias/ecr' },
        wanted,
      ),
    ).toEqual([]);
  });
  it('knows immutability from the existing repository first', () => {
    expect(isImmutable({ tagMutability: 'IMMUTABLE_WITH_EXCLUSION' }, undefined)).toBe(true);
    expect(isImmutable({ tagMutability: 'MUTABLE' }, wanted)).toBe(false);
    expect(isImmutable(undefined, wanted)).toBe(true);
    expect(isImmutable(undefined, undefined)).toBe(false);
  });
});
