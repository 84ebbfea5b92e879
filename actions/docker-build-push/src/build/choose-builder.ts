import { ActionError } from '@aws-delivery/action-kit';
import { BUILDER_DESCRIPTIONS, type Builder, type BuilderKind } from './builders.js';

/** What probing a docker client found. */
export interface DockerProbe {
  path: string;
  version?: string;
  buildx: boolean;
}

/** "Docker version 20.10.24+dfsg1, build 297e128" -> "20.10.24+dfsg1"; podman's and buildah's lines too. */
export function parseVersion(output: string): string | undefined {
  return /(?:Docker|podman|buildah) version ([^\s,]+)/i.exec(output)?.[1];
}

/** Docker clients before 23.0 build with BuildKit themselves (DOCKER_BUILDKIT=1); from 23.0 on that needs buildx. */
export function hasBuiltInBuildKit(version: string | undefined): boolean {
  const major = Number(/^(\d+)\./.exec(version ?? '')?.[1]);
  return Number.isFinite(major) && major < 23;
}

export interface Candidates {
  docker: DockerProbe[];
  podman?: { path: string; version?: string };
  buildah?: { path: string; version?: string };
}

function describe(probe: DockerProbe): string {
  return `${probe.path} (${probe.version ?? 'unknown version'}${probe.buildx ? ', buildx' : ', no buildx plugin'})`;
}

const INSTALL_BUILDX =
  "install the buildx plugin (Debian/Ubuntu: apt-get install docker-buildx, or docker-buildx-plugin from Docker's " +
  'repository; on GitHub-hosted runners it is preinstalled), or set builder-path to a docker client that has BuildKit';

/**
 * Chooses the builder from what is installed. Pure. `auto` prefers buildx, then a docker client with built-in
 * BuildKit, then podman, then buildah; it never falls back to Docker's legacy builder silently.
 */
export function chooseBuilder(wanted: 'auto' | BuilderKind, found: Candidates): { builder: Builder; notes: string[] } {
  const notes: string[] = [];
  const withBuildx = found.docker.find((probe) => probe.buildx);
  const withBuiltIn = found.docker.find((probe) => !probe.buildx && hasBuiltInBuildKit(probe.version));
  const skipped = (chosen: DockerProbe) =>
    found.docker.filter((p) => p !== chosen).forEach((p) => notes.push(`Not using ${describe(p)}.`));
  const docker = (kind: BuilderKind, probe: DockerProbe) => {
    skipped(probe);
    return { builder: { kind, path: probe.path, version: probe.version ?? 'unknown' }, notes };
  };
  const clients = found.docker.map(describe).join(', ') || 'none';
  switch (wanted) {
    case 'buildx':
      if (withBuildx) return docker('buildx', withBuildx);
      throw new ActionError(
        `builder is buildx, but no docker client with the buildx plugin was found (docker clients: ${clients}).`,
        `${INSTALL_BUILDX}.`,
      );
    case 'docker-buildkit':
      if (withBuiltIn) return docker('docker-buildkit', withBuiltIn);
      throw new ActionError(
        `builder is docker-buildkit, but no docker client before 23.0 was found (docker clients: ${clients}); newer clients build with BuildKit only through buildx.`,
        withBuildx ? 'set builder: buildx.' : `${INSTALL_BUILDX}.`,
      );
    case 'docker-classic': {
      const first = found.docker[0];
      if (first) return docker('docker-classic', first);
      throw new ActionError(
        'builder is docker-classic, but no docker client was found.',
        'install docker, or set builder-path.',
      );
    }
    case 'podman':
    case 'buildah': {
      const tool = found[wanted];
      if (tool) return { builder: { kind: wanted, path: tool.path, version: tool.version ?? 'unknown' }, notes };
      throw new ActionError(
        `builder is ${wanted}, but ${wanted} was not found on PATH.`,
        `install it (Debian/Ubuntu: apt-get install ${wanted}), or set builder-path to its binary.`,
      );
    }
    case 'auto': {
      if (withBuildx) return docker('buildx', withBuildx);
      if (withBuiltIn) return docker('docker-buildkit', withBuiltIn);
      for (const kind of ['podman', 'buildah'] as const) {
        const tool = found[kind];
        if (tool) {
          found.docker.forEach((p) => notes.push(`Not using ${describe(p)}.`));
          return { builder: { kind, path: tool.path, version: tool.version ?? 'unknown' }, notes };
        }
      }
      if (found.docker.length > 0) {
        throw new ActionError(
          `No builder with BuildKit was found: the docker client${found.docker.length > 1 ? 's' : ''} ${clients} ` +
            'cannot build with BuildKit (docker 23.0 and later need the buildx plugin for that), and neither podman ' +
            'nor buildah is installed.',
          `${INSTALL_BUILDX}; or set builder: docker-classic to use Docker's legacy builder (${BUILDER_DESCRIPTIONS['docker-classic']}: no build secrets, no cache export).`,
        );
      }
      throw new ActionError(
        'No image builder was found: no docker, podman or buildah on PATH.',
        'install docker with the buildx plugin (or podman / buildah), or set builder-path.',
      );
    }
  }
}
