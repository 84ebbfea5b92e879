import { describe, expect, it } from '@jest/globals';
import {
  INSTALL_ALL_SERVICES,
  missingServices,
  planServiceBlock,
  type MachineProbe,
  type ServiceName,
} from '@aws-delivery/testing';

const everything: MachineProbe = {
  findBinary: (name) => `/usr/bin/${name}`,
  findSquidBasicAuthHelper: () => '/usr/lib/squid/basic_ncsa_auth',
  isRoot: () => true,
};
const without = (...absent: string[]): MachineProbe => ({
  ...everything,
  findBinary: (name) => (absent.includes(name) ? undefined : `/usr/bin/${name}`),
});

describe('missingServices', () => {
  it('is empty when every binary is there', () => {
    const all: ServiceName[] = [
      'moto',
      'squid',
      'registry',
      'dockerd',
      'docker',
      'buildah',
      'podman',
      'htpasswd',
      'kubectl',
      'openssl',
      'chromium',
    ];
    expect(missingServices(all, everything)).toEqual([]);
  });

  it('names each missing binary with the package that installs it', () => {
    expect(missingServices(['moto', 'squid', 'registry'], without('moto_server', 'htpasswd'))).toEqual([
      { service: 'moto', missing: ['moto_server'], install: 'python3 -m pip install "moto[server]"' },
      { service: 'squid', missing: ['htpasswd'], install: 'apt-get install -y apache2-utils' },
      { service: 'registry', missing: ['htpasswd'], install: 'apt-get install -y apache2-utils' },
    ]);
  });

  it('needs the Squid auth helper, not only the squid binary', () => {
    const noHelper = { ...everything, findSquidBasicAuthHelper: () => undefined };
    expect(missingServices(['squid'], noHelper)).toEqual([
      { service: 'squid', missing: ['basic_ncsa_auth (Squid helper)'], install: 'apt-get install -y squid' },
    ]);
  });

  it('counts dockerd as missing without root, and joins different installs', () => {
    const notRoot = { ...without('containerd'), isRoot: () => false };
    expect(missingServices(['dockerd'], notRoot)).toEqual([
      {
        service: 'dockerd',
        missing: ['containerd', 'root privileges (dockerd runs as root here)'],
        install: 'apt-get install -y docker.io && run the tests as root (CI does)',
      },
    ]);
  });

  it('needs the buildah (podman) binary and root for buildah (podman), with the Debian package that installs it', () => {
    expect(missingServices(['buildah', 'podman'], without('dockerd'))).toEqual([]);
    expect(missingServices(['buildah', 'registry'], { ...without('buildah'), isRoot: () => false })).toEqual([
      {
        service: 'buildah',
        missing: ['buildah', 'root privileges (the tests run buildah as root, with vfs storage and chroot isolation)'],
        install: 'apt-get install -y buildah && run the tests as root (CI does)',
      },
    ]);
    expect(missingServices(['podman', 'buildah'], without('podman'))).toEqual([
      { service: 'podman', missing: ['podman'], install: 'apt-get install -y podman' },
    ]);
    expect(INSTALL_ALL_SERVICES).toMatch(/^apt-get install -y .*\bbuildah\b.*\bpodman\b/);
  });

  it('needs skopeo for the login-only client test, and installs it with the other services', () => {
    expect(missingServices(['skopeo'], without('skopeo'))).toEqual([
      { service: 'skopeo', missing: ['skopeo'], install: 'apt-get install -y skopeo' },
    ]);
    expect(INSTALL_ALL_SERVICES).toMatch(/^apt-get install -y .*\bskopeo\b/);
  });

  it("needs Debian's chromium for the browser tests, and installs it with the other services", () => {
    expect(missingServices(['chromium'], without('chromium'))).toEqual([
      { service: 'chromium', missing: ['chromium'], install: 'apt-get install -y chromium' },
    ]);
    expect(INSTALL_ALL_SERVICES).toMatch(/^apt-get install -y .*\bchromium\b/);
  });

  it('rejects an unknown service name, listing the known ones', () => {
    expect(() => missingServices(['postgres' as ServiceName])).toThrow(
      'unknown service "postgres"; known services: moto, squid',
    );
  });

  it('looks at this machine by default (openssl is installed wherever these tests run)', () => {
    expect(missingServices(['openssl'])).toEqual([]);
  });
});

describe('planServiceBlock', () => {
  const missing = missingServices(['squid'], without('squid'));

  it('runs the block when nothing is missing', () => {
    expect(planServiceBlock('proxy tests', [], { REQUIRE_SERVICES: '1' })).toEqual({ action: 'run' });
  });

  it('skips with a loud warning that says what to install', () => {
    const plan = planServiceBlock('proxy tests', missing, {});
    expect(plan.action).toBe('skip');
    const warning = plan.action === 'skip' ? plan.warning : '';
    expect(warning).toContain('!!! SKIPPED: "proxy tests"');
    expect(warning).toContain('squid: missing squid; install: apt-get install -y squid');
    expect(warning).toContain(INSTALL_ALL_SERVICES);
  });

  it('fails instead when REQUIRE_SERVICES=1', () => {
    const plan = planServiceBlock('proxy tests', missing, { REQUIRE_SERVICES: '1' });
    expect(plan).toEqual({
      action: 'fail',
      message: expect.stringContaining('REQUIRE_SERVICES=1 (as in CI) makes missing services a failure.'),
    });
    expect(plan.action === 'fail' ? plan.message : '').toContain('apt-get install -y squid');
  });

  it('only treats exactly "1" as required', () => {
    expect(planServiceBlock('proxy tests', missing, { REQUIRE_SERVICES: 'true' }).action).toBe('skip');
  });
});
