import { chownSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../ports.js';
import { findSquidBasicAuthHelper, requireBinary } from './binaries.js';
import { randomPassword, writeHtpasswdFile } from './htpasswd.js';
import { probeHttp } from './http-probe.js';
import { launchProcess } from './managed-process.js';
import { readyService, withServiceDir, type ServiceHandle } from './service-handle.js';
import { squidConfig } from './squid-config.js';

export interface SquidOptions {
  /** Proxy user name (default `proxy-user`). */
  username?: string;
  /** Proxy password (default: random, URL-safe). */
  password?: string;
  startTimeoutMs?: number;
}

export interface SquidService extends ServiceHandle {
  /** http://127.0.0.1:PORT, without credentials. */
  url: string;
  /** http://USER:PASSWORD@127.0.0.1:PORT (user and password percent-encoded). */
  urlWithCredentials: string;
  port: number;
  username: string;
  password: string;
  /** The access log written since the proxy became ready (Squid's native format, one request per line). */
  accessLog(): string;
  /**
   * Waits until the access log contains `match` and returns it. Squid logs a request when it completes, and a
   * CONNECT tunnel only when the tunnel closes, so a test that just finished a request may need a moment.
   */
  waitForAccessLog(match: string | RegExp, timeoutMs?: number): Promise<string>;
}

interface SystemUser {
  name: string;
  uid: number;
  gid: number;
}

/** The user Squid switches to when started as root: Debian's `proxy`, else `nobody`. */
function squidEffectiveUser(): SystemUser {
  const passwd = readFileSync('/etc/passwd', 'utf8').split('\n');
  for (const name of ['proxy', 'nobody']) {
    const fields = passwd.find((line) => line.startsWith(`${name}:`))?.split(':');
    if (fields !== undefined) return { name, uid: Number(fields[2]), gid: Number(fields[3]) };
  }
  throw new Error('startSquid: running as root, but neither a "proxy" nor a "nobody" user exists for Squid to run as');
}

/** Hands the service folder to the user Squid runs as, so it can write logs and read the htpasswd file. */
function chownTree(dir: string, user: SystemUser): void {
  chownSync(dir, user.uid, user.gid);
  for (const entry of readdirSync(dir)) chownSync(join(dir, entry), user.uid, user.gid);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

const READINESS_PATH = '/aws-delivery-readiness-probe';

/** Starts a real Squid forward proxy with basic auth on a free loopback port. */
export async function startSquid(options: SquidOptions = {}): Promise<SquidService> {
  const squid = requireBinary('squid', 'apt-get install -y squid');
  const helper = findSquidBasicAuthHelper();
  if (helper === undefined) {
    throw new Error(
      "startSquid: Squid's basic_ncsa_auth helper was not found (looked in /usr/lib/squid and similar). Install: apt-get install -y squid",
    );
  }
  const username = options.username ?? 'proxy-user';
  const password = options.password ?? randomPassword();
  // As root, Squid drops to an unprivileged user, which gets this folder (chowned below) and must be able to reach it.
  return withServiceDir('squid', { reachableByServiceUsers: process.getuid?.() === 0 }, async (dir) => {
    const port = await freePort();
    const htpasswdPath = join(dir, 'passwd');
    const accessLogPath = join(dir, 'access.log');
    await writeHtpasswdFile(htpasswdPath, username, password, 'md5');
    const effectiveUser = process.getuid?.() === 0 ? squidEffectiveUser() : undefined;
    const configPath = join(dir, 'squid.conf');
    writeFileSync(
      configPath,
      squidConfig({ port, dir, basicAuthHelper: helper, htpasswdPath, effectiveUser: effectiveUser?.name }),
      { mode: 0o644 },
    );
    writeFileSync(accessLogPath, '', { mode: 0o600 });
    if (effectiveUser) chownTree(dir, effectiveUser);

    const server = launchProcess({
      name: 'squid',
      command: squid,
      args: ['-N', '-f', configPath],
      logPath: join(dir, 'squid.out'),
      extraLogPaths: [join(dir, 'cache.log')],
      cwd: dir,
    });
    const url = `http://127.0.0.1:${port}`;
    const readAccessLog = (): string => {
      try {
        return readFileSync(accessLogPath, 'utf8');
      } catch {
        return '';
      }
    };
    let probeAnswered = false;
    // A proxy request without credentials: once Squid accepts connections it answers 407 and logs the request.
    const handle = await readyService(dir, server, {
      what: `squid on ${url}`,
      probe: async () => {
        // Probe until one request is answered, then wait for its log line, so none shows up in accessLog() later.
        if (!probeAnswered) {
          await probeHttp(url, { requestTarget: `http://127.0.0.1:1${READINESS_PATH}` });
          probeAnswered = true;
        }
        return readAccessLog().includes(READINESS_PATH);
      },
      timeoutMs: options.startTimeoutMs ?? 30_000,
    });
    const logStart = Buffer.byteLength(readAccessLog());
    const accessLog = (): string => Buffer.from(readAccessLog()).subarray(logStart).toString('utf8');

    return {
      ...handle,
      url,
      urlWithCredentials: `http://${encodeURIComponent(username)}:${encodeURIComponent(password)}@127.0.0.1:${port}`,
      port,
      username,
      password,
      accessLog,
      waitForAccessLog: async (match, timeoutMs = 5_000) => {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const text = accessLog();
          if (typeof match === 'string' ? text.includes(match) : match.test(text)) return text;
          if (Date.now() >= deadline) {
            throw new Error(`squid's access log has no line matching ${String(match)} after ${timeoutMs} ms:\n${text}`);
          }
          await sleep(50);
        }
      },
    };
  });
}
