import { basename } from 'node:path';
import { ActionError } from '@aws-delivery/action-kit';
import type { BuilderKind } from './builders.js';
import { chooseBuilder, parseVersion, type Candidates, type DockerProbe } from './choose-builder.js';
import { findOnPath } from './find-binaries.js';
import type { RunCommand } from './process.js';

async function versionOf(run: RunCommand, path: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  try {
    const result = await run(path, ['--version'], { env });
    return result.code === 0 ? parseVersion(result.stdout) : undefined;
  } catch {
    return undefined;
  }
}

async function probeDocker(run: RunCommand, path: string, env: NodeJS.ProcessEnv): Promise<DockerProbe | undefined> {
  // Both questions at once: each docker call costs tens of milliseconds.
  const [version, buildx] = await Promise.all([
    versionOf(run, path, env),
    run(path, ['buildx', 'version'], { env }).then(
      (result) => result.code === 0,
      () => false,
    ),
  ]);
  if (version === undefined) return undefined;
  return { path, version, buildx };
}

/**
 * Finds the builder: `builder-path` when given (its kind from its name unless `builder` says), else every docker
 * client on PATH, then podman and buildah. `env` carries the private DOCKER_CONFIG, so plugins are found as the
 * build will find them.
 */
export async function detectBuilder(
  wanted: 'auto' | BuilderKind,
  builderPath: string | undefined,
  env: NodeJS.ProcessEnv,
  run: RunCommand,
) {
  const candidates: Candidates = { docker: [] };
  const name = builderPath ? basename(builderPath) : undefined;
  const isOther = (tool: 'podman' | 'buildah') => wanted === tool || (wanted === 'auto' && name === tool);
  if (builderPath && (isOther('podman') || isOther('buildah'))) {
    const tool = isOther('podman') ? 'podman' : 'buildah';
    candidates[tool] = { path: builderPath, ...(await versionOrEmpty(run, builderPath, env)) };
    return chooseBuilder(wanted === 'auto' ? tool : wanted, candidates);
  }
  const dockerPaths = builderPath ? [builderPath] : findOnPath('docker', env.PATH);
  for (const probe of await Promise.all(dockerPaths.map((path) => probeDocker(run, path, env)))) {
    if (probe) candidates.docker.push(probe);
  }
  if (builderPath && candidates.docker.length === 0) {
    throw new ActionError(
      `builder-path ${builderPath} did not answer "--version" like a docker client.`,
      'point builder-path at a docker, podman or buildah binary (set builder: podman or buildah for those).',
    );
  }
  if (!builderPath) {
    for (const tool of ['podman', 'buildah'] as const) {
      const path = findOnPath(tool, env.PATH)[0];
      if (path) candidates[tool] = { path, ...(await versionOrEmpty(run, path, env)) };
    }
  }
  return chooseBuilder(wanted, candidates);
}

async function versionOrEmpty(run: RunCommand, path: string, env: NodeJS.ProcessEnv): Promise<{ version?: string }> {
  const version = await versionOf(run, path, env);
  return version ? { version } : {};
}
