import { execFile } from 'node:child_process';
import { findAllBinaries } from './binaries.js';

/** A docker CLI binary and whether `DOCKER_BUILDKIT=1 docker build` works with it. */
export interface DockerClient {
  path: string;
  /** The client's own version, e.g. "20.10.24+dfsg1". */
  version: string;
  /**
   * True when the client can build with BuildKit: clients before 23.0 have it built in (Debian 12's docker.io
   * 20.10 does); from 23.0 on, `docker build` with BuildKit needs the buildx plugin, which Debian 12 does not package.
   */
  buildkit: boolean;
}

function run(path: string, args: string[]): Promise<{ ok: boolean; stdout: string }> {
  return new Promise((resolve) => {
    execFile(path, args, { encoding: 'utf8', timeout: 10_000 }, (error, stdout) => resolve({ ok: !error, stdout }));
  });
}

/** "Docker version 20.10.24+dfsg1, build 297e128" -> "20.10.24+dfsg1". */
export function parseDockerVersion(output: string): string | undefined {
  return /Docker version ([^\s,]+)/.exec(output)?.[1];
}

/** Whether a client of this version has BuildKit built in (before 23.0) rather than needing buildx. */
export function hasBuiltInBuildKit(version: string): boolean {
  const major = Number(/^(\d+)\./.exec(version)?.[1]);
  return Number.isFinite(major) && major < 23;
}

async function inspectClient(path: string): Promise<DockerClient | undefined> {
  const version = parseDockerVersion((await run(path, ['--version'])).stdout);
  if (version === undefined) return undefined;
  const buildkit = hasBuiltInBuildKit(version) || (await run(path, ['buildx', 'version'])).ok;
  return { path, version, buildkit };
}

/**
 * The docker CLI to use against a test dockerd: the first one on PATH (or in the system bin folders) that can build
 * with BuildKit, else the first one found. Returns undefined when there is no docker CLI at all.
 */
export async function findDockerClient(): Promise<DockerClient | undefined> {
  const clients: DockerClient[] = [];
  for (const path of findAllBinaries('docker')) {
    const client = await inspectClient(path);
    if (client?.buildkit) return client;
    if (client) clients.push(client);
  }
  return clients[0];
}
