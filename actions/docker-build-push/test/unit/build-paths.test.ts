// context, file and secret-files: resolved in the workspace or RUNNER_TEMP (links followed), then checked before
// the builder starts, every problem naming its input.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ConfigurationError, readInputs } from '@aws-delivery/action-kit';
import { checkBuildPaths } from '../../src/build/build-paths.js';
import { buildConfig } from '../../src/config.js';
import { inputSpec } from '../../src/inputs.js';

const root = mkdtempSync(join(tmpdir(), 'docker-paths-'));
const workspace = join(root, 'workspace');
const temp = join(root, 'runner-temp');
const outside = join(root, 'elsewhere');
mkdirSync(join(workspace, 'svc'), { recursive: true });
mkdirSync(join(workspace, 'docker'));
mkdirSync(temp);
mkdirSync(outside);
writeFileSync(join(workspace, 'svc', 'app.txt'), 'app');
writeFileSync(join(workspace, 'docker', 'svc.Dockerfile'), 'FROM scratch\n');
writeFileSync(join(temp, 'npmrc'), 'token');
writeFileSync(join(outside, 'credentials'), 'secret');
writeFileSync(join(outside, 'Dockerfile'), 'FROM scratch\n');
// Links a pull request could add, leading out of the checkout.
symlinkSync(outside, join(workspace, 'escape'));
symlinkSync(join(outside, 'Dockerfile'), join(workspace, 'svc', 'Dockerfile'));
symlinkSync(join(outside, 'credentials'), join(workspace, 'netrc'));

const env = {
  GITHUB_WORKSPACE: workspace,
  RUNNER_TEMP: temp,
  GITHUB_SHA: 'a'.repeat(40),
  GITHUB_REF: 'refs/heads/main',
};

function build(inputs: Record<string, string>) {
  const values = readInputs(
    inputSpec,
    (name) => ({ registries: '123456789012/eu-west-1', repository: 'team/app', ...inputs })[name] ?? '',
    () => {},
  );
  return buildConfig(values, {
    env,
    readText: () => {
      throw Object.assign(new Error('missing'), { code: 'ENOENT' });
    },
    now: new Date('2026-01-01T00:00:00Z'),
  }).build;
}

function refusal(run: () => unknown, input: string): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).input).toBe(input);
    return (error as ConfigurationError).message;
  }
  throw new Error('expected a ConfigurationError');
}

describe('build paths in the configuration', () => {
  it('are absolute, in the workspace; a Dockerfile outside the context but in the workspace is allowed', () => {
    const settings = build({ context: 'svc', file: 'docker/svc.Dockerfile', 'secret-files': `npmrc=${temp}/npmrc` });
    expect(settings).toMatchObject({
      context: join(workspace, 'svc'),
      file: join(workspace, 'docker/svc.Dockerfile'),
      dockerfileForReports: 'docker/svc.Dockerfile',
      secretFiles: { npmrc: join(temp, 'npmrc') },
    });
    expect(() => checkBuildPaths(settings)).not.toThrow();
  });

  it('keeps a remote context (a Git URL) as docker takes it', () => {
    expect(build({ context: 'https://github.com/octo-org/app.git#main' }).context).toBe(
      'https://github.com/octo-org/app.git#main',
    );
  });

  const quoted = (path: string) => JSON.stringify(path);
  const linked = (path: string) => ` resolves through a symbolic link to ${quoted(path)},`;
  it.each([
    [{ context: '../elsewhere' }, 'context', '"../elsewhere"', ` resolves to ${quoted(outside)},`],
    [{ context: 'escape' }, 'context', '"escape"', linked(outside)],
    [{ file: `${outside}/Dockerfile` }, 'file', quoted(`${outside}/Dockerfile`), ' is'],
    [{ context: 'svc' }, 'context', quoted(join(workspace, 'svc/Dockerfile')), linked(join(outside, 'Dockerfile'))],
    [{ 'secret-files': 'netrc=netrc' }, 'secret-files', '"netrc"', linked(join(outside, 'credentials'))],
    [{ 'secret-files': 'aws=/etc/passwd' }, 'secret-files', '"/etc/passwd"', ' is'],
  ])('%j: refused outside the workspace and RUNNER_TEMP, naming the input', (inputs, input, value, where) => {
    expect(refusal(() => build(inputs), input)).toBe(
      `${input} ${value}${where} outside the workspace (${workspace}) and RUNNER_TEMP (${temp}). ` +
        'Fix: give a path inside the workspace or RUNNER_TEMP.',
    );
  });
});

describe('checkBuildPaths', () => {
  it.each([
    [{ context: 'none' }, 'context', /^context ".*none" does not exist\. Fix: set context to the build context folder/],
    [
      { context: 'svc/app.txt', file: 'docker/svc.Dockerfile' },
      'context',
      /^context ".*app\.txt" is a file, not a folder\./,
    ],
    [
      { context: 'docker' },
      'file',
      /^file ".*docker\/Dockerfile" does not exist\. Fix: add a Dockerfile to the context/,
    ],
    [{ context: 'docker', file: 'svc' }, 'file', /^file ".*svc" is a folder, not a file\./],
    [
      { context: 'docker', file: 'docker/svc.Dockerfile', 'secret-files': 'npmrc=missing' },
      'secret-files',
      /^secret-files ".*missing" does not exist\./,
    ],
  ])('%j: names the input', (inputs, input, message) => {
    const settings = build(inputs);
    expect(refusal(() => checkBuildPaths(settings), input)).toMatch(message);
  });
});
