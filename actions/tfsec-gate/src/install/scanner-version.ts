import { execFile } from 'node:child_process';
import type { Scanner } from '../scan/scanner.js';

/** A release version as the gate writes it (no leading "v"): digits first, then only version characters. */
const VERSION = /^v?(\d+\.\d+\.\d+[0-9A-Za-z.+-]*)$/;

/**
 * How each scanner tells its own version: `tfsec --version` prints the version alone on one line ("v1.28.14", or a
 * sentence for a local build); `trivy version --format json` prints an object whose `Version` is it.
 */
const ASK: Record<Scanner, { args: string[]; read: (stdout: string) => unknown }> = {
  tfsec: { args: ['--version'], read: (stdout) => stdout.trim() },
  trivy: {
    args: ['version', '--format', 'json'],
    read: (stdout) => {
      try {
        return (JSON.parse(stdout) as { Version?: unknown } | null)?.Version;
      } catch {
        return undefined;
      }
    },
  },
};

/** The version in what the scanner printed, or undefined when it is not a plain release version. */
export function versionFromOutput(scanner: Scanner, stdout: string): string | undefined {
  const said = ASK[scanner].read(stdout);
  return typeof said === 'string' ? VERSION.exec(said)?.[1] : undefined;
}

/**
 * Asks a preinstalled scanner its version (argument array, no shell; its output is read, never printed). Undefined
 * when it does not answer with one within 10 s: the reports then name the scanner without a version.
 */
export function askScannerVersion(
  scanner: Scanner,
  executable: string,
  signal?: AbortSignal,
): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(
      executable,
      ASK[scanner].args,
      { timeout: 10_000, maxBuffer: 64 * 1024, ...(signal ? { signal } : {}) },
      (error, stdout) => resolve(error ? undefined : versionFromOutput(scanner, stdout)),
    );
  });
}
