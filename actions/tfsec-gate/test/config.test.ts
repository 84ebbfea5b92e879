import { describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError, readInputs, runMain } from '@aws-delivery/action-kit';
import { recordingRunner } from '@aws-delivery/action-kit/recording';
import { tfsecGate } from '../src/action.js';
import { buildConfig, type Config } from '../src/config.js';
import type { Deps } from '../src/gate/deps.js';
import { inputSpec } from '../src/inputs.js';

const env = { GITHUB_WORKSPACE: '/w', RUNNER_TEMP: '/runner/temp' };

function config(inputs: Record<string, string> = {}, environment: Record<string, string> = env): Config {
  // Secrets are masked through a recording runner: reading them prints no `::add-mask::` line into the test log.
  const io = recordingRunner({ inputs });
  return buildConfig(readInputs(inputSpec, io.input, io.mask), environment);
}

function refusal(work: () => unknown): ConfigurationError {
  try {
    work();
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
  throw new Error('accepted');
}

describe('buildConfig', () => {
  it('resolves every path against the workspace and fills in the defaults', () => {
    expect(config()).toEqual({
      workspace: '/w',
      scanDir: '/w',
      workingDirectory: '.',
      scanned: '.',
      source: {
        kind: 'scanner',
        scanner: 'tfsec',
        version: '1.28.14',
        format: 'tfsec-json',
        cacheRoot: '/runner/temp/tool-cache',
        tempRoot: '/runner/temp',
        tfvarsFiles: [],
        extraArgs: [],
        terraformWorkspace: 'default',
      },
      excludePaths: [],
      policy: { file: '/w/.tfsec-gate.yml', name: '.tfsec-gate.yml', inputs: { maxCounts: {}, workspace: 'default' } },
      outputDir: '/w/tfsec-gate-results',
      securityHubImport: false,
      // The default `${{ github.token }}` arrives unexpanded outside a runner: that is no token.
      prComment: { token: '', apiUrl: 'https://api.github.com' },
      requestTimeoutMs: 30_000,
    });
  });

  it('keeps absolute paths and names the scanned directory relative to the workspace', () => {
    const c = config({
      'working-directory': 'infra/prod/',
      'output-dir': '/runner/temp/out',
      'policy-file': 'policy/gate.yml',
      'write-baseline': 'base/line.json',
    });
    expect(c).toMatchObject({
      scanDir: '/w/infra/prod',
      workingDirectory: 'infra/prod/',
      scanned: 'infra/prod',
      outputDir: '/runner/temp/out',
      policy: { file: '/w/policy/gate.yml', name: 'policy/gate.yml' },
      writeBaseline: '/w/base/line.json',
    });
  });

  it('takes the scanner settings, the tool cache and the proxy', () => {
    const c = config(
      {
        scanner: 'trivy',
        'scanner-version': 'v0.70.0',
        'scanner-path': '/opt/trivy',
        'scanner-sha256': 'ab'.repeat(32),
        'download-url': 'https://mirror.example/trivy/{version}',
        'tfvars-files': 'a.tfvars, b.tfvars',
        'config-file': 'trivy.yaml',
        'extra-args': '--exit-code\n2',
        'terraform-workspace': 'prod',
        'exclude-paths': 'vendor',
        'http-proxy': 'http://proxy:3128',
      },
      { GITHUB_WORKSPACE: '/w', RUNNER_TEMP: '/t', RUNNER_TOOL_CACHE: '/cache' },
    );
    expect(c.source).toEqual({
      kind: 'scanner',
      scanner: 'trivy',
      version: '0.70.0',
      format: 'trivy-json',
      scannerPath: '/opt/trivy',
      pinnedSha256: 'ab'.repeat(32),
      mirror: 'https://mirror.example/trivy/{version}',
      cacheRoot: '/cache',
      tempRoot: '/t',
      tfvarsFiles: ['a.tfvars', 'b.tfvars'],
      configFile: 'trivy.yaml',
      extraArgs: ['--exit-code', '2'],
      terraformWorkspace: 'prod',
    });
    expect(c.excludePaths).toEqual(['vendor']);
    expect(c.proxy).toBe('http://proxy:3128');
  });

  it('uses the temporary directory of the machine when the runner names none', () => {
    const c = config({}, { GITHUB_WORKSPACE: '/w' });
    expect(c.source).toMatchObject({ tempRoot: tmpdir(), cacheRoot: join(tmpdir(), 'tool-cache') });
  });

  it('reads a results file instead of scanning', () => {
    expect(config({ 'results-file': 'reports/scan.sarif', 'results-format': 'sarif' }).source).toEqual({
      kind: 'results-file',
      path: '/w/reports/scan.sarif',
      name: 'reports/scan.sarif',
      format: 'sarif',
    });
    expect(config({ 'results-file': '/w/abs/trivy.json' }).source).toMatchObject({
      path: '/w/abs/trivy.json',
      format: 'auto',
    });
  });

  it.each([
    ['write-baseline', '../../etc/cron.d/x', ' resolves to "/etc/cron.d/x",'],
    ['output-dir', '/home/runner/.ssh', ' is'],
    ['results-file', '/etc/passwd', ' is'],
    ['policy-file', '../other-repo/policy.yml', ' resolves to "/other-repo/policy.yml",'],
    ['working-directory', '/', ' is'],
  ])('keeps %s inside the workspace or RUNNER_TEMP (%s is refused)', (input, value, where) => {
    const error = refusal(() => config({ [input]: value }));
    expect(error.input).toBe(input);
    expect(error.message).toBe(
      `${input} ${JSON.stringify(value)}${where} outside the workspace (/w) and ` +
        'RUNNER_TEMP (/runner/temp). Fix: give a path inside the workspace or RUNNER_TEMP.',
    );
  });

  it.each([
    [{ 'scanner-version': 'latest' }, 'scanner-version'],
    [{ 'scanner-version': 'latest', 'results-file': 'scan.json' }, 'scanner-version'],
    [{ 'aws-region': 'mars-north-1x' }, 'aws-region'],
    [{ 'aws-region': 'us-east-1', 'aws-account-id': '12345' }, 'aws-account-id'],
    [{ 'security-hub-import': 'true' }, 'aws-region'],
  ])('refuses %j before anything runs, naming %s', (inputs, input) => {
    expect(refusal(() => config(inputs)).input).toBe(input);
  });

  it('takes only the policy inputs that are set, so that the policy file can set the others', () => {
    expect(
      config({
        'fail-on': 'high',
        'report-threshold': 'medium',
        'max-medium': '5',
        'max-low': '0',
        'baseline-file': 'base.json',
        'fail-on-expired': 'true',
        'require-ignore-expiry': 'false',
        'terraform-workspace': 'prod',
      }).policy.inputs,
    ).toEqual({
      failOn: 'high',
      reportThreshold: 'medium',
      maxCounts: { medium: 5, low: 0 },
      baselineFile: 'base.json',
      failOnExpired: true,
      requireIgnoreExpiry: false,
      workspace: 'prod',
    });
  });

  it('targets ASFF in the region of the input or of the environment, with the account when given', () => {
    expect(config().asff).toBeUndefined();
    expect(config({}, { ...env, AWS_DEFAULT_REGION: 'cn-north-1' }).asff).toEqual({ region: 'cn-north-1' });
    expect(
      config({ 'aws-region': 'us-gov-west-1', 'aws-account-id': '123456789012' }, { ...env, AWS_REGION: 'eu-west-1' })
        .asff,
    ).toEqual({ region: 'us-gov-west-1', accountId: '123456789012' });
    expect(config({ 'security-hub-import': 'true' }, { ...env, AWS_REGION: 'eu-west-1' })).toMatchObject({
      asff: { region: 'eu-west-1' },
      securityHubImport: true,
    });
  });

  it('comments on the pull request with the token, the API and a link to the run', () => {
    const c = config(
      { 'github-token': 'ghs_x' },
      {
        ...env,
        GITHUB_API_URL: 'https://ghes.example/api/v3',
        GITHUB_SERVER_URL: 'https://ghes.example',
        GITHUB_REPOSITORY: 'acme/infra',
        GITHUB_RUN_ID: '77',
      },
    );
    expect(c.prComment).toEqual({
      token: 'ghs_x',
      apiUrl: 'https://ghes.example/api/v3',
      runUrl: 'https://ghes.example/acme/infra/actions/runs/77',
    });
    expect(config({ 'pr-comment': 'false' }).prComment).toBeUndefined();
  });
});

describe('run', () => {
  /** Clients that record what was reached; installing or running a scanner fails the test. */
  function recordingClients() {
    const effects: string[] = [];
    const unexpected = (what: string) => () => {
      effects.push(what);
      throw new Error(`${what} must not be reached`);
    };
    const clients: Deps = {
      now: () => new Date('2026-03-15T12:00:00Z'),
      platform: 'linux',
      arch: 'x64',
      installScanner: unexpected('installScanner'),
      runScanner: unexpected('runScanner'),
      upsertPrComment: unexpected('upsertPrComment'),
      callerAccountId: unexpected('callerAccountId'),
      importToSecurityHub: unexpected('importToSecurityHub'),
    };
    return { clients: () => clients, effects };
  }

  async function gate(inputs: Record<string, string>, environment: Record<string, string>) {
    const { clients, effects } = recordingClients();
    const io = recordingRunner({ inputs, env: environment });
    const outcome = await runMain(tfsecGate, { io, clients });
    return { outcome, effects, outputs: io.recorded.outputs, errors: io.lines('error') };
  }

  it('checks the policy file before it installs or runs the scanner, and fails closed', async () => {
    const ws = mkdtempSync(join(tmpdir(), 'tfsec-gate-config-'));
    mkdirSync(join(ws, 'infra'));
    writeFileSync(join(ws, '.tfsec-gate.yml'), 'failon: high\n');
    const { outcome, effects, outputs, errors } = await gate(
      { 'working-directory': 'infra', 'scanner-path': '/opt/tfsec' },
      { GITHUB_WORKSPACE: ws },
    );
    expect(outcome).toMatchObject({ ok: false, error: expect.any(ConfigurationError) });
    expect(errors).toEqual([expect.stringContaining('.tfsec-gate.yml: the top level has unknown key(s) "failon"')]);
    expect(effects).toEqual([]);
    expect(outputs).toEqual({ passed: 'false' });
  });

  it('checks the baseline the policy names before it scans', async () => {
    const ws = mkdtempSync(join(tmpdir(), 'tfsec-gate-config-'));
    const { effects, outputs, errors } = await gate({ 'baseline-file': 'missing.json' }, { GITHUB_WORKSPACE: ws });
    expect(errors).toEqual([expect.stringContaining('The baseline file "missing.json" does not exist')]);
    expect(effects).toEqual([]);
    expect(outputs).toEqual({ passed: 'false' });
  });

  it('fails closed on inputs that do not check out, too', async () => {
    const { effects, outputs, errors } = await gate({ 'security-hub-import': 'true' }, env);
    expect(errors).toEqual([expect.stringContaining('security-hub-import is true but no region is known')]);
    expect(effects).toEqual([]);
    expect(outputs).toEqual({ passed: 'false' });
  });

  describe('checks what the scan is handed before it installs the scanner', () => {
    /** A checkout with one Terraform file in infra/. */
    function checkout(): string {
      const ws = mkdtempSync(join(tmpdir(), 'tfsec-gate-config-'));
      mkdirSync(join(ws, 'infra'));
      writeFileSync(join(ws, 'infra', 'main.tf'), 'resource "aws_s3_bucket" "b" {}\n');
      return ws;
    }

    it.each([
      [{ 'tfvars-files': 'prod.tfvars' }, 'Input "tfvars-files" names "prod.tfvars", but there is no such file in'],
      [{ 'config-file': 'tfsec.yml' }, 'Input "config-file" names "tfsec.yml", but there is no such file in'],
      [
        { 'scanner-path': '/nonexistent/tfsec' },
        'Input "scanner-path" has the value "/nonexistent/tfsec", but no file',
      ],
      [{ 'scanner-sha256': 'abc' }, 'Input "scanner-sha256" has the value "abc", but it must be 64 hex digits'],
      [{ 'download-url': 'mirror.example.com/tfsec' }, 'Input "download-url" has the value "mirror.example.com/tfsec"'],
    ])('%j fails with no download attempt', async (inputs, message) => {
      const { outcome, effects, outputs, errors } = await gate(
        { 'working-directory': 'infra', ...inputs },
        { GITHUB_WORKSPACE: checkout() },
      );
      expect(outcome).toMatchObject({ ok: false, error: expect.any(ConfigurationError) });
      expect(errors).toEqual([expect.stringContaining(message)]);
      expect(effects).toEqual([]);
      expect(outputs).toEqual({ passed: 'false' });
    });

    it('takes tfvars-files relative to working-directory, and then installs the scanner', async () => {
      const ws = checkout();
      writeFileSync(join(ws, 'infra', 'prod.tfvars'), 'x = 1\n');
      const { effects } = await gate(
        { 'working-directory': 'infra', 'tfvars-files': 'prod.tfvars' },
        { GITHUB_WORKSPACE: ws },
      );
      expect(effects).toEqual(['installScanner']);
    });
  });
});
