import { findBinary, findSquidBasicAuthHelper } from './binaries.js';

/** The local services (and the command-line tools) that tests can ask for. */
export type ServiceName =
  | 'moto'
  | 'squid'
  | 'registry'
  | 'dockerd'
  | 'docker'
  | 'buildah'
  | 'podman'
  | 'skopeo'
  | 'htpasswd'
  | 'kubectl'
  | 'openssl'
  | 'chromium';

/** One requested service that cannot run here, what it lacks and how to get it. */
export interface MissingService {
  service: ServiceName;
  /** Binaries (or, for dockerd, root privileges) that are missing. */
  missing: string[];
  /** The command that installs what is missing. */
  install: string;
}

/** The one command that installs every local service on Debian or Ubuntu (moto and kubectl come separately). */
export const INSTALL_ALL_SERVICES =
  'apt-get install -y docker.io docker-registry squid apache2-utils buildah podman skopeo chromium';

/** How requirements are checked; tests replace these to simulate a machine without some tools. */
export interface MachineProbe {
  findBinary(name: string): string | undefined;
  findSquidBasicAuthHelper(): string | undefined;
  isRoot(): boolean;
}

const THIS_MACHINE: MachineProbe = {
  findBinary,
  findSquidBasicAuthHelper,
  isRoot: () => process.getuid?.() === 0,
};

interface Requirement {
  label: string;
  present: (machine: MachineProbe) => boolean;
  install: string;
}

const binary = (name: string, install: string): Requirement => ({
  label: name,
  present: (machine) => machine.findBinary(name) !== undefined,
  install,
});

const APT_DOCKER = 'apt-get install -y docker.io';
const APT_SQUID = 'apt-get install -y squid';
const APT_HTPASSWD = 'apt-get install -y apache2-utils';
const APT_OPENSSL = 'apt-get install -y openssl';
const APT_BUILDAH = 'apt-get install -y buildah';
const APT_PODMAN = 'apt-get install -y podman';
const APT_SKOPEO = 'apt-get install -y skopeo';
const APT_CHROMIUM = 'apt-get install -y chromium';

const motoServer = binary('moto_server', 'python3 -m pip install "moto[server]"');
const openssl = binary('openssl', APT_OPENSSL);
const htpasswd = binary('htpasswd', APT_HTPASSWD);
const docker = binary('docker', APT_DOCKER);
const squidHelper: Requirement = {
  label: 'basic_ncsa_auth (Squid helper)',
  present: (machine) => machine.findSquidBasicAuthHelper() !== undefined,
  install: APT_SQUID,
};
const rootFor = (why: string): Requirement => ({
  label: `root privileges (${why})`,
  present: (machine) => machine.isRoot(),
  install: 'run the tests as root (CI does)',
});

const REQUIREMENTS: Record<ServiceName, Requirement[]> = {
  moto: [motoServer, openssl],
  squid: [binary('squid', APT_SQUID), squidHelper, htpasswd],
  registry: [binary('docker-registry', 'apt-get install -y docker-registry'), htpasswd],
  dockerd: [
    binary('dockerd', APT_DOCKER),
    binary('containerd', APT_DOCKER),
    docker,
    rootFor('dockerd runs as root here'),
  ],
  docker: [docker],
  // The tests run buildah and podman as root with the vfs driver and chroot isolation; rootless runs need
  // subuid/subgid maps.
  buildah: [
    binary('buildah', APT_BUILDAH),
    rootFor('the tests run buildah as root, with vfs storage and chroot isolation'),
  ],
  podman: [
    binary('podman', APT_PODMAN),
    rootFor('the tests run podman as root, with vfs storage and chroot isolation'),
  ],
  skopeo: [binary('skopeo', APT_SKOPEO)],
  htpasswd: [htpasswd],
  kubectl: [binary('kubectl', 'apt-get install -y kubernetes-client (or any kubectl binary on PATH)')],
  openssl: [openssl],
  // The demo page's browser test drives Debian's chromium headless (playwright-core never downloads a browser).
  chromium: [binary('chromium', APT_CHROMIUM)],
};

/** The requested services that cannot run on this machine, with what each lacks; empty when all can run. */
export function missingServices(names: readonly ServiceName[], machine: MachineProbe = THIS_MACHINE): MissingService[] {
  return [...new Set(names)].flatMap((service) => {
    const requirements = REQUIREMENTS[service];
    if (requirements === undefined) {
      throw new Error(
        `missingServices: unknown service ${JSON.stringify(service)}; known services: ${Object.keys(REQUIREMENTS).join(', ')}`,
      );
    }
    const lacking = requirements.filter((requirement) => !requirement.present(machine));
    if (lacking.length === 0) return [];
    const install = [...new Set(lacking.map((requirement) => requirement.install))].join(' && ');
    return [{ service, missing: lacking.map((requirement) => requirement.label), install }];
  });
}

/** A multi-line explanation of what is missing and how to install it. */
export function describeMissingServices(missing: readonly MissingService[]): string {
  const lines = missing.map(
    (entry) => `  - ${entry.service}: missing ${entry.missing.join(', ')}; install: ${entry.install}`,
  );
  return [
    'These local services are not available on this machine:',
    ...lines,
    `All of them on Debian/Ubuntu (as root): ${INSTALL_ALL_SERVICES}; moto: python3 -m pip install "moto[server]"`,
  ].join('\n');
}
