import { existsSync } from 'node:fs';
import { ConfigurationError } from '@aws-delivery/action-kit';
import type { Scanner } from '../scan/scanner.js';

/** `scanner-path`: a preinstalled executable that exists. */
export function checkScannerPath(scanner: Scanner, path: string): string {
  if (!existsSync(path)) {
    throw new ConfigurationError(
      `Input "scanner-path" has the value ${JSON.stringify(path)}, but no file exists there. ` +
        `Fix: give the path of the preinstalled ${scanner} executable, or leave it empty to download it.`,
      'scanner-path',
    );
  }
  return path;
}
