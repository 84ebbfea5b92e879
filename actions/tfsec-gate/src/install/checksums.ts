import { createHash } from 'node:crypto';
import { ActionError } from '@aws-delivery/action-kit';

/** A `sha256sum` file: `<64 hex>  <name>` (or ` *<name>` for binary mode) per line. */
export function parseChecksums(text: string): Map<string, string> {
  const sums = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const match = /^([0-9a-fA-F]{64})\s+\*?(.+?)\s*$/.exec(line.trim());
    if (match) sums.set(match[2]!, match[1]!.toLowerCase());
  }
  return sums;
}

/** The expected digest of an asset from the release's checksums file; the exact file name must be listed. */
export function digestFromChecksums(checksums: string, assetName: string, checksumsUrl: string): string {
  const digest = parseChecksums(checksums).get(assetName);
  if (!digest) {
    throw new ActionError(
      `The checksums file ${checksumsUrl} has no line for ${assetName}, so the download cannot be verified.`,
      'check scanner-version and download-url, or pin scanner-sha256.',
    );
  }
  return digest;
}

export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Refuses a download whose SHA-256 is not the expected one. */
export function verifySha256(data: Buffer, expected: string, what: string, expectedFrom: string): void {
  const actual = sha256(data);
  if (actual !== expected) {
    throw new ActionError(
      `SHA-256 mismatch for ${what}: expected ${expected} (${expectedFrom}), got ${actual}. The file was not ` +
        `installed.`,
      'the download was altered or the mirror serves another build; check the mirror, or the pinned scanner-sha256.',
    );
  }
}
