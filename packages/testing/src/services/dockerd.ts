import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireBinary } from './binaries.js';
import { findDockerClient, parseDockerVersion, type DockerClient } from './docker-client.js';
import { probeHttp } from './http-probe.js';
import { launchProcess } from './managed-process.js';
import { readyService, withServiceDir, type ServiceHandle } from './service-handle.js';

export interface DockerdOptions {
  /** How long to wait for /_ping to answer (default 60 s). */
  startTimeoutMs?: number;
}

export interface DockerdService extends ServiceHandle {
  /** Path of the daemon's unix socket. */
  socket: string;
  /** unix:///…/docker.sock */
  host: string;
  /** Environment for docker CLI calls against this daemon (add DOCKER_CONFIG per test). */
  env: { DOCKER_HOST: string };
  /** The docker CLI to use with this daemon (one that can build with BuildKit when one is installed). */
  docker: DockerClient;
}

const APT_DOCKER = 'apt-get install -y docker.io';

function dockerdVersion(dockerd: string): Promise<string> {
  return new Promise((resolve) => {
    execFile(dockerd, ['--version'], { encoding: 'utf8', timeout: 10_000 }, (_error, stdout) =>
      resolve(parseDockerVersion(stdout) ?? 'unknown'),
    );
  });
}

/**
 * daemon.json for a test daemon. It replaces /etc/docker/daemon.json (whose settings, such as `hosts`, would
 * conflict), and for dockerd before 23.0 keeps the daemon's trust key in the test folder instead of /etc/docker.
 */
export function dockerdDaemonConfig(dir: string, version: string): string {
  const major = Number(/^(\d+)\./.exec(version)?.[1]);
  const config = Number.isFinite(major) && major < 23 ? { 'deprecated-key-path': join(dir, 'key.json') } : {};
  return `${JSON.stringify(config, null, 2)}\n`;
}

/**
 * dockerd's command line: its own socket, data root, exec root and pid file, and no networking changes to the host
 * (no bridge, no iptables, no forwarding, no masquerading). A containerd namespace of its own keeps it apart from a
 * system containerd it may connect to.
 */
export function dockerdArgs(dir: string, namespace: string): string[] {
  return [
    '--host',
    `unix://${join(dir, 'docker.sock')}`,
    '--config-file',
    join(dir, 'daemon.json'),
    '--data-root',
    join(dir, 'data'),
    '--exec-root',
    join(dir, 'exec'),
    '--pidfile',
    join(dir, 'docker.pid'),
    '--containerd-namespace',
    namespace,
    '--containerd-plugins-namespace',
    `${namespace}-plugins`,
    '--bridge=none',
    '--iptables=false',
    '--ip6tables=false',
    '--ip-forward=false',
    '--ip-masq=false',
  ];
}

/** Starts a real dockerd on a unix socket in a fresh temp folder. Needs root. */
export async function startDockerd(options: DockerdOptions = {}): Promise<DockerdService> {
  const dockerd = requireBinary('dockerd', APT_DOCKER);
  const docker = await findDockerClient();
  if (docker === undefined) throw new Error(`startDockerd: no docker CLI was found. Install it: ${APT_DOCKER}`);
  if (process.getuid?.() !== 0) {
    throw new Error('startDockerd: dockerd needs root here (rootless mode is not set up); run the tests as root');
  }
  return withServiceDir('dockerd', { shortPath: true }, async (dir) => {
    const socket = join(dir, 'docker.sock');
    writeFileSync(join(dir, 'daemon.json'), dockerdDaemonConfig(dir, await dockerdVersion(dockerd)));
    const namespace = `aws-delivery-${randomBytes(4).toString('hex')}`;
    const server = launchProcess({
      name: 'dockerd',
      command: dockerd,
      args: dockerdArgs(dir, namespace),
      logPath: join(dir, 'dockerd.log'),
      cwd: dir,
      // dockerd finds containerd, runc and docker-init on PATH; Debian puts some of them in sbin folders.
      env: { ...process.env, PATH: `${process.env.PATH ?? ''}:/usr/local/sbin:/usr/sbin:/sbin:/usr/bin:/bin` },
    });
    const handle = await readyService(
      dir,
      server,
      {
        what: `dockerd on unix://${socket}`,
        probe: async () => (await probeHttp('http://docker/_ping', { socketPath: socket })).body === 'OK',
        timeoutMs: options.startTimeoutMs ?? 60_000,
        intervalMs: 200,
      },
      { graceMs: 20_000 },
    );
    const host = `unix://${socket}`;
    return {
      ...handle,
      socket,
      host,
      env: { DOCKER_HOST: host },
      docker,
    };
  });
}
