import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ConfigurationError, confinedPath, pathError, readInputFile } from '@aws-delivery/action-kit';

const root = mkdtempSync(join(tmpdir(), 'paths-'));
const workspace = join(root, 'workspace');
const temp = join(root, 'runner-temp');
const outside = join(root, 'elsewhere');
for (const dir of [workspace, temp, outside]) mkdirSync(dir);
// A pull request can add a symbolic link that leads out of the checkout.
symlinkSync(outside, join(workspace, 'escape'));
symlinkSync(join(temp), join(workspace, 'to-temp'));
const env = { GITHUB_WORKSPACE: workspace, RUNNER_TEMP: temp };

function refusal(run: () => unknown): ConfigurationError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return error as ConfigurationError;
  }
  throw new Error('expected a ConfigurationError');
}

describe('confinedPath', () => {
  it('resolves relative paths against the workspace and keeps paths in the workspace or RUNNER_TEMP', () => {
    expect(confinedPath('output-dir', 'reports/', env)).toBe(join(workspace, 'reports'));
    expect(confinedPath('output-dir', `${temp}/reports`, env)).toBe(join(temp, 'reports'));
    expect(confinedPath('output-dir', '.', env)).toBe(workspace);
    expect(confinedPath('output-dir', 'to-temp/x', env)).toBe(join(workspace, 'to-temp/x'));
  });

  const where = ` outside the workspace (${workspace}) and RUNNER_TEMP (${temp}). Fix: give a path inside the workspace or RUNNER_TEMP.`;

  it.each([
    ['../elsewhere/x', ` resolves to ${JSON.stringify(join(outside, 'x'))},`],
    ['a/../../elsewhere', ` resolves to ${JSON.stringify(outside)},`],
    [`${workspace}/../elsewhere`, ` resolves to ${JSON.stringify(outside)},`],
    [outside, ' is'],
    ['/etc/passwd', ' is'],
  ])(
    'refuses %s, naming the input, and says where it resolves to only when that is not what was given',
    (value, lies) => {
      const error = refusal(() => confinedPath('write-baseline', value, env));
      expect(error.input).toBe('write-baseline');
      expect(error.message).toBe(`write-baseline ${JSON.stringify(value)}${lies}${where}`);
    },
  );

  it('follows symbolic links: a link in the workspace that leads out is refused, for files not yet written too', () => {
    for (const [value, real] of [
      ['escape/baseline.json', join(outside, 'baseline.json')],
      ['escape/new/folder/file', join(outside, 'new/folder/file')],
      ['escape', outside],
      [join(workspace, 'escape'), outside],
    ] as const) {
      const error = refusal(() => confinedPath('write-baseline', value, env));
      expect(error.message).toBe(
        `write-baseline ${JSON.stringify(value)} resolves through a symbolic link to ${JSON.stringify(real)},${where}`,
      );
    }
  });

  it('refuses line breaks and control characters', () => {
    expect(refusal(() => confinedPath('output-dir', 'a\nb', env)).message).toBe(
      'output-dir "a\\nb" holds a line break or control character: give one path.',
    );
  });

  it('lets a path lie anywhere when the named input allows it, and says which input that is', () => {
    const allow = (allowed: boolean) => ({ outsideAllowedBy: { input: 'allow-paths-outside-workspace', allowed } });
    expect(confinedPath('web-identity-token-file', '/var/token', env, allow(true))).toBe('/var/token');
    expect(refusal(() => confinedPath('web-identity-token-file', '/var/token', env, allow(false))).message).toBe(
      `web-identity-token-file "/var/token" is outside the workspace (${workspace}) and RUNNER_TEMP (${temp}). ` +
        'Fix: give a path inside the workspace or RUNNER_TEMP, or set allow-paths-outside-workspace: true if a path ' +
        'outside them is meant.',
    );
  });

  it('without RUNNER_TEMP keeps paths in the workspace', () => {
    const error = refusal(() => confinedPath('output-dir', temp, { GITHUB_WORKSPACE: workspace }));
    expect(error.message).toBe(
      `output-dir ${JSON.stringify(temp)} is outside the workspace (${workspace}). Fix: give a path inside the workspace.`,
    );
  });
});

describe('OS errors name the input', () => {
  it.each([
    ['ENOENT', 'does not exist'],
    ['ENAMETOOLONG', 'is too long for a path (ENAMETOOLONG)'],
    ['EACCES', 'cannot be used (permission denied)'],
    ['EWHATEVER', 'cannot be used (EWHATEVER)'],
  ])('%s', (code, reason) => {
    const error = pathError('output-dir', '/w/out', Object.assign(new Error('raw'), { code }), 'Fix: x.');
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).message).toBe(`output-dir "/w/out" ${reason}. Fix: x.`);
    expect((error as ConfigurationError).input).toBe('output-dir');
  });

  it('leaves an error that is no OS error as it is', () => {
    const original = new TypeError('not an OS error');
    expect(pathError('output-dir', '/w/out', original)).toBe(original);
  });

  it('reads a file an input names, or says what is wrong with the path', () => {
    writeFileSync(join(workspace, 'token'), 'abc');
    expect(readInputFile('web-identity-token-file', join(workspace, 'token'))).toBe('abc');
    const long = join(workspace, 'x'.repeat(300));
    const error = refusal(() => readInputFile('web-identity-token-file', long));
    expect(error.message).toMatch(/^web-identity-token-file "[^"]{60}"… \(\d+ characters\) is too long for a path/);
    expect(refusal(() => readInputFile('policy-file', join(workspace, 'none'))).message).toBe(
      `policy-file ${JSON.stringify(join(workspace, 'none'))} does not exist.`,
    );
  });
});
