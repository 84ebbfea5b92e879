// Runner-level settings for buildah and podman in the tests, as a self-hosted runner's environment would set them:
// a private storage root in a temp folder (a storage.conf named by CONTAINERS_STORAGE_CONF), the vfs driver (no
// overlay mounts needed) and chroot isolation (no runc or user namespaces needed). The action passes its environment
// on to the tool and sets none of these itself.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ContainersStorage {
  /** The variables buildah and podman read: CONTAINERS_STORAGE_CONF, STORAGE_DRIVER, BUILDAH_ISOLATION. */
  env: Record<string, string>;
  /** The storage root (images, layers) inside the temp folder. */
  graphRoot: string;
  /** Removes the temp folder with every image stored there. */
  remove(): void;
}

export function createContainersStorage(): ContainersStorage {
  const dir = mkdtempSync(join(tmpdir(), 'containers-storage-'));
  const graphRoot = join(dir, 'root');
  const conf = join(dir, 'storage.conf');
  writeFileSync(
    conf,
    ['[storage]', 'driver = "vfs"', `graphroot = "${graphRoot}"`, `runroot = "${join(dir, 'runroot')}"`, ''].join('\n'),
  );
  return {
    env: { CONTAINERS_STORAGE_CONF: conf, STORAGE_DRIVER: 'vfs', BUILDAH_ISOLATION: 'chroot' },
    graphRoot,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
