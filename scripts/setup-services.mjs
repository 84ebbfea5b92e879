// Runs after `npm ci`: makes the local services the tests and the demo need available where the platform allows
// (root on Debian/Ubuntu: apt-get), and otherwise says exactly what to install. Never fails the install.
// Opt out with AWS_DELIVERY_SKIP_SERVICE_SETUP=1.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const packages = {
  dockerd: 'docker.io',
  docker: 'docker.io',
  'docker-registry': 'docker-registry',
  squid: 'squid',
  htpasswd: 'apache2-utils',
  buildah: 'buildah',
  podman: 'podman',
  skopeo: 'skopeo',
  chromium: 'chromium', // the demo page's browser test (playwright-core drives it; no browser is downloaded)
};

function onPath(tool) {
  return spawnSync('sh', ['-c', 'command -v "$1"', 'sh', tool]).status === 0 || existsSync(`/usr/sbin/${tool}`);
}

if (process.env.AWS_DELIVERY_SKIP_SERVICE_SETUP === '1') process.exit(0);

const missing = Object.keys(packages).filter((tool) => !onPath(tool));
const aptPackages = [...new Set(missing.map((tool) => packages[tool]))];
const isRoot = process.getuid?.() === 0;
if (aptPackages.length > 0 && isRoot && onPath('apt-get') && process.platform === 'linux') {
  console.log(`setup: installing local services with apt-get: ${aptPackages.join(' ')}`);
  try {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-qq', ...aptPackages], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  } catch (error) {
    console.warn(`setup: apt-get failed (${error.message}); tests that need these services will be skipped.`);
  }
} else if (aptPackages.length > 0) {
  console.warn(
    `setup: missing local services: ${missing.join(', ')}. Install: sudo apt-get install -y ${aptPackages.join(' ')}`,
  );
}
if (!onPath('moto_server'))
  console.warn('setup: moto_server is missing. Install: python3 -m pip install "moto[server]"');
if (!onPath('kubectl'))
  console.warn('setup: kubectl is missing (used only to prove the fake Kubernetes API): install kubectl.');
