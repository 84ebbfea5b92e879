import { describe, expect, it } from '@jest/globals';
import { ActionError } from '@aws-delivery/action-kit';
import { checkScannerExit } from '../src/scan/exit-status.js';
import { buildScanCommand } from '../src/scan/scan-command.js';
import { finding } from './policy-helpers.js';

const high = finding('AWS-0086', 'high');
const medium = finding('AWS-0090', 'medium');
const low = finding('AWS-0089', 'low');
const ignoredHigh = finding('AWS-0087', 'high', 'main.tf', 3, 'aws_s3_bucket.x', { ignoredByScanner: true });
const exit = (exitCode: number | null, signal: NodeJS.Signals | null = null) => ({
  exitCode,
  signal,
  stderrTail: 'boom',
});

describe('fail closed: the scanner exit must match its report', () => {
  it.each([
    ['tfsec', 0, [], [], true],
    ['tfsec', 0, [high], ['--soft-fail'], true],
    ['tfsec', 1, [high, low], [], true],
    ['tfsec', 1, [medium], [], true],
    ['tfsec', 1, [low], [], false], // exit 1 without CRITICAL/HIGH/MEDIUM: an error
    ['tfsec', 1, [], [], false],
    ['tfsec', 1, [ignoredHigh], [], false], // ignored findings do not explain exit 1
    ['tfsec', 2, [low], [], true],
    ['tfsec', 2, [], [], false], // a Go panic exits 2
    ['tfsec', 2, [high], [], false],
    ['tfsec', 3, [high], [], false],
    ['trivy', 0, [high], [], true],
    ['trivy', 1, [high], [], false],
    ['trivy', 2, [high], ['--exit-code', '2'], true],
    ['trivy', 2, [high], ['--exit-code=2'], true],
    ['trivy', 2, [], ['--exit-code', '2'], false],
    ['trivy', 1, [high], ['--exit-code', '2'], false],
  ] as const)('%s exit %d with %j findings, args %j: trusted=%s', (scanner, code, findings, args, trusted) => {
    const check = () => checkScannerExit(scanner, exit(code), [...findings], [...args]);
    if (trusted) expect(check).not.toThrow();
    else expect(check).toThrow(ActionError);
  });

  it('never trusts a killed scanner, and quotes its stderr', () => {
    expect(() => checkScannerExit('tfsec', exit(null, 'SIGKILL'), [high], [])).toThrow('was killed by SIGKILL');
    expect(() => checkScannerExit('tfsec', exit(2), [], [])).toThrow('Its last output: boom');
  });
});

describe('scanner command lines', () => {
  const settings = {
    directory: '/w/infra',
    tfvarsFiles: ['a.tfvars', 'b.tfvars'],
    configFile: 'cfg.yml',
    excludePaths: ['vendor/**'],
    extraArgs: ['--no-module-downloads'],
    workspace: 'prod',
  };

  it('builds tfsec argv: JSON to a file, ignored results kept, workspace, vars, config, excludes, extras', () => {
    expect(buildScanCommand({ scanner: 'tfsec', ...settings }, '/bin/tfsec', '/tmp/out.json')).toEqual({
      file: '/bin/tfsec',
      cwd: '/w/infra',
      outputFile: '/tmp/out.json',
      args: [
        '/w/infra',
        '--format',
        'json',
        '--out',
        '/tmp/out.json',
        '--include-ignored',
        '--no-colour',
        '--workspace',
        'prod',
        '--tfvars-file',
        'a.tfvars',
        '--tfvars-file',
        'b.tfvars',
        '--config-file',
        'cfg.yml',
        '--exclude-path',
        'vendor/**',
        '--no-module-downloads',
      ],
    });
  });

  it('builds trivy config argv with the directory last', () => {
    expect(buildScanCommand({ scanner: 'trivy', ...settings }, '/bin/trivy', '/tmp/out.json').args).toEqual([
      'config',
      '--format',
      'json',
      '--output',
      '/tmp/out.json',
      '--tf-vars',
      'a.tfvars',
      '--tf-vars',
      'b.tfvars',
      '--config',
      'cfg.yml',
      '--skip-dirs',
      'vendor/**',
      '--skip-files',
      'vendor/**',
      '--no-module-downloads',
      '/w/infra',
    ]);
  });
});
