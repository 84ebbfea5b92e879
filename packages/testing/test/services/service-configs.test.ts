import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { dockerdArgs, dockerdDaemonConfig } from '../../src/services/dockerd.js';
import { hasBuiltInBuildKit, parseDockerVersion } from '../../src/services/docker-client.js';
import { registryConfig } from '../../src/services/registry-config.js';
import { squidConfig } from '../../src/services/squid-config.js';

describe('squidConfig', () => {
  const lines = squidConfig({
    port: 3128,
    dir: '/tmp/sq',
    basicAuthHelper: '/usr/lib/squid/basic_ncsa_auth',
    htpasswdPath: '/tmp/sq/passwd',
    effectiveUser: 'proxy',
  }).split('\n');

  it('listens on loopback only and keeps its files in the service folder', () => {
    expect(lines.filter((line) => line.startsWith('http_port'))).toEqual(['http_port 127.0.0.1:3128']);
    expect(lines).toContain('pid_filename /tmp/sq/squid.pid');
    expect(lines).toContain('access_log stdio:/tmp/sq/access.log squid');
    expect(lines).toContain('cache_effective_user proxy');
    expect(lines.some((line) => line.startsWith('cache_dir'))).toBe(false);
  });

  it('requires authentication first, allows only loopback destinations, and denies the rest', () => {
    const access = lines.filter((line) => line.startsWith('http_access'));
    expect(access).toEqual([
      'http_access deny !authenticated',
      'http_access allow loopback_destination',
      'http_access deny all',
    ]);
    expect(lines).toContain('acl loopback_destination dst 127.0.0.0/8 ::1');
    expect(lines).toContain('auth_param basic program /usr/lib/squid/basic_ncsa_auth /tmp/sq/passwd');
  });

  it('leaves the effective user to Squid when not started as root', () => {
    const config = squidConfig({ port: 1, dir: '/d', basicAuthHelper: '/h', htpasswdPath: '/p' });
    expect(config).not.toContain('cache_effective_user');
  });
});

describe('registryConfig', () => {
  it('serves plain HTTP on loopback with htpasswd auth and storage in the service folder', () => {
    const config = parse(
      registryConfig({ port: 5000, dir: '/tmp/r', htpasswdPath: '/tmp/r/htpasswd', httpSecret: 's' }),
    );
    expect(config).toMatchObject({
      version: '0.1',
      http: { addr: '127.0.0.1:5000', secret: 's' },
      auth: { htpasswd: { path: '/tmp/r/htpasswd' } },
      storage: { filesystem: { rootdirectory: '/tmp/r/storage' } },
    });
    expect(config.http.tls).toBeUndefined();
  });
});

describe('dockerd command line', () => {
  const args = dockerdArgs('/tmp/d', 'ns1');

  it('uses only its own folders and a unix socket', () => {
    expect(args.filter((arg) => arg.includes('://'))).toEqual(['unix:///tmp/d/docker.sock']);
    for (const flag of ['--data-root', '--exec-root', '--pidfile', '--config-file']) {
      expect(args[args.indexOf(flag) + 1]?.startsWith('/tmp/d/')).toBe(true);
    }
    expect(args).toEqual(expect.arrayContaining(['--containerd-namespace', 'ns1']));
  });

  it('leaves the host network alone', () => {
    expect(args).toEqual(
      expect.arrayContaining([
        '--bridge=none',
        '--iptables=false',
        '--ip6tables=false',
        '--ip-forward=false',
        '--ip-masq=false',
      ]),
    );
  });

  it('keeps the trust key of a pre-23 dockerd out of /etc/docker', () => {
    expect(JSON.parse(dockerdDaemonConfig('/tmp/d', '20.10.24+dfsg1'))).toEqual({
      'deprecated-key-path': '/tmp/d/key.json',
    });
    expect(JSON.parse(dockerdDaemonConfig('/tmp/d', '27.5.1'))).toEqual({});
  });
});

describe('docker client versions', () => {
  it('parses `docker --version`', () => {
    expect(parseDockerVersion('Docker version 20.10.24+dfsg1, build 297e128\n')).toBe('20.10.24+dfsg1');
    expect(parseDockerVersion('podman version 4.3.1')).toBeUndefined();
  });

  it('knows that clients before 23.0 have BuildKit built in and later ones need buildx', () => {
    expect(hasBuiltInBuildKit('20.10.24+dfsg1')).toBe(true);
    expect(hasBuiltInBuildKit('23.0.0')).toBe(false);
    expect(hasBuiltInBuildKit('28.2.2')).toBe(false);
    expect(hasBuiltInBuildKit('unknown')).toBe(false);
  });
});
