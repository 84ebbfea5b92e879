import { join } from 'node:path';

export interface SquidConfigInput {
  port: number;
  /** Folder for the pid file, logs and the htpasswd file. */
  dir: string;
  basicAuthHelper: string;
  htpasswdPath: string;
  /** The unprivileged user Squid switches to when started as root; undefined when not root. */
  effectiveUser?: string;
}

/**
 * squid.conf for a test forward proxy: listens on 127.0.0.1 only, requires basic auth, forwards plain HTTP and
 * CONNECT tunnels to loopback destinations only, caches nothing on disk or in memory, logs every request at once.
 */
export function squidConfig(input: SquidConfigInput): string {
  const { dir } = input;
  return [
    `http_port 127.0.0.1:${input.port}`,
    'visible_hostname localhost',
    `pid_filename ${join(dir, 'squid.pid')}`,
    `coredump_dir ${dir}`,
    ...(input.effectiveUser ? [`cache_effective_user ${input.effectiveUser}`] : []),
    '',
    '# no disk cache, no caching at all',
    'cache deny all',
    'cache_mem 8 MB',
    '',
    '# logs: written unbuffered, never rotated',
    `cache_log stdio:${join(dir, 'cache.log')}`,
    `access_log stdio:${join(dir, 'access.log')} squid`,
    'buffered_logs off',
    'logfile_rotate 0',
    '',
    '# quiet and quick: no ICMP pinger, no state files outside the folder, no waiting for clients on shutdown',
    'pinger_enable off',
    'netdb_filename none',
    'shutdown_lifetime 0 seconds',
    '',
    `auth_param basic program ${input.basicAuthHelper} ${input.htpasswdPath}`,
    'auth_param basic children 2 startup=1 idle=1',
    'auth_param basic realm aws-delivery test proxy',
    'auth_param basic credentialsttl 1 minute',
    '',
    'acl authenticated proxy_auth REQUIRED',
    'acl loopback_destination dst 127.0.0.0/8 ::1',
    'http_access deny !authenticated',
    'http_access allow loopback_destination',
    'http_access deny all',
    '',
  ].join('\n');
}
