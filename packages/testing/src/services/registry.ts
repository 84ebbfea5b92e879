import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../ports.js';
import { requireBinary } from './binaries.js';
import { randomPassword, writeHtpasswdFile } from './htpasswd.js';
import { probeHttp } from './http-probe.js';
import { launchProcess } from './managed-process.js';
import { registryConfig } from './registry-config.js';
import { readyService, withServiceDir, type ServiceHandle } from './service-handle.js';

export interface RegistryOptions {
  username?: string;
  password?: string;
  startTimeoutMs?: number;
}

export interface RegistryService extends ServiceHandle {
  /** 127.0.0.1:PORT, as used in image references (`127.0.0.1:PORT/team/app:tag`). */
  host: string;
  port: number;
  /** http://127.0.0.1:PORT */
  url: string;
  username: string;
  password: string;
}

/**
 * Starts a real Distribution registry (`docker-registry serve`) on a free loopback port with htpasswd (bcrypt)
 * auth over plain HTTP. dockerd treats 127.0.0.0/8 as an insecure registry by default, so no daemon flag is needed.
 */
export async function startRegistry(options: RegistryOptions = {}): Promise<RegistryService> {
  const registry = requireBinary('docker-registry', 'apt-get install -y docker-registry');
  const username = options.username ?? 'registry-user';
  const password = options.password ?? randomPassword();
  return withServiceDir('registry', {}, async (dir) => {
    const port = await freePort();
    const htpasswdPath = join(dir, 'htpasswd');
    await writeHtpasswdFile(htpasswdPath, username, password, 'bcrypt');
    const configPath = join(dir, 'config.yml');
    writeFileSync(
      configPath,
      registryConfig({ port, dir, htpasswdPath, httpSecret: randomBytes(24).toString('hex') }),
      { mode: 0o600 },
    );
    const server = launchProcess({
      name: 'docker-registry',
      command: registry,
      args: ['serve', configPath],
      logPath: join(dir, 'registry.log'),
      cwd: dir,
    });
    const url = `http://127.0.0.1:${port}`;
    const handle = await readyService(dir, server, {
      what: `docker-registry on ${url}`,
      // Without credentials the API root must ask for them: that proves both that it listens and that auth is on.
      probe: async () => (await probeHttp(`${url}/v2/`)).status === 401,
      timeoutMs: options.startTimeoutMs ?? 30_000,
    });
    return {
      ...handle,
      host: `127.0.0.1:${port}`,
      port,
      url,
      username,
      password,
    };
  });
}
