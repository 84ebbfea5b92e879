import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { LINKED_CONFIG_FOLDERS, privateDockerConfig, withLogin, type DockerConfigFile } from './docker-config.js';

/** The job-private Docker config folder: logins land here (0600), and the post step (or this step) removes it. */
export interface LoginSession {
  dir: string;
  /** config.json inside it: docker's DOCKER_CONFIG file, and the --authfile for podman and buildah. */
  authFile: string;
  /** Where build secrets are written for the build's duration. */
  secretsDir: string;
  env: { DOCKER_CONFIG: string; REGISTRY_AUTH_FILE: string };
  /** Writes a login to `host` into config.json as `docker login` would, with no process and no command line. */
  storeLogin(host: string, credentials: { username: string; password: string }): void;
  remove(): void;
}

function readOriginal(dir: string): DockerConfigFile | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as DockerConfigFile;
  } catch {
    return undefined;
  }
}

/**
 * Creates the private folder under RUNNER_TEMP (0700) with a config.json (0600) derived from the user's own
 * Docker config, and links the user's CLI plugins, buildx builders and contexts so the build sees them.
 */
export function createLoginSession(env: NodeJS.ProcessEnv, hosts: readonly string[]): LoginSession {
  const base = env.RUNNER_TEMP || tmpdir();
  mkdirSync(base, { recursive: true });
  const dir = mkdtempSync(join(base, 'docker-build-push-'));
  chmodSync(dir, 0o700);
  const original = env.DOCKER_CONFIG || join(env.HOME || homedir(), '.docker');
  const authFile = join(dir, 'config.json');
  // Created 0600; rewriting the file keeps its mode.
  const write = (config: DockerConfigFile) =>
    writeFileSync(authFile, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  write(privateDockerConfig(readOriginal(original), hosts));
  for (const folder of LINKED_CONFIG_FOLDERS) {
    const source = join(original, folder);
    if (existsSync(source)) symlinkSync(source, join(dir, folder));
  }
  const secretsDir = join(dir, 'secrets');
  mkdirSync(secretsDir, { mode: 0o700 });
  return {
    dir,
    authFile,
    secretsDir,
    env: { DOCKER_CONFIG: dir, REGISTRY_AUTH_FILE: authFile },
    storeLogin: (host, credentials) =>
      write(withLogin(JSON.parse(readFileSync(authFile, 'utf8')) as DockerConfigFile, host, credentials)),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
