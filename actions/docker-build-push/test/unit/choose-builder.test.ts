import { describe, expect, it } from '@jest/globals';
import { chooseBuilder, hasBuiltInBuildKit, parseVersion, type Candidates } from '../../src/build/choose-builder.js';

const modern = { path: '/usr/local/bin/docker', version: '28.2.2', buildx: false };
const modernBuildx = { ...modern, buildx: true };
const debian = { path: '/usr/bin/docker', version: '20.10.24+dfsg1', buildx: false };

describe('chooseBuilder', () => {
  it('prefers buildx', () => {
    expect(chooseBuilder('auto', { docker: [debian, modernBuildx] }).builder).toEqual({
      kind: 'buildx',
      path: modern.path,
      version: '28.2.2',
    });
  });

  it('takes a pre-23 client with built-in BuildKit when no client has buildx, and says why it skipped the other', () => {
    const { builder, notes } = chooseBuilder('auto', { docker: [modern, debian] });
    expect(builder).toEqual({ kind: 'docker-buildkit', path: '/usr/bin/docker', version: '20.10.24+dfsg1' });
    expect(notes).toEqual(['Not using /usr/local/bin/docker (28.2.2, no buildx plugin).']);
  });

  it('falls back to podman, then buildah', () => {
    expect(
      chooseBuilder('auto', { docker: [modern], podman: { path: '/usr/bin/podman', version: '4.3.1' } }).builder.kind,
    ).toBe('podman');
    expect(chooseBuilder('auto', { docker: [], buildah: { path: '/usr/bin/buildah' } }).builder).toEqual({
      kind: 'buildah',
      path: '/usr/bin/buildah',
      version: 'unknown',
    });
  });

  it('explains when only a docker client without buildx is available', () => {
    expect(() => chooseBuilder('auto', { docker: [modern] })).toThrow(
      /No builder with BuildKit was found: the docker client \/usr\/local\/bin\/docker \(28\.2\.2, no buildx plugin\) cannot build with BuildKit \(docker 23\.0 and later need the buildx plugin/,
    );
    try {
      chooseBuilder('auto', { docker: [modern] });
    } catch (error) {
      expect((error as { hint?: string }).hint).toMatch(/install the buildx plugin.*builder: docker-classic/);
    }
  });

  it.each<[Parameters<typeof chooseBuilder>[0], Candidates, RegExp]>([
    [
      'buildx',
      { docker: [debian] },
      /builder is buildx, but no docker client with the buildx plugin was found \(docker clients: \/usr\/bin\/docker/,
    ],
    ['docker-buildkit', { docker: [modern] }, /no docker client before 23\.0 was found/],
    ['podman', { docker: [debian] }, /builder is podman, but podman was not found on PATH/],
    ['buildah', { docker: [] }, /builder is buildah, but buildah was not found/],
    ['docker-classic', { docker: [] }, /no docker client was found/],
    ['auto', { docker: [] }, /No image builder was found/],
  ])('refuses %s when it is missing', (wanted, found, message) => {
    expect(() => chooseBuilder(wanted, found)).toThrow(message);
  });

  it('uses any docker client for the legacy builder when asked', () => {
    expect(chooseBuilder('docker-classic', { docker: [modern] }).builder.kind).toBe('docker-classic');
  });
});

describe('versions', () => {
  it.each([
    ['Docker version 20.10.24+dfsg1, build 297e128', '20.10.24+dfsg1'],
    ['podman version 4.3.1', '4.3.1'],
    ['buildah version 1.28.2 (image-spec 1.1.0-rc2, runtime-spec 1.0.2-dev)', '1.28.2'],
    ['something else', undefined],
  ])('parseVersion(%j)', (text, version) => expect(parseVersion(text)).toBe(version));

  it.each([
    ['20.10.24+dfsg1', true],
    ['19.03.1', true],
    ['23.0.0', false],
    ['28.2.2', false],
    [undefined, false],
  ])('hasBuiltInBuildKit(%s) = %s', (version, expected) => expect(hasBuiltInBuildKit(version)).toBe(expected));
});
