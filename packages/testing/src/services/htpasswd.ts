import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { requireBinary } from './binaries.js';

/** bcrypt for the Distribution registry (it accepts nothing else); apr1-MD5 for Squid's basic_ncsa_auth. */
export type HtpasswdHash = 'bcrypt' | 'md5';

/** A password made of URL-safe characters, so it can go into a proxy URL unchanged. */
export function randomPassword(): string {
  return randomBytes(18).toString('base64url');
}

/**
 * Writes an htpasswd file (mode 0600) for one user. The password goes to `htpasswd -i` on stdin, never into argv.
 */
export async function writeHtpasswdFile(
  path: string,
  username: string,
  password: string,
  hash: HtpasswdHash,
): Promise<void> {
  if (username === '' || username.includes(':')) {
    throw new Error(`htpasswd user name ${JSON.stringify(username)} must be non-empty and must not contain ':'`);
  }
  if (/[\r\n]/.test(password)) {
    throw new Error(
      `htpasswd password for user ${JSON.stringify(username)} must be a single line (htpasswd -i reads one)`,
    );
  }
  const htpasswd = requireBinary('htpasswd', 'apt-get install -y apache2-utils');
  const line = await new Promise<string>((resolve, reject) => {
    const child = execFile(
      htpasswd,
      ['-n', '-i', hash === 'bcrypt' ? '-B' : '-m', username],
      { encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`htpasswd failed for user ${JSON.stringify(username)}: ${stderr.trim()}`));
        else resolve(stdout.trim());
      },
    );
    child.stdin?.end(password);
  });
  writeFileSync(path, `${line}\n`, { mode: 0o600 });
}
