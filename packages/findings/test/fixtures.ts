import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, and beside it the shared, read-only scanner fixtures. */
export const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
export const scannerFixtures = join(repoRoot, '..', 'shared', 'fixtures', 'scanners');

/** The text of a real scanner output; a missing fixture fails the test run loudly instead of skipping. */
export function readScannerFixture(relativePath: string): string {
  const path = join(scannerFixtures, relativePath);
  if (!existsSync(path)) {
    throw new Error(`Scanner fixture ${path} is missing: the tests need ../shared/fixtures/scanners beside the repo.`);
  }
  return readFileSync(path, 'utf8');
}
