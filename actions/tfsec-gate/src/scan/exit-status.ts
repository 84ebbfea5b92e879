import { ActionError } from '@aws-delivery/action-kit';
import { atLeast, type Finding } from '@aws-delivery/findings';
import type { Scanner } from './scanner.js';

export interface ScannerExit {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** The end of what the scanner wrote to stderr, for the error message. */
  stderrTail: string;
}

function closed(scanner: Scanner, what: string, exit: ScannerExit): ActionError {
  const tail = exit.stderrTail.trim() ? ` Its last output: ${exit.stderrTail.trim().slice(-600)}` : '';
  return new ActionError(
    `${scanner} ${what}, so its results cannot be trusted and the gate fails closed.${tail}`,
    `run the same scan locally to see the error; a crash or an unreadable report never passes the gate.`,
  );
}

function declaredExitCode(extraArgs: readonly string[]): number | undefined {
  for (let i = 0; i < extraArgs.length; i++) {
    const arg = extraArgs[i]!;
    const value = arg.startsWith('--exit-code=')
      ? arg.slice('--exit-code='.length)
      : arg === '--exit-code'
        ? extraArgs[i + 1]
        : undefined;
    if (value !== undefined && /^\d+$/.test(value)) return Number(value);
  }
  return undefined;
}

/**
 * Checks the scanner's exit against what it reported; anything that does not add up fails closed. tfsec exits
 * 0 with nothing to report (or with --soft-fail), 1 when a CRITICAL, HIGH or MEDIUM check failed or on an error,
 * 2 when only LOW checks failed; a Go panic also exits 2, so 2 without a LOW finding is a crash. Trivy exits 0
 * unless `--exit-code N` was passed and it found something.
 */
export function checkScannerExit(
  scanner: Scanner,
  exit: ScannerExit,
  findings: readonly Finding[],
  extraArgs: readonly string[],
): void {
  if (exit.signal) throw closed(scanner, `was killed by ${exit.signal}`, exit);
  const code = exit.exitCode;
  const failed = findings.filter((f) => !f.ignoredByScanner);
  if (code === 0) return;
  if (scanner === 'tfsec') {
    const blocking = failed.some((f) => atLeast(f.severity, 'medium'));
    if (code === 1 && blocking) return;
    if (code === 2 && failed.length > 0 && !blocking) return;
    const meaning =
      code === 1
        ? 'exited 1 without a CRITICAL, HIGH or MEDIUM finding in its report (tfsec exits 1 on an error)'
        : code === 2
          ? blocking
            ? 'exited 2 (only LOW findings) but reported more severe ones'
            : 'exited 2 without a LOW finding in its report (a Go panic also exits 2)'
          : `exited ${code}, which tfsec never does on a completed scan`;
    throw closed(scanner, meaning, exit);
  }
  const declared = declaredExitCode(extraArgs);
  if (declared !== undefined && code === declared && failed.length > 0) return;
  throw closed(scanner, `exited ${code}${declared !== undefined ? ` (--exit-code ${declared} was given)` : ''}`, exit);
}
