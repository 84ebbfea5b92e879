import { describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError, readInputs } from '@aws-delivery/action-kit';
import { buildConfig, type Config } from '../src/config.js';
import type { Deps } from '../src/gate/deps.js';
import { inputSpec } from '../src/inputs.js';
import { failClosed, run } from '../src/run.js';

const env = { GITHUB_WORKSPACE: '/w', RUNNER_TEMP: '/runner/temp' };

/** Secret inputs are set after reading, so that reading them prints no `::add-mask::` line into the test log. */
const SECRETS = new Set(['github-token', 'http-proxy']);

function config(inputs: Record<string, string> = {}, environment: Record<string, string> = env): Config {
  const values = readInputs(inputSpec, (name) => (SECRETS.has(name) ? '' : (inputs[name] ?? '')));
  const secrets = Object.fromEntries(Object.entries(inputs).filter(([name]) => SECRETS.has(name)));
  return buildConfig({ ...values, ...secrets }, environment);
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
      timeoutSeconds: 900,
    });
  });

  it('keeps absolute paths and names the scanned directory relative to the workspace', () => {
    const c = config({
      'working-directory': 'infra/prod/',
      'output-dir': '/out',
      'policy-file': 'policy/gate.yml',
      'write-baseline': 'base/line.json',
    });
    expect(c).toMatchObject({
      scanDir: '/w/infra/prod/',
      workingDirectory: 'infra/prod/',
      scanned: 'infra/prod',
      outputDir: '/out',
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
    expect(config({ 'results-file': '/abs/trivy.json' }).source).toMatchObject({
      path: '/abs/trivy.json',
      format: 'auto',
    });
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
  /** Deps that record outputs and log lines; installing or running a scanner fails the test. */
  function recordingDeps() {
    const outputs: Record<string, string> = {};
    const lines: string[] = [];
    const effects: string[] = [];
    const record = (line: string) => {
      lines.push(line);
    };
    const unexpected = (what: string) => () => {
      effects.push(what);
      throw new Error(`${what} must not be reached`);
    };
    const deps: Deps = {
      env: {},
      now: () => new Date('2026-03-15T12:00:00Z'),
      platform: 'linux',
      arch: 'x64',
      installScanner: unexpected('installScanner'),
      runScanner: unexpected('runScanner'),
      upsertPrComment: unexpected('upsertPrComment'),
      callerAccountId: unexpected('callerAccountId'),
      importToSecurityHub: unexpected('importToSecurityHub'),
      setOutput: (name, value) => {
        outputs[name] = String(value);
      },
      writeSummary: async (...parts) => record(parts.join('\n')),
      log: {
        info: record,
        debug: record,
        warning: record,
        error: record,
        notice: record,
        isDebug: () => false,
        group: async (_name, body) => body(),
      },
    };
    return { deps, outputs, lines, effects };
  }

  it('checks the policy file before it installs or runs the scanner, and fails closed', async () => {
    const ws = mkdtempSync(join(tmpdir(), 'tfsec-gate-config-'));
    mkdirSync(join(ws, 'infra'));
    writeFileSync(join(ws, '.tfsec-gate.yml'), 'failon: high\n');
    const { deps, outputs, effects } = recordingDeps();
    const c = config({ 'working-directory': 'infra', 'scanner-path': '/opt/tfsec' }, { GITHUB_WORKSPACE: ws });
    const error = await run(c, deps).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toContain('.tfsec-gate.yml: the top level has unknown key(s) "failon"');
    expect(effects).toEqual([]);
    expect(outputs).toEqual({ passed: 'false' });
  });

  it('checks the baseline the policy names before it scans', async () => {
    const ws = mkdtempSync(join(tmpdir(), 'tfsec-gate-config-'));
    const { deps, outputs, effects } = recordingDeps();
    const c = config({ 'baseline-file': 'missing.json' }, { GITHUB_WORKSPACE: ws });
    await expect(run(c, deps)).rejects.toThrow('The baseline file "missing.json" does not exist');
    expect(effects).toEqual([]);
    expect(outputs).toEqual({ passed: 'false' });
  });

  it('fails closed on inputs that do not check out, too', async () => {
    const { deps, outputs } = recordingDeps();
    await expect(failClosed(deps, () => config({ 'security-hub-import': 'true' }))).rejects.toThrow(
      'security-hub-import is true but no region is known',
    );
    expect(outputs).toEqual({ passed: 'false' });
  });

  it('passes the config through unchanged when it checks out', async () => {
    const { deps, outputs } = recordingDeps();
    await expect(failClosed(deps, () => config())).resolves.toMatchObject({ workspace: '/w' });
    expect(outputs).toEqual({});
  });
});
