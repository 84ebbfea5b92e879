import type { Scanner } from './scanner.js';

export interface ScanSettings {
  scanner: Scanner;
  /** Absolute directory to scan. */
  directory: string;
  tfvarsFiles: string[];
  configFile?: string;
  excludePaths: string[];
  extraArgs: string[];
  workspace: string;
}

export interface ScanCommand {
  file: string;
  args: string[];
  cwd: string;
  /** Where the scanner writes its JSON report. */
  outputFile: string;
}

/**
 * The scanner's argument list (never a shell string). tfsec keeps ignored results in its output
 * (`--include-ignored`) so the report can show what was suppressed and why.
 */
export function buildScanCommand(settings: ScanSettings, binary: string, outputFile: string): ScanCommand {
  const args =
    settings.scanner === 'tfsec'
      ? [
          settings.directory,
          '--format',
          'json',
          '--out',
          outputFile,
          '--include-ignored',
          '--no-colour',
          '--workspace',
          settings.workspace,
          ...settings.tfvarsFiles.flatMap((file) => ['--tfvars-file', file]),
          ...(settings.configFile ? ['--config-file', settings.configFile] : []),
          ...settings.excludePaths.flatMap((path) => ['--exclude-path', path]),
          ...settings.extraArgs,
        ]
      : [
          'config',
          '--format',
          'json',
          '--output',
          outputFile,
          ...settings.tfvarsFiles.flatMap((file) => ['--tf-vars', file]),
          ...(settings.configFile ? ['--config', settings.configFile] : []),
          ...settings.excludePaths.flatMap((path) => ['--skip-dirs', path, '--skip-files', path]),
          ...settings.extraArgs,
          settings.directory,
        ];
  return { file: binary, args, cwd: settings.directory, outputFile };
}
