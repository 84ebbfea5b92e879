import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Debian packages install daemons into sbin folders that a non-root PATH often lacks. */
const SYSTEM_BIN_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];
/** Where distributions put Squid's authentication helpers. */
const SQUID_HELPER_DIRS = ['/usr/lib/squid', '/usr/lib64/squid', '/usr/libexec/squid', '/usr/lib/squid3'];

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function searchDirs(): string[] {
  const fromPath = (process.env.PATH ?? '').split(delimiter).filter((dir) => dir !== '');
  return [...new Set([...fromPath, ...SYSTEM_BIN_DIRS])];
}

/** Every executable called `name` on PATH, then in the system bin folders, in that order, without duplicates. */
export function findAllBinaries(name: string): string[] {
  return searchDirs()
    .map((dir) => join(dir, name))
    .filter(isExecutableFile);
}

/** The absolute path of an executable on PATH or in the system bin folders, or undefined. */
export function findBinary(name: string): string | undefined {
  return findAllBinaries(name)[0];
}

/** Squid's basic_ncsa_auth helper (checks user names and passwords against an htpasswd file). */
export function findSquidBasicAuthHelper(): string | undefined {
  return SQUID_HELPER_DIRS.map((dir) => join(dir, 'basic_ncsa_auth')).find(isExecutableFile);
}

/** Like findBinary, but throws an error that names the binary and says how to install it. */
export function requireBinary(name: string, install: string): string {
  const path = findBinary(name);
  if (path === undefined) {
    throw new Error(`${name} was not found on PATH or in ${SYSTEM_BIN_DIRS.join(', ')}. Install it: ${install}`);
  }
  return path;
}
