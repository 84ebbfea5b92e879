import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ActionError, ConfigurationError } from '@aws-delivery/action-kit';
import { FindingsFormatError, type Finding } from '@aws-delivery/findings';
import type { Config, ResultsFile, ScannerRun } from '../config.js';
import { platformOf } from '../install/release-assets.js';
import { checkScannerPath } from '../install/scanner-path.js';
import { readScanResults } from '../parse/read-results.js';
import { readReportText } from '../parse/read-text.js';
import { matchesAnyGlob } from '../policy/glob.js';
import { checkScannerExit } from '../scan/exit-status.js';
import { buildScanCommand } from '../scan/scan-command.js';
import type { GateStep } from './deps.js';

export interface ScanOutcome {
  findings: Finding[];
  tool: { name: string; version?: string };
}

function unreadable(error: FindingsFormatError): ActionError {
  return new ActionError(
    `${error.message}; the gate fails closed.`,
    'check the scanner version and its output format.',
    { cause: error },
  );
}

function parse(
  content: string,
  source: string,
  format: Config['source']['format'],
  config: Config,
  toolVersion?: string,
): Finding[] {
  try {
    return readScanResults(content, {
      format,
      source,
      paths: { workspace: config.workspace, scanRoot: config.scanDir },
      ...(toolVersion ? { toolVersion } : {}),
    });
  } catch (error) {
    throw error instanceof FindingsFormatError ? unreadable(error) : error;
  }
}

function excluded(findings: Finding[], patterns: readonly string[]): Finding[] {
  return patterns.length ? findings.filter((f) => !matchesAnyGlob(f.location.file, patterns)) : findings;
}

function readResultsFile(results: ResultsFile, config: Config): ScanOutcome {
  if (!existsSync(results.path)) {
    throw new ConfigurationError(
      `Input "results-file" is ${JSON.stringify(results.name)}, but there is no such file. Fix: point it at the scanner's JSON or SARIF report.`,
      'results-file',
    );
  }
  const findings = parse(readReportText(results.path), results.name, results.format, config);
  return {
    findings: excluded(findings, config.excludePaths),
    // The tool the report names, with its version when it gives one (the SARIF written names it too).
    tool: findings[0]?.tool ?? { name: 'results-file' },
  };
}

/**
 * Everything about the scan the inputs name is checked before the scanner is installed (a download, or loading
 * the installer): the directory and the files handed to the scanner exist.
 */
function checkScanInputs(run: ScannerRun, config: Config): void {
  if (!existsSync(config.scanDir)) {
    throw new ConfigurationError(
      `Input "working-directory" is ${JSON.stringify(config.workingDirectory)}, but ${config.scanDir} does not exist. Fix: give a directory of the checkout.`,
      'working-directory',
    );
  }
  if (run.scannerPath) checkScannerPath(run.scanner, run.scannerPath);
  // The scanner runs in the scanned directory, so relative paths are taken from there.
  const named: [string, string][] = [
    ...run.tfvarsFiles.map((file): [string, string] => ['tfvars-files', file]),
    ...(run.configFile ? [['config-file', run.configFile] as [string, string]] : []),
  ];
  for (const [name, file] of named) {
    if (!existsSync(resolve(config.scanDir, file))) {
      throw new ConfigurationError(
        `Input "${name}" names ${JSON.stringify(file)}, but there is no such file in ${config.scanDir}. Fix: give a path relative to working-directory (or absolute).`,
        name,
      );
    }
  }
}

async function runScan(run: ScannerRun, config: Config, step: GateStep): Promise<ScanOutcome> {
  checkScanInputs(run, config);
  const platform = run.scannerPath
    ? ({ os: 'linux', arch: 'amd64' } as const)
    : platformOf(step.clients.platform, step.clients.arch);
  const installed = await step.clients.installScanner({
    scanner: run.scanner,
    version: run.version,
    platform,
    cacheRoot: run.cacheRoot,
    ...(run.scannerPath ? { scannerPath: run.scannerPath } : {}),
    ...(run.pinnedSha256 ? { pinnedSha256: run.pinnedSha256 } : {}),
    ...(run.mirror ? { mirror: run.mirror } : {}),
    ...(config.proxy ? { proxy: config.proxy } : {}),
    requestTimeoutMs: config.requestTimeoutMs,
    signal: step.signal,
    log: (line) => step.log.info(line),
  });
  const scratch = mkdtempSync(join(run.tempRoot, 'tfsec-gate-'));
  try {
    const command = buildScanCommand(
      {
        scanner: run.scanner,
        directory: config.scanDir,
        tfvarsFiles: run.tfvarsFiles,
        ...(run.configFile ? { configFile: run.configFile } : {}),
        excludePaths: config.excludePaths,
        extraArgs: run.extraArgs,
        workspace: run.terraformWorkspace,
      },
      installed.executable,
      join(scratch, 'results.json'),
    );
    step.log.info(`Running ${run.scanner} ${command.args.join(' ')}`);
    const exit = await step.log.toolOutput((printLine) =>
      step.clients.runScanner(command, { signal: step.signal, onLine: printLine }),
    );
    const content = existsSync(command.outputFile) ? readReportText(command.outputFile) : '';
    const version = installed.version;
    let findings: Finding[];
    try {
      findings = parse(content, `${run.scanner} output`, run.format, config, version);
    } catch (error) {
      // An unreadable report after a bad exit is a crash: say so with the exit code and stderr.
      if (exit.exitCode !== 0 || exit.signal) checkScannerExit(run.scanner, exit, [], run.extraArgs);
      throw error;
    }
    checkScannerExit(run.scanner, exit, findings, run.extraArgs);
    return {
      findings: excluded(findings, config.excludePaths),
      tool: { name: run.scanner, ...(version ? { version } : {}) },
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Findings from a results file, or from installing and running the scanner (checked against its exit code). */
export async function scanStep(step: GateStep): Promise<ScanOutcome> {
  const { config } = step;
  return config.source.kind === 'results-file'
    ? readResultsFile(config.source, config)
    : runScan(config.source, config, step);
}
