import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onExitCleanup } from './exit-cleanup.js';

/** Unix socket paths are limited to 107 bytes on Linux; daemons put sockets a few levels below their folder. */
const MAX_BASE_LENGTH = 40;

const forgetOnExit = new Map<string, () => void>();

export interface ServiceDirOptions {
  /** Create it under /tmp when the temp dir's own path is long, so unix sockets inside fit. */
  shortPath?: boolean;
  /**
   * Create it under /tmp whatever TMPDIR says: for daemons that drop root privileges (Squid), which cannot reach a
   * folder below a private TMPDIR such as /root/tmp.
   */
  reachableByServiceUsers?: boolean;
}

/** A new private (0700) folder for one service instance's config, data and logs, e.g. /tmp/aws-delivery-moto-Ab12Cd. */
export function makeServiceDir(kind: string, options: ServiceDirOptions = {}): string {
  const base =
    options.reachableByServiceUsers || (options.shortPath && tmpdir().length > MAX_BASE_LENGTH) ? '/tmp' : tmpdir();
  const dir = mkdtempSync(join(base, `aws-delivery-${kind}-`));
  forgetOnExit.set(
    dir,
    onExitCleanup('remove-folders', () => {
      unmountBelow(dir);
      rmSync(dir, { recursive: true, force: true });
    }),
  );
  return dir;
}

function decodeMountPath(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

/** Mount points at or below `dir`, deepest first (from /proc/self/mountinfo; empty where that does not exist). */
export function mountsBelow(dir: string): string[] {
  let mountinfo: string;
  try {
    mountinfo = readFileSync('/proc/self/mountinfo', 'utf8');
  } catch {
    return [];
  }
  return mountinfo
    .split('\n')
    .map((line) => line.split(' ')[4])
    .filter((field): field is string => field !== undefined)
    .map(decodeMountPath)
    .filter((mountPoint) => mountPoint === dir || mountPoint.startsWith(`${dir}/`))
    .sort((a, b) => b.length - a.length);
}

/** Detaches every mount at or below `dir` (dockerd mounts its data root and layers) so it can be removed. */
export function unmountBelow(dir: string): void {
  for (const mountPoint of mountsBelow(dir)) {
    execFileSync('umount', ['--lazy', mountPoint], { stdio: 'ignore' });
  }
}

/** Unmounts what is left mounted below `dir`, then removes it. */
export function removeServiceDir(dir: string): void {
  unmountBelow(dir);
  rmSync(dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 100 });
  forgetOnExit.get(dir)?.();
  forgetOnExit.delete(dir);
}
