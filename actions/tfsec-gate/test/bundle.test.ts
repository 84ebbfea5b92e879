import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  checkActionInputs,
  describeWithServices,
  simulateStep,
  startMoto,
  startSilentServer,
  type MotoService,
  type StepResult,
} from '@aws-delivery/testing';
import { EnableSecurityHubCommand, GetFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { TIMING_LINE } from '@aws-delivery/action-kit';
import { inputSpec } from '../src/inputs.js';
import { repoRoot, scannerFixtures } from './fixtures.js';
import { startFakeGitHub, type FakeGitHub } from './fake-github.js';

const standIn = fileURLToPath(new URL('./stand-in-scanner.mjs', import.meta.url));
const fixture = (path: string) => {
  const full = join(scannerFixtures, path);
  if (!existsSync(full)) throw new Error(`Scanner fixture ${full} is missing.`);
  return full;
};

function workspace(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'tfsec-gate-ws-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('action.yml', () => {
  it('declares exactly the inputs the code reads', () => {
    expect(() => checkActionInputs('actions/tfsec-gate', inputSpec)).not.toThrow();
  });
});

describe.each(['node20', 'node24'] as const)(
  'the bundle on %s, with a stand-in scanner replaying real outputs',
  (node) => {
    beforeAll(() => {
      chmodSync(standIn, 0o755);
      if (node === 'node20') {
        execFileSync(
          process.execPath,
          [join(repoRoot, 'scripts/build.mjs'), '--action', 'tfsec-gate', '--skip-typecheck'],
          { cwd: repoRoot, stdio: 'pipe' },
        );
      }
    }, 300_000);

    const step = (inputs: Record<string, string>, env: Record<string, string>, ws = workspace()) =>
      simulateStep({
        action: 'tfsec-gate',
        node,
        workspace: ws,
        inputs: { 'scanner-path': standIn, ...inputs },
        env,
        timeoutMs: 60_000,
      });

    it('tfsec exit 1 with HIGH findings: fails on high, with annotations, outputs and SARIF', async () => {
      const ws = workspace();
      const result = await step({ 'fail-on': 'high' }, { STAND_IN_FIXTURE: fixture('tfsec/results.json') }, ws);
      expect(result.exitCode).toBe(1);
      expect(result.outputs).toMatchObject({
        passed: 'false',
        'high-count': '2',
        'new-findings-count': '2',
        'sarif-path': 'tfsec-gate-results/results.sarif',
        'asff-path': '',
      });
      const errors = result.annotations.filter((a) => a.level === 'error');
      expect(errors).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ file: 'vendor/modules.txt', line: 7, title: 'AWS-0030 (high)' }),
          expect.objectContaining({ file: 'go.mod', line: 5 }),
        ]),
      );
      expect(result.stdout + result.stderr).toContain(
        'tfsec-gate: the gate failed: 2 new high finding(s), none allowed',
      );
      const sarif = JSON.parse(readFileSync(join(ws, 'tfsec-gate-results/results.sarif'), 'utf8'));
      expect(sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId)).toEqual(['AWS-0030', 'AWS-0031']);
      // The scanner-path executable was asked its version (`tfsec --version`), and the SARIF names it.
      expect(sarif.runs[0].tool.driver).toMatchObject({ name: 'tfsec-gate', version: '1.28.14' });
      expect(result.stdout).toContain('scanner-path: tfsec 1.28.14.');
      expect(result.summary).toContain('tfsec-gate: ❌ Failed');
      expect(result.summary).toContain('pie title Findings by severity');
    });

    it('a relative scanner-path runs from the checkout while the scan runs in working-directory', async () => {
      const ws = workspace({ 'infra/main.tf': 'resource "aws_s3_bucket" "b" {}\n' });
      mkdirSync(join(ws, 'tools'));
      writeFileSync(join(ws, 'tools/tfsec'), readFileSync(standIn), { mode: 0o755 });
      const result = await step(
        { 'scanner-path': 'tools/tfsec', 'working-directory': 'infra', 'fail-on': 'none' },
        { STAND_IN_FIXTURE: fixture('tfsec/results.json') },
        ws,
      );
      expect(result.exitCode).toBe(0);
      expect(result.outputs).toMatchObject({ passed: 'true', 'high-count': '2' });
      expect(result.stdout).toContain('scanner-path: tfsec 1.28.14.');
    });

    it('the same findings pass with fail-on critical, still reported', async () => {
      const result = await step({ 'fail-on': 'critical' }, { STAND_IN_FIXTURE: fixture('tfsec/results.json') });
      expect(result.exitCode).toBe(0);
      expect(result.outputs.passed).toBe('true');
      expect(result.annotations.filter((a) => a.level === 'warning' && a.file === 'go.mod')).toHaveLength(1);
    });

    it('Trivy exit 0: a policy file with an exception and a baseline decides, and writes ASFF', async () => {
      const ws = workspace({
        'main.tf': readFileSync(fixture('trivy/config-sarif-report-main.tf'), 'utf8'),
        '.tfsec-gate.yml': [
          'fail-on: high',
          'baseline: baseline.json',
          'exceptions:',
          '  - rule: aws-s3-block-public-acls',
          '    owner: team-storage',
          '    reason: public website bucket',
          '    expires: 2999-01-01',
        ].join('\n'),
      });
      // First run writes the baseline: the findings of today become accepted.
      const adopt = await step(
        { scanner: 'trivy', 'fail-on': 'none', 'write-baseline': 'baseline.json', 'policy-file': 'none.yml' },
        { STAND_IN_FIXTURE: fixture('trivy/config-scan-report.json') },
        ws,
      );
      expect(adopt.exitCode).toBe(0);
      // The legacy report of the same scan (AVD- ids, one extra check) is then judged against it.
      const result = await step(
        { scanner: 'trivy', 'aws-account-id': '123456789012', 'aws-region': 'us-gov-west-1' },
        { STAND_IN_FIXTURE: fixture('trivy/config-scan-report-legacy-avdid.json') },
        ws,
      );
      expect(result.stdout).toContain('scanner-path: trivy 0.72.0.'); // from `trivy version --format json`
      expect(result.outputs['new-findings-count']).toBe('1'); // AVD-AWS-0088 is not in the baseline
      expect(result.outputs.passed).toBe('false');
      expect(result.exitCode).toBe(1);
      expect(result.summary).toContain('public website bucket');
      const asff = JSON.parse(readFileSync(join(ws, result.outputs['asff-path']!), 'utf8'));
      expect(asff[0].ProductArn).toBe(
        'arn:aws-us-gov:securityhub:us-gov-west-1:123456789012:product/123456789012/default',
      );
      // The debug log says where the time went (the benchmark reads these lines back).
      const timings = result.stdout.split('\n').flatMap((line) => TIMING_LINE.exec(line.trimEnd())?.[1] ?? []);
      expect(timings).toEqual([
        'scan',
        'policy',
        'write results.sarif',
        'write junit.xml',
        'write report.json',
        'write findings.asff.json',
        'job summary and annotations',
      ]);
    });

    it('Trivy exit 2 through --exit-code 2 is a completed scan, not a crash', async () => {
      const result = await step(
        { scanner: 'trivy', 'extra-args': '--exit-code\n2', 'fail-on': 'none' },
        { STAND_IN_FIXTURE: fixture('trivy/config-scan-report.json') },
      );
      expect(result.exitCode).toBe(0);
      expect(result.outputs['high-count']).toBe('5');
    });

    it('a crashing scanner fails the gate closed', async () => {
      const result = await step(
        { 'fail-on': 'none' },
        { STAND_IN_FIXTURE: fixture('tfsec/results.json'), STAND_IN_MODE: 'crash' },
      );
      expect(result.exitCode).toBe(1);
      expect(result.stdout).toContain('fails closed');
      expect(result.stdout).toContain('nil pointer dereference');
      expect(result.outputs.passed).toBe('false');
    });

    it("a scanner printing workflow commands cannot run them or silence the gate's own error", async () => {
      const hostile = ['::stop-commands::x', '::error::injected by the scanner', '::add-mask::gate'].join('\n');
      const result = await step(
        { 'fail-on': 'none' },
        { STAND_IN_FIXTURE: fixture('tfsec/results.json'), STAND_IN_MODE: 'crash', STAND_IN_SAY: hostile },
      );
      expect(result.exitCode).toBe(1);
      const errors = result.annotations.filter((a) => a.level === 'error').map((a) => a.message);
      expect(errors).toEqual([expect.stringContaining('fails closed')]);
      expect(result.masks).toEqual([]);
      // Shown as the scanner printed it, on stdout and on stderr.
      expect(result.log.filter((line) => line.shown === '::error::injected by the scanner')).toHaveLength(2);
    });

    it('echoes config-file and terraform-workspace in the "Running" line as text, never as commands', async () => {
      const configFile = 'tfsec.yml\n::error::injected by config-file\n::add-mask::gate';
      const result = await step(
        { 'fail-on': 'none', 'config-file': configFile, 'terraform-workspace': 'dev\r\n::warning::injected by ws' },
        { STAND_IN_FIXTURE: fixture('tfsec/results.json') },
        workspace({ [configFile]: 'minimum_severity: LOW\n' }),
      );
      expect(result.exitCode).toBe(0);
      const running = result.log.findIndex((line) => line.shown?.startsWith('Running tfsec '));
      expect(running).toBeGreaterThanOrEqual(0);
      // The runner shows both payload lines, as printed but for a zero-width space, and reads neither as a command.
      const shown = result.log.slice(running + 1, running + 4).map((line) => line.shown?.replace(/\u200b/g, ''));
      expect(shown).toEqual([
        '::warning::injected by ws --config-file tfsec.yml',
        '::error::injected by config-file',
        '::add-mask::gate',
      ]);
      expect(result.annotations.filter((a) => a.message.includes('injected'))).toEqual([]);
      expect(result.masks).toEqual([]);
    });

    it.each([
      ['write-baseline', 'blocker/baseline.json', 'cannot be created: a file is in the way'],
      ['write-baseline', `${'b'.repeat(300)}.json`, 'is too long for a path (ENAMETOOLONG)'],
      ['output-dir', 'blocker', 'cannot be created: a file is in the way'],
    ])('an OS error writing %s %j names the input', async (input, value, reason) => {
      const result = await step(
        { 'fail-on': 'none', [input]: value },
        { STAND_IN_FIXTURE: fixture('tfsec/results.json') },
        workspace({ blocker: 'a file, not a folder' }),
      );
      expect(result.exitCode).toBe(1);
      const errors = result.annotations.filter((a) => a.level === 'error').map((a) => a.message);
      expect(errors).toEqual([
        expect.stringMatching(
          new RegExp(`^tfsec-gate: ${input} "[^"]+"(… \\(\\d+ characters\\))? ${reason.replace(/[()]/g, '\\$&')}`),
        ),
      ]);
    });

    it('an unreadable report fails the gate closed even with exit 0', async () => {
      const result = await step(
        { 'fail-on': 'none' },
        { STAND_IN_FIXTURE: fixture('tfsec/results.json'), STAND_IN_MODE: 'garbage' },
      );
      expect(result.exitCode).toBe(1);
      expect(result.stdout).toContain('is not valid tfsec JSON');
      expect(result.stdout).toContain('fails closed');
    });

    it('gates a SARIF results file without running a scanner', async () => {
      const ws = workspace({ 'scan.sarif': readFileSync(fixture('trivy/config-sarif-report-report.sarif'), 'utf8') });
      const result = await step({ 'results-file': 'scan.sarif', 'fail-on': 'medium' }, {}, ws);
      expect(result.exitCode).toBe(1);
      expect(result.outputs).toMatchObject({ 'high-count': '5', 'medium-count': '1', 'low-count': '2' });
    });

    it('writes the version a SARIF results file gives its tool into the SARIF it writes', async () => {
      const input = JSON.parse(readFileSync(fixture('trivy/config-sarif-report-report.sarif'), 'utf8'));
      input.runs[0].tool.driver.version = '0.58.1';
      const ws = workspace({ 'scan.sarif': JSON.stringify(input) });
      const result = await step({ 'results-file': 'scan.sarif', 'fail-on': 'none' }, {}, ws);
      expect(result.exitCode).toBe(0);
      const sarif = JSON.parse(readFileSync(join(ws, 'tfsec-gate-results/results.sarif'), 'utf8'));
      expect(sarif.runs[0].tool.driver).toMatchObject({ name: 'tfsec-gate', version: '0.58.1' });
      expect(result.summary).toContain('with Trivy 0.58.1');
    });
  },
);

describe('the bundle on its worker thread, with a scanner download that is never answered', () => {
  it('ends at action-timeout-seconds with one error naming the download host', async () => {
    const silent = await startSilentServer();
    try {
      const result = await simulateStep({
        action: 'tfsec-gate',
        node: 'node24',
        workspace: workspace(),
        inputs: {
          'download-url': `${silent.url}/v{version}`,
          'request-timeout-seconds': '300',
          'action-timeout-seconds': '30',
          'fail-on': 'none',
          'pr-comment': 'false',
        },
        env: { NO_PROXY: '', no_proxy: '', HTTPS_PROXY: '', HTTP_PROXY: '', https_proxy: '', http_proxy: '' },
        // Generous: only that the process ends on its own, long before the request timeout.
        timeoutMs: 120_000,
      });
      expect(result.timedOut).toBe(false);
      expect(result.exitCode).toBe(1);
      expect(silent.connections()).toBeGreaterThanOrEqual(1);
      expect(result.annotations.filter((a) => a.level === 'error').map((a) => a.message)).toEqual([
        `tfsec-gate: timed out after 30 s while waiting for an answer from 127.0.0.1:${silent.port}. Raise the ` +
          "action's timeout input if the work legitimately takes longer.",
      ]);
    } finally {
      await silent.close();
    }
  }, 180_000);
});

describe('the PR comment from the bundle', () => {
  let github: FakeGitHub;
  beforeAll(async () => {
    github = await startFakeGitHub({ write: ['w-token'], read: ['r-token'] });
  });
  afterAll(() => github.stop());

  const prStep = async (token: string): Promise<StepResult> => {
    const dir = mkdtempSync(join(tmpdir(), 'tfsec-gate-event-'));
    const event = join(dir, 'event.json');
    writeFileSync(event, JSON.stringify({ pull_request: { number: 12 } }));
    return simulateStep({
      action: 'tfsec-gate',
      node: 'node20',
      workspace: workspace(),
      inputs: { 'scanner-path': standIn, 'fail-on': 'high', 'github-token': token },
      env: {
        STAND_IN_FIXTURE: fixture('tfsec/results.json'),
        GITHUB_EVENT_PATH: event,
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_API_URL: github.url,
        GITHUB_REPOSITORY: 'acme/infra',
      },
    });
  };

  it('is created once and updated on the next run', async () => {
    await prStep('w-token');
    await prStep('w-token');
    const ours = github.comments.filter((c) => c.issue === 12);
    expect(ours).toHaveLength(1);
    expect(ours[0]!.body).toContain('<!-- tfsec-gate:. -->');
    expect(ours[0]!.body).toContain('AWS-0030');
    expect(github.requests.filter((r) => r.method === 'PATCH')).toHaveLength(1);
  });

  it('a token without pull-requests: write is a warning; the gate verdict stands', async () => {
    github.comments.length = 0;
    const result = await prStep('r-token');
    expect(result.exitCode).toBe(1);
    expect(result.outputs.passed).toBe('false');
    expect(result.annotations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ level: 'warning', message: expect.stringContaining('pull-requests: write') }),
      ]),
    );
    expect(result.stdout).not.toContain('Resource not accessible by integration\n::error');
  });
});

describeWithServices(['moto'], 'Security Hub import from the bundle (the AWS SDK chunks load on demand)', () => {
  let moto: MotoService;
  let client: SecurityHubClient;
  const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
  beforeAll(async () => {
    moto = await startMoto();
    client = new SecurityHubClient({ region: 'us-east-1', endpoint: moto.endpoint, credentials });
    await client.send(new EnableSecurityHubCommand({}));
  });
  afterAll(async () => {
    client?.destroy();
    await moto?.stop();
  });

  it('imports the findings into the account STS names', async () => {
    const result = await simulateStep({
      action: 'tfsec-gate',
      node: 'node20',
      workspace: workspace({ 'scan.json': readFileSync(fixture('trivy/config-scan-report.json'), 'utf8') }),
      inputs: {
        'results-file': 'scan.json',
        'aws-region': 'us-east-1',
        'security-hub-import': 'true',
        'fail-on': 'none',
      },
      env: {
        AWS_ENDPOINT_URL: moto.endpoint,
        AWS_ACCESS_KEY_ID: credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      },
    });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('Security Hub: imported 8 finding(s).');
    const { Findings } = await client.send(new GetFindingsCommand({}));
    expect(Findings?.map((f) => f.GeneratorId).sort()).toEqual([
      'tfsec-gate/AWS-0086',
      'tfsec-gate/AWS-0087',
      'tfsec-gate/AWS-0089',
      'tfsec-gate/AWS-0090',
      'tfsec-gate/AWS-0091',
      'tfsec-gate/AWS-0093',
      'tfsec-gate/AWS-0094',
      'tfsec-gate/AWS-0132',
    ]);
    // The account came from GetCallerIdentity (moto's account): no aws-account-id was given.
    expect(Findings?.[0]?.ProductArn).toBe('arn:aws:securityhub:us-east-1:123456789012:product/123456789012/default');
  });
});
