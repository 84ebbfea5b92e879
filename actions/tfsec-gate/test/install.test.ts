import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ActionError, ConfigurationError } from '@aws-delivery/action-kit';
import { describeWithServices, startSquid, type SquidService } from '@aws-delivery/testing';
import { installScanner, type InstallRequest } from '../src/install/install-scanner.js';
import { checkVersion, platformOf, releaseAssets } from '../src/install/release-assets.js';
import { parseChecksums, sha256 } from '../src/install/checksums.js';
import { fileFromTarGz } from '../src/install/tar.js';
import { startReleaseServer, type ReleaseServer } from './release-server.js';

const good = Buffer.from('#!/bin/sh\necho "tfsec v1.28.14"\n');
const tampered = Buffer.from('#!/bin/sh\necho "owned"\n');
const linux = { os: 'linux', arch: 'amd64' } as const;

function trivyArchive(dir: string, content: Buffer): Buffer {
  const root = join(dir, 'archive');
  mkdirSync(join(root, 'contrib'), { recursive: true });
  writeFileSync(join(root, 'trivy'), content, { mode: 0o755 });
  writeFileSync(join(root, 'LICENSE'), 'Apache-2.0');
  writeFileSync(join(root, 'contrib', 'html.tpl'), '<html>');
  const out = join(dir, 'trivy.tar.gz');
  execFileSync('tar', ['-czf', out, '-C', root, 'LICENSE', 'contrib', 'trivy']);
  return readFileSync(out);
}

describe('release assets', () => {
  it.each([
    ['tfsec', 'linux', 'x64', 'tfsec-linux-amd64', 'tfsec_checksums.txt'],
    ['tfsec', 'darwin', 'arm64', 'tfsec-darwin-arm64', 'tfsec_checksums.txt'],
    ['trivy', 'linux', 'arm64', 'trivy_0.72.0_Linux-ARM64.tar.gz', 'trivy_0.72.0_checksums.txt'],
    ['trivy', 'darwin', 'x64', 'trivy_0.72.0_macOS-64bit.tar.gz', 'trivy_0.72.0_checksums.txt'],
  ] as const)('%s on %s/%s is %s beside %s', (scanner, os, arch, asset, sums) => {
    const version = scanner === 'tfsec' ? '1.28.14' : '0.72.0';
    const assets = releaseAssets(scanner, version, platformOf(os, arch));
    expect(assets.assetName).toBe(asset);
    expect(assets.assetUrl).toBe(`https://github.com/aquasecurity/${scanner}/releases/download/v${version}/${asset}`);
    expect(assets.checksumsUrl.endsWith(`/v${version}/${sums}`)).toBe(true);
  });

  it('uses a mirror with {version}', () => {
    expect(releaseAssets('tfsec', '1.28.14', linux, 'https://mirror.corp/tfsec/{version}/').assetUrl).toBe(
      'https://mirror.corp/tfsec/1.28.14/tfsec-linux-amd64',
    );
  });

  it.each(['latest', '1.28', '>=1.0.0', ''])('refuses version %j', (version) => {
    expect(() => checkVersion(version)).toThrow(ConfigurationError);
  });

  it('accepts v-prefixed versions', () => expect(checkVersion('v1.28.14')).toBe('1.28.14'));

  it('refuses Windows runners with a fix', () => {
    expect(() => platformOf('win32', 'x64')).toThrow('set scanner-path');
  });

  it('parses checksums files in both sha256sum modes', () => {
    const sums = parseChecksums(
      `${'a'.repeat(64)}  tfsec-linux-amd64\n${'B'.repeat(64)} *tfsec-checkgen-linux-amd64\nnoise\n`,
    );
    expect(sums.get('tfsec-linux-amd64')).toBe('a'.repeat(64));
    expect(sums.get('tfsec-checkgen-linux-amd64')).toBe('b'.repeat(64));
  });
});

describe('installScanner against a local release server', () => {
  let server: ReleaseServer;
  let work: string;
  let archive: Buffer;
  let badArchive: Buffer;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'tfsec-gate-install-'));
    archive = trivyArchive(join(work, 'a'), good);
    badArchive = trivyArchive(join(work, 'b'), tampered);
    const tfsecSums = `${sha256(Buffer.from('checkgen'))}  tfsec-checkgen-linux-amd64\n${sha256(good)}  tfsec-linux-amd64\n`;
    const trivySums = `${sha256(archive)}  trivy_0.72.0_Linux-64bit.tar.gz\n`;
    server = await startReleaseServer(
      {
        '/good/v1.28.14/tfsec-linux-amd64': good,
        '/good/v1.28.14/tfsec_checksums.txt': tfsecSums,
        '/tampered/v1.28.14/tfsec-linux-amd64': tampered,
        '/tampered/v1.28.14/tfsec_checksums.txt': tfsecSums,
        '/storage/tfsec-linux-amd64': good,
        '/redirect/v1.28.14/tfsec_checksums.txt': tfsecSums,
        '/good/v0.72.0/trivy_0.72.0_Linux-64bit.tar.gz': archive,
        '/good/v0.72.0/trivy_0.72.0_checksums.txt': trivySums,
        '/tampered/v0.72.0/trivy_0.72.0_Linux-64bit.tar.gz': badArchive,
        '/tampered/v0.72.0/trivy_0.72.0_checksums.txt': trivySums,
        '/nosums/v1.28.14/tfsec-linux-amd64': good,
        '/nosums/v1.28.14/tfsec_checksums.txt': `${sha256(good)}  tfsec-darwin-arm64\n`,
      },
      { '/redirect/v1.28.14/tfsec-linux-amd64': '/storage/tfsec-linux-amd64' },
    );
  });
  afterAll(() => server.stop());

  const logged: string[] = [];
  const request = (overrides: Partial<InstallRequest>): InstallRequest => ({
    scanner: 'tfsec',
    version: '1.28.14',
    platform: linux,
    cacheRoot: mkdtempSync(join(work, 'cache-')),
    mirror: `${server.url}/good/v{version}`,
    log: (line) => logged.push(line),
    ...overrides,
  });

  it('installs tfsec verified against the release checksums file, executable, into the tool cache layout', async () => {
    const req = request({});
    const installed = await installScanner(req);
    expect(installed.source).toBe('download');
    expect(installed.executable).toBe(join(req.cacheRoot, 'tfsec', '1.28.14', 'amd64', 'tfsec'));
    expect(readFileSync(installed.executable)).toEqual(good);
    expect(statSync(installed.executable).mode & 0o111).not.toBe(0);
    expect(existsSync(join(req.cacheRoot, 'tfsec', '1.28.14', 'amd64.complete'))).toBe(true);
    expect(execFileSync(installed.executable).toString()).toContain('tfsec v1.28.14');
    // The second run is served from the cache without a request.
    const before = server.requests.length;
    expect((await installScanner(req)).source).toBe('cache');
    expect(server.requests.length).toBe(before);
  });

  it('refuses a tampered binary that does not match the checksums file, installing nothing', async () => {
    const req = request({ mirror: `${server.url}/tampered/v{version}` });
    const error = await installScanner(req).catch((e: unknown) => e as ActionError);
    expect(error).toBeInstanceOf(ActionError);
    expect((error as ActionError).message).toContain(
      `SHA-256 mismatch for tfsec-linux-amd64: expected ${sha256(good)}`,
    );
    expect((error as ActionError).message).toContain(`got ${sha256(tampered)}`);
    expect(existsSync(join(req.cacheRoot, 'tfsec'))).toBe(false);
  });

  it('checks a pinned scanner-sha256 instead of the checksums file', async () => {
    const ok = await installScanner(request({ pinnedSha256: sha256(good) }));
    expect(ok.source).toBe('download');
    await expect(installScanner(request({ pinnedSha256: sha256(tampered) }))).rejects.toThrow('SHA-256 mismatch');
    await expect(installScanner(request({ pinnedSha256: 'abc' }))).rejects.toThrow(ConfigurationError);
  });

  it('re-downloads when the pin differs from what the cache holds', async () => {
    const req = request({});
    await installScanner(req);
    await expect(installScanner({ ...req, pinnedSha256: sha256(tampered) })).rejects.toThrow('SHA-256 mismatch');
  });

  it('fails when the checksums file does not list the asset', async () => {
    await expect(installScanner(request({ mirror: `${server.url}/nosums/v{version}` }))).rejects.toThrow(
      'has no line for tfsec-linux-amd64',
    );
  });

  it('follows redirects like GitHub release downloads', async () => {
    const installed = await installScanner(request({ mirror: `${server.url}/redirect/v{version}` }));
    expect(readFileSync(installed.executable)).toEqual(good);
  });

  it('explains a missing release', async () => {
    await expect(installScanner(request({ version: '9.9.9' }))).rejects.toThrow('answered HTTP 404');
  });

  it('installs Trivy from its .tar.gz, verified, extracting only the executable', async () => {
    const installed = await installScanner(request({ scanner: 'trivy', version: '0.72.0' }));
    expect(readFileSync(installed.executable)).toEqual(good);
    expect(installed.assetSha256).toBe(sha256(archive));
    await expect(
      installScanner(request({ scanner: 'trivy', version: '0.72.0', mirror: `${server.url}/tampered/v{version}` })),
    ).rejects.toThrow('SHA-256 mismatch for trivy_0.72.0_Linux-64bit.tar.gz');
  });

  it('uses scanner-path as it is, downloading nothing', async () => {
    const path = join(work, 'preinstalled-tfsec');
    writeFileSync(path, good, { mode: 0o755 });
    const before = server.requests.length;
    expect(await installScanner(request({ scannerPath: path }))).toEqual({ executable: path, source: 'scanner-path' });
    expect(server.requests.length).toBe(before);
    await expect(installScanner(request({ scannerPath: join(work, 'nope') }))).rejects.toThrow('no file exists there');
  });

  it('asks a scanner-path executable its version, as each scanner answers it', async () => {
    const answering = (name: string, script: string) => {
      const path = join(work, name);
      writeFileSync(path, `#!/bin/sh\n${script}\n`, { mode: 0o755 });
      return path;
    };
    const lines: string[] = [];
    const tfsec = answering('tfsec-1.28.1', '[ "$*" = "--version" ] && echo v1.28.1');
    expect(await installScanner(request({ scannerPath: tfsec, log: (line) => lines.push(line) }))).toEqual({
      executable: tfsec,
      source: 'scanner-path',
      version: '1.28.1',
    });
    const trivy = answering('trivy-0.69.3', `[ "$*" = "version --format json" ] && echo '{"Version":"0.69.3"}'`);
    const installed = await installScanner(request({ scanner: 'trivy', scannerPath: trivy }));
    expect(installed.version).toBe('0.69.3');
    // A local build says so in a sentence, and a scanner that fails to answer gives nothing: no version, no error.
    const local = answering('tfsec-local', 'echo "You are running a locally built version of tfsec."');
    expect((await installScanner(request({ scannerPath: local }))).version).toBeUndefined();
    expect((await installScanner(request({ scannerPath: answering('broken', 'exit 3') }))).version).toBeUndefined();
    expect(lines).toEqual(['scanner-path: tfsec 1.28.1.']);
  });

  it('runs a relative scanner-path from where it was found, not from working-directory', async () => {
    const cwd = process.cwd();
    process.chdir(work);
    try {
      writeFileSync(join(work, 'relative-tfsec'), '#!/bin/sh\necho v1.28.2\n', { mode: 0o755 });
      const installed = await installScanner(request({ scannerPath: 'relative-tfsec' }));
      expect(installed).toMatchObject({ executable: join(work, 'relative-tfsec'), version: '1.28.2' });
    } finally {
      process.chdir(cwd);
    }
  });

  it('reads one file out of a tar.gz', () => {
    expect(fileFromTarGz(archive, 'LICENSE')?.toString()).toBe('Apache-2.0');
    expect(fileFromTarGz(archive, 'contrib/html.tpl')?.toString()).toBe('<html>');
    expect(fileFromTarGz(archive, 'missing')).toBeUndefined();
  });

  describeWithServices(['squid'], 'through a real proxy (Squid)', () => {
    let squid: SquidService;
    beforeAll(async () => {
      squid = await startSquid();
    });
    afterAll(() => squid.stop());

    it('downloads through the proxy given as http-proxy, with credentials', async () => {
      const installed = await installScanner(request({ proxy: squid.urlWithCredentials }));
      expect(readFileSync(installed.executable)).toEqual(good);
      expect(squid.accessLog()).toContain('/good/v1.28.14/tfsec-linux-amd64');
    });
  });
});
