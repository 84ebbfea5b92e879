import { execFileSync } from 'node:child_process';
import { repoRoot } from '@aws-delivery/testing';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { pathToFileURL } from 'node:url';
import { ConfigurationError } from '@aws-delivery/action-kit';
import { createTestCa, describeWithServices } from '@aws-delivery/testing';
import { loadCaBundleFile, resolveTrustedCertificates } from '../src/transport/ca-bundle.js';

function failure(run: () => unknown): ConfigurationError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return error as ConfigurationError;
  }
  throw new Error('expected a ConfigurationError');
}

describeWithServices(['openssl'], 'CA bundle', () => {
  let dir: string;
  let first: string;
  let second: string;
  let twoCerts: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'aws-ca-'));
    first = readFileSync(createTestCa(join(dir, 'one')).caCertPath, 'utf8');
    second = readFileSync(createTestCa(join(dir, 'two')).caCertPath, 'utf8');
    twoCerts = join(dir, 'bundle.pem');
    writeFileSync(twoCerts, `# corporate roots\n${first}\nsome text between\n${second}`);
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads every certificate of a PEM bundle', () => {
    const file = loadCaBundleFile(twoCerts, 'ca-bundle');
    expect(file.certificates).toEqual([first.trim(), second.trim()]);
  });

  it("adds the bundle to Node's default roots instead of replacing them", () => {
    const trusted = resolveTrustedCertificates({ caBundle: twoCerts, env: {} });
    expect(trusted.ca).toEqual(expect.arrayContaining([...rootCertificates, first.trim(), second.trim()]));
    expect(trusted.ca).toHaveLength(rootCertificates.length + 2);
  });

  it('reads AWS_CA_BUNDLE, and NODE_EXTRA_CA_CERTS alongside it; the explicit option wins', () => {
    const single = join(dir, 'single.pem');
    writeFileSync(single, first);
    const fromEnv = resolveTrustedCertificates({ env: { AWS_CA_BUNDLE: twoCerts } });
    expect(fromEnv.files.map((file) => file.source)).toEqual(['AWS_CA_BUNDLE']);
    const withExtra = resolveTrustedCertificates({ env: { AWS_CA_BUNDLE: single, NODE_EXTRA_CA_CERTS: twoCerts } });
    expect(withExtra.files.map((file) => file.source)).toEqual(['AWS_CA_BUNDLE', 'NODE_EXTRA_CA_CERTS']);
    expect(withExtra.ca).toHaveLength(rootCertificates.length + 2);
    const explicit = resolveTrustedCertificates({ caBundle: single, env: { AWS_CA_BUNDLE: twoCerts } });
    expect(explicit.files.map((file) => `${file.source} ${file.path}`)).toEqual([`ca-bundle ${single}`]);
  });

  it('reads a file named by both AWS_CA_BUNDLE and NODE_EXTRA_CA_CERTS once', () => {
    const trusted = resolveTrustedCertificates({ env: { AWS_CA_BUNDLE: twoCerts, NODE_EXTRA_CA_CERTS: twoCerts } });
    expect(trusted.files.map((file) => file.source)).toEqual(['AWS_CA_BUNDLE']);
  });

  it("leaves Node's defaults alone when no bundle is given", () => {
    expect(resolveTrustedCertificates({ env: {} })).toEqual({ files: [] });
  });

  it.each([
    ['missing', () => join(dir, 'nope.pem'), 'does not exist'],
    ['a directory', () => dir, 'is a directory, not a file'],
    [
      'not PEM',
      () => {
        const path = join(dir, 'der.crt');
        writeFileSync(path, Buffer.from([0x30, 0x82, 0x01, 0x0a]));
        return path;
      },
      'holds no PEM certificate',
    ],
    [
      'a damaged certificate',
      () => {
        const path = join(dir, 'broken.pem');
        writeFileSync(path, `${first}\n-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n`);
        return path;
      },
      'certificate 2 of 2 cannot be parsed',
    ],
  ])('fails clearly on a file that is %s', (_what, makePath, reason) => {
    const path = makePath();
    const error = failure(() => resolveTrustedCertificates({ caBundle: path, env: {} }));
    expect(error.message).toContain(`ca-bundle "${path}"`);
    expect(error.message).toContain(reason);
    expect(error.input).toBe('ca-bundle');
  });

  it('fails clearly on a path that cannot be read', () => {
    const error = failure(() => loadCaBundleFile(join(twoCerts, 'x.pem'), 'AWS_CA_BUNDLE'));
    expect(error.message).toContain(
      `AWS_CA_BUNDLE "${join(twoCerts, 'x.pem')}" cannot be used: a folder on its path is a file`,
    );
    expect(error.input).toBe('AWS_CA_BUNDLE');
  });

  it('names the input for a path too long for the OS, quoting it shortened on one line', () => {
    const path = join(dir, `${'a'.repeat(300)}\n.pem`);
    const error = failure(() =>
      resolveTrustedCertificates({ caBundle: path, env: {}, caBundleInputName: 'ca-bundle' }),
    );
    expect(error.message).toMatch(
      /^ca-bundle "[^"\n]{1,80}"… \(\d+ characters\) is too long for a path \(ENAMETOOLONG\)\./,
    );
    expect(error.message).not.toContain('\n');
    expect(error.input).toBe('ca-bundle');
  });

  it('fails clearly on a file without read permission', () => {
    const path = join(dir, 'secret.pem');
    writeFileSync(path, first);
    chmodSync(path, 0o000);
    if (process.getuid?.() !== 0) {
      expect(failure(() => loadCaBundleFile(path, 'AWS_CA_BUNDLE')).message).toContain(
        'cannot be used (permission denied)',
      );
      return;
    }
    // root reads any file: ask as an unprivileged user (nobody) in a child process instead.
    const script =
      `import { loadCaBundleFile } from '${pathToFileURL(join(repoRoot, 'packages/aws/src/transport/ca-bundle.ts')).href}';` +
      'try { loadCaBundleFile(process.argv[1], "AWS_CA_BUNDLE"); console.log("read it"); }' +
      ' catch (error) { console.log(error.message); }';
    const answer = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, path], {
      uid: 65534,
      gid: 65534,
      cwd: repoRoot,
      env: { PATH: process.env.PATH, HOME: '/tmp' },
      encoding: 'utf8',
    });
    expect(answer).toContain('cannot be used (permission denied)');
  });
});
