import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, isAbsolute } from 'node:path';
import { ActionError, ConfigurationError } from '@aws-delivery/action-kit';
import { FindingsFormatError, type Finding } from '@aws-delivery/findings';
import type { Inputs } from '../inputs.js';
import { platformOf } from '../install/release-assets.js';
import { readScanResults } from '../parse/read-results.js';
import { readReportText } from '../parse/read-text.js';
import { matchesAnyGlob } from '../policy/glob.js';
import { checkScannerExit } from '../scan/exit-status.js';
import { buildScanCommand } from '../scan/scan-command.js';
import type { RunSettings } from '../settings.js';
import type { Deps } from './deps.js';

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
  inputs: Inputs,
  settings: RunSettings,
  toolVersion?: string,
): Finding[] {
  try {
    return readScanResults(content, {
      format: inputs['results-file']
        ? inputs['results-format']
        : inputs.scanner === 'tfsec'
          ? 'tfsec-json'
          : 'trivy-json',
      source,
      paths: { workspace: settings.workspace, scanRoot: settings.scanDir },
      ...(toolVersion ? { toolVersion } : {}),
    });
  } catch (error) {
    throw error instanceof FindingsFormatError ? unreadable(error) : error;
  }
}

function excluded(findings: Finding[], inputs: Inputs): Finding[] {
  const patterns = inputs['exclude-paths'];
  return patterns.length ? findings.filter((f) => !matchesAnyGlob(f.location.file, patterns)) : findings;
}

/** Findings from a results file, or from installing and running the scanner (checked against its exit code). */
export async function scanStep(inputs: Inputs, settings: RunSettings, deps: Deps): Promise<ScanOutcome> {
  const resultsFile = inputs['results-file'];
  if (resultsFile) {
    const path = isAbsolute(resultsFile) ? resultsFile : join(settings.workspace, resultsFile);
    if (!existsSync(path)) {
      throw new ConfigurationError(
        `Input "results-file" is ${JSON.stringify(resultsFile)}, but there is no such file. Fix: point it at the scanner's JSON or SARIF report.`,
        'results-file',
      );
    }
    const findings = parse(readReportText(path), resultsFile, inputs, settings);
    return { findings: excluded(findings, inputs), tool: { name: findings[0]?.tool.name ?? 'results-file' } };
  }
  if (!existsSync(settings.scanDir)) {
    throw new ConfigurationError(
      `Input "working-directory" is ${JSON.stringify(inputs['working-directory'])}, but ${settings.scanDir} does not exist. Fix: give a directory of the checkout.`,
      'working-directory',
    );
  }
  const installed = await deps.installScanner({
    scanner: inputs.scanner,
    version: settings.version,
    platform: inputs['scanner-path'] ? { os: 'linux', arch: 'amd64' } : platformOf(deps.platform, deps.arch),
    cacheRoot: settings.cacheRoot,
    ...(inputs['scanner-path'] ? { scannerPath: inputs['scanner-path'] } : {}),
    ...(inputs['scanner-sha256'] ? { pinnedSha256: inputs['scanner-sha256'] } : {}),
    ...(inputs['download-url'] ? { mirror: inputs['download-url'] } : {}),
    ...(inputs['http-proxy'] ? { proxy: inputs['http-proxy'] } : {}),
    ...(deps.signal ? { signal: deps.signal } : {}),
  });
  const scratch = mkdtempSync(join(deps.env.RUNNER_TEMP || tmpdir(), 'tfsec-gate-'));
  try {
    const command = buildScanCommand(
      {
        scanner: inputs.scanner,
        directory: settings.scanDir,
        tfvarsFiles: inputs['tfvars-files'],
        ...(inputs['config-file'] ? { configFile: inputs['config-file'] } : {}),
        excludePaths: inputs['exclude-paths'],
        extraArgs: inputs['extra-args'],
        workspace: inputs['terraform-workspace'],
      },
      installed.executable,
      join(scratch, 'results.json'),
    );
    deps.log.info(`Running ${inputs.scanner} ${command.args.join(' ')}`);
    const exit = await deps.runScanner(command, {
      ...(deps.signal ? { signal: deps.signal } : {}),
      onOutput: (text) => deps.log.debug(text.trimEnd()),
    });
    const content = existsSync(command.outputFile) ? readReportText(command.outputFile) : '';
    const version = installed.source === 'scanner-path' ? undefined : settings.version;
    let findings: Finding[];
    try {
      findings = parse(content, `${inputs.scanner} output`, inputs, settings, version);
    } catch (error) {
      // An unreadable report after a bad exit is a crash: say so with the exit code and stderr.
      if (exit.exitCode !== 0 || exit.signal) checkScannerExit(inputs.scanner, exit, [], inputs['extra-args']);
      throw error;
    }
    checkScannerExit(inputs.scanner, exit, findings, inputs['extra-args']);
    return { findings: excluded(findings, inputs), tool: { name: inputs.scanner, ...(version ? { version } : {}) } };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
