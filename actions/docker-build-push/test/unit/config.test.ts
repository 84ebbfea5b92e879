import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { readInputs } from '@aws-delivery/action-kit';
import { captureStdout, checkActionInputs, refusalOf } from '@aws-delivery/testing';
import { buildConfig } from '../../src/config.js';
import { inputSpec } from '../../src/inputs.js';

const env = {
  GITHUB_WORKSPACE: '/w',
  GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
  GITHUB_REF: 'refs/heads/main',
  GITHUB_EVENT_NAME: 'push',
  GITHUB_EVENT_PATH: '/event.json',
  GITHUB_REPOSITORY: 'octo-org/octo-repo',
};
const files: Record<string, string> = {
  '/event.json': JSON.stringify({ repository: { default_branch: 'main' } }),
  '/w/policy.json': '{"rules":[]}',
  '/w/allow.txt': 'CVE-1 until=2030-01-01 reviewed',
};
const readText = (path: string) => {
  if (!(path in files)) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
  return files[path]!;
};

/** What the last config() wrote to stdout: readInputs masks each secret input (::add-mask::) as it reads it. */
let written = '';

function config(inputs: Record<string, string>) {
  const stdout = captureStdout();
  try {
    const values = readInputs(inputSpec, (name) => inputs[name] ?? '');
    return buildConfig(values, { env, readText, now: new Date('2026-01-01T00:00:00Z') });
  } finally {
    stdout.restore();
    written = stdout.text;
  }
}

const base = { registries: '123456789012/eu-west-1', repository: 'team/app' };

describe('inputs', () => {
  it('match action.yml both ways', () => {
    expect(() => checkActionInputs('actions/docker-build-push', inputSpec)).not.toThrow();
  });
});

describe('buildConfig', () => {
  it('computes tags, labels and paths from the defaults', () => {
    const c = config({ ...base, context: 'svc' });
    expect(c.tags.tags).toEqual(['main', 'latest', 'sha-0123456']);
    expect(c.build.dockerfileForReports).toBe('svc/Dockerfile');
    expect(c.build.labels['org.opencontainers.image.revision']).toBe(env.GITHUB_SHA);
    expect(c.build.labels['org.opencontainers.image.created']).toBe('2026-01-01T00:00:00.000Z');
    expect(c.repositorySettings).toEqual({ scanOnPush: true, tagMutability: 'MUTABLE', encryption: 'AES256' });
    expect(c.scan).toMatchObject({ mode: 'first', failOn: 'critical', timeoutSeconds: 600, allowList: [] });
    expect(c.builder).toBe('auto');
  });

  it('bounds each ECR and registry request by request-timeout-seconds (30 s unless set)', () => {
    expect(config(base).network.requestTimeoutMs).toBe(30_000);
    expect(config({ ...base, 'request-timeout-seconds': '5' }).network.requestTimeoutMs).toBe(5_000);
    expect(() => config({ ...base, 'request-timeout-seconds': '0' })).toThrow(/request-timeout-seconds/);
  });

  it('resolves sarif-file against the workspace and keeps it there', () => {
    expect(config({ ...base, 'sarif-file': 'reports/ecr.sarif' }).scan.sarifFile).toBe('/w/reports/ecr.sarif');
    expect(() => config({ ...base, 'sarif-file': '../../etc/profile.d/x.sh' })).toThrow(
      'sarif-file "../../etc/profile.d/x.sh" resolves to "/etc/profile.d/x.sh", outside the workspace (/w). Fix: give a path inside the workspace.',
    );
  });

  it('reads the lifecycle policy and allow-list files', () => {
    const c = config({
      ...base,
      'repository-lifecycle-policy': 'policy.json',
      'scan-allow-list-file': 'allow.txt',
      'scan-allow-list': 'CVE-2 until=2030-01-01',
    });
    expect(c.repositorySettings.lifecyclePolicy).toBe('{"rules":[]}');
    expect(c.scan.allowList.map((e) => [e.id, e.origin])).toEqual([
      ['CVE-2', 'scan-allow-list line 1'],
      ['CVE-1', 'allow.txt line 1'],
    ]);
  });

  it.each([
    [{ repository: 'ghcr.io/team/app:1' }, /Input "repository" has the value "ghcr.io\/team\/app:1"/],
    [{ 'repository-kms-key': 'alias/x' }, /repository-kms-key" is set but repository-encryption is AES256/],
    [
      { 'repository-lifecycle-policy': 'nope.json' },
      'repository-lifecycle-policy "nope.json" does not exist. Fix: check the path (relative to the workspace).',
    ],
    [{ 'repository-lifecycle-policy': 'allow.txt' }, /is not valid JSON/],
    [{ secrets: 'bad id=x' }, /Input "secrets" has the id "bad id"/],
    [{ 'scan-allow-list': 'CVE-1' }, /needs an expiry/],
    [
      { 'fail-on-severity': 'severe' },
      /Input "fail-on-severity" has the value "severe", but it must be one of: critical, high, medium, low, informational, none/,
    ],
    [{ builder: 'kaniko' }, /Input "builder" has the value "kaniko"/],
  ])('refuses %j', (extra, message) => {
    expect(() => config({ ...base, ...extra })).toThrow(message);
  });

  it('never quotes a secret input in an error', () => {
    expect(() => config({ ...base, secrets: 'no-equals-sign-hunter2' })).toThrow(/\(hidden: secret input\)/);
    expect(() => config({ ...base, secrets: 'no-equals-sign-hunter2' })).not.toThrow(/hunter2/);
    expect(written).toBe('::add-mask::no-equals-sign-hunter2\n');
  });
});

describe('login-only', () => {
  it('needs no repository, and keeps the logins for later steps', () => {
    const cfg = config({
      registries: '123456789012/eu-west-1\nghcr.io username=me password-env=GHCR',
      'login-only': 'true',
    });
    expect(cfg).toMatchObject({ loginOnly: true, keepLogin: true });
    expect(cfg.targets.map((t) => [t.registryHost, t.repository])).toEqual([
      ['123456789012.dkr.ecr.eu-west-1.amazonaws.com', ''],
      ['ghcr.io', ''],
    ]);
  });

  it('still checks a repository= given on a line', () => {
    expect(() => config({ registries: 'ghcr.io repository=Bad', 'login-only': 'true' })).toThrow(
      'the repository "Bad" is not a valid repository path',
    );
  });

  it('without it, repository is required, naming login-only as the other way', () => {
    expect(() => config({ registries: '123456789012/eu-west-1' })).toThrow(
      'Input "repository" is required but was not set. Fix: add "repository:" under "with:" (or set login-only: true',
    );
    expect(config(base)).toMatchObject({ loginOnly: false, keepLogin: false });
  });
});

describe.each([
  [
    'repository-lifecycle-policy',
    '{"rules":[]}',
    (c: ReturnType<typeof buildConfig>) => c.repositorySettings.lifecyclePolicy,
  ],
  ['scan-allow-list-file', 'CVE-9 until=2030-01-01', (c: ReturnType<typeof buildConfig>) => c.scan.allowList[0]?.id],
])('%s', (input, text, read) => {
  const root = mkdtempSync(join(tmpdir(), 'docker-files-'));
  const workspace = join(root, 'workspace');
  const temp = join(root, 'runner-temp');
  const outside = join(root, 'elsewhere');
  for (const dir of [join(workspace, '.github'), temp, outside]) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'file'), text);
  }
  // A link a pull request could add, leading out of the checkout.
  symlinkSync(outside, join(workspace, 'escape'));
  const sources = {
    env: { ...env, GITHUB_WORKSPACE: workspace, RUNNER_TEMP: temp },
    readText: (path: string) => (path === '/event.json' ? files[path]! : readFileSync(path, 'utf8')),
    now: new Date('2026-01-01T00:00:00Z'),
  };
  const configWith = (value: string) =>
    buildConfig(
      readInputs(inputSpec, (name) => ({ ...base, [input]: value })[name] ?? ''),
      sources,
    );
  const refusal = (value: string) => refusalOf(() => configWith(value), input);
  const where =
    ` outside the workspace (${workspace}) and RUNNER_TEMP (${temp}). ` +
    'Fix: give a path inside the workspace or RUNNER_TEMP.';

  it('is read from the workspace (relative to it) or RUNNER_TEMP', () => {
    const expected = input === 'scan-allow-list-file' ? 'CVE-9' : text;
    expect(read(configWith('.github/file'))).toBe(expected);
    expect(read(configWith(join(temp, 'file')))).toBe(expected);
  });

  it('is refused outside both, naming the input', () => {
    expect(refusal(join(outside, 'file'))).toBe(`${input} ${JSON.stringify(join(outside, 'file'))} is${where}`);
    expect(refusal('../elsewhere/file')).toBe(
      `${input} "../elsewhere/file" resolves to ${JSON.stringify(join(outside, 'file'))},${where}`,
    );
  });

  it('is refused when a symbolic link in the workspace leads out of it', () => {
    expect(refusal('escape/file')).toBe(
      `${input} "escape/file" resolves through a symbolic link to ${JSON.stringify(join(outside, 'file'))},${where}`,
    );
  });

  it('names the input when the file cannot be read', () => {
    expect(refusal('.github')).toBe(
      `${input} ".github" is a directory, not a file. Fix: check the path (relative to the workspace).`,
    );
  });
});
