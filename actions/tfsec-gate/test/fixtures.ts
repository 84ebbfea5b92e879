import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, and the real scanner outputs committed under packages/testing/fixtures (see its README). */
export const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
export const scannerFixtures = join(repoRoot, 'packages', 'testing', 'fixtures', 'scanners');

/** The text of a real scanner output; a missing fixture fails the test run loudly instead of skipping. */
export function readScannerFixture(relativePath: string): string {
  const path = join(scannerFixtures, relativePath);
  if (!existsSync(path)) {
    throw new Error(`Scanner fixture ${path} is missing from packages/testing/fixtures/scanners.`);
  }
  return readFileSync(path, 'utf8');
}
