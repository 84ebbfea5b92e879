import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  describeWithServices,
  startDockerd,
  startRegistry,
  type DockerdService,
  type RegistryService,
} from '@aws-delivery/testing';
import { leftovers } from './process-leaks.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

describeWithServices(['dockerd', 'registry'], 'startDockerd', () => {
  let dockerd: DockerdService;
  let registry: RegistryService;
  let work: string;
  let dockerConfig: string;
  let context: string;

  /** Runs the docker CLI against the test daemon with this file's own DOCKER_CONFIG; never throws. */
  function docker(args: string[], options: { stdin?: string; env?: Record<string, string> } = {}): Promise<Run> {
    return new Promise((resolve) => {
      const child = execFile(
        dockerd.docker.path,
        args,
        { env: { ...process.env, ...dockerd.env, DOCKER_CONFIG: dockerConfig, ...options.env }, timeout: 120_000 },
        (error, stdout, stderr) =>
          resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
      child.stdin?.end(options.stdin ?? '');
    });
  }

  beforeAll(async () => {
    [dockerd, registry] = await Promise.all([startDockerd(), startRegistry()]);
    work = mkdtempSync(join(tmpdir(), 'dockerd-test-'));
    dockerConfig = join(work, 'docker-config');
    mkdirSync(dockerConfig, { mode: 0o700 });
    context = join(work, 'context');
    mkdirSync(context);
    writeFileSync(join(context, 'hello.txt'), 'hello from the harness\n');
    writeFileSync(join(context, 'Dockerfile'), 'FROM scratch\nCOPY hello.txt /hello.txt\n');
  });

  afterAll(async () => {
    await Promise.all([dockerd?.stop(), registry?.stop()]);
    rmSync(work, { recursive: true, force: true });
  });

  it('answers /_ping on its own unix socket', async () => {
    expect(dockerd.host).toBe(`unix://${dockerd.socket}`);
    expect(dockerd.env).toEqual({ DOCKER_HOST: dockerd.host });
    expect(Buffer.byteLength(dockerd.socket)).toBeLessThan(100);
    const info = await docker(['info', '--format', '{{json .RegistryConfig.InsecureRegistryCIDRs}}']);
    expect(info).toMatchObject({ code: 0 });
    // Loopback registries are plain-HTTP by default: no --insecure-registry flag is needed for the test registry.
    expect(JSON.parse(info.stdout)).toContain('127.0.0.0/8');
  });

  it('picked a docker CLI that builds with BuildKit', () => {
    expect(dockerd.docker.buildkit).toBe(true);
  });

  it('builds a FROM scratch image with BuildKit (DOCKER_BUILDKIT=1)', async () => {
    const tag = `${registry.host}/harness/scratch:buildkit`;
    const build = await docker(['build', '--tag', tag, context], { env: { DOCKER_BUILDKIT: '1' } });
    expect(build.stderr + build.stdout).not.toMatch(/Step 1\/2/); // the legacy builder's progress format
    expect(build).toMatchObject({ code: 0 });
    expect(build.stderr + build.stdout).toContain(`naming to ${tag}`);
  });

  it('builds a FROM scratch image with the legacy builder (DOCKER_BUILDKIT=0)', async () => {
    const build = await docker(['build', '--tag', `${registry.host}/harness/scratch:legacy`, context], {
      env: { DOCKER_BUILDKIT: '0' },
    });
    expect(build).toMatchObject({ code: 0 });
    expect(build.stdout).toContain('Step 2/2 : COPY hello.txt /hello.txt');
  });

  it('refuses docker login with a wrong password', async () => {
    const login = await docker(['login', '--username', registry.username, '--password-stdin', registry.host], {
      stdin: 'not-the-password',
    });
    expect(login.code).not.toBe(0);
    expect(login.stderr).toMatch(/unauthorized|401/i);
  });

  it('logs in with --password-stdin into a 0600 config and pushes the image to the registry', async () => {
    const login = await docker(['login', '--username', registry.username, '--password-stdin', registry.host], {
      stdin: registry.password,
    });
    expect(login).toMatchObject({ code: 0 });
    expect(login.stdout).toContain('Login Succeeded');
    const configPath = join(dockerConfig, 'config.json');
    expect(statSync(configPath).mode & 0o777).toBe(0o600);
    expect(Object.keys(JSON.parse(readFileSync(configPath, 'utf8')).auths)).toEqual([registry.host]);

    const push = await docker(['push', `${registry.host}/harness/scratch:buildkit`]);
    expect(push).toMatchObject({ code: 0 });
    const digest = /digest: (sha256:[0-9a-f]{64})/.exec(push.stdout)?.[1];
    expect(digest).toBeDefined();

    const authorization = basic(registry.username, registry.password);
    const manifest = await fetch(`${registry.url}/v2/harness/scratch/manifests/buildkit`, {
      headers: { authorization, accept: 'application/vnd.docker.distribution.manifest.v2+json' },
    });
    expect(manifest.status).toBe(200);
    expect(manifest.headers.get('docker-content-digest')).toBe(digest);
    const { layers } = (await manifest.json()) as { layers: { digest: string }[] };
    expect(layers).toHaveLength(1);
    const blob = await fetch(`${registry.url}/v2/harness/scratch/blobs/${layers[0]?.digest}`, {
      headers: { authorization },
    });
    expect(blob.status).toBe(200);
    const layerTar = gunzipSync(Buffer.from(await blob.arrayBuffer())).toString('latin1');
    expect(layerTar).toContain('hello.txt');
    expect(layerTar).toContain('hello from the harness\n');
  });

  it('stop() ends dockerd and containerd and removes its folders', async () => {
    await dockerd.stop();
    expect(dockerd.stoppedPids().length).toBeGreaterThanOrEqual(2); // dockerd and its containerd
    expect(leftovers(dockerd)).toEqual({ pids: [], dirExists: false });
    const mounts = readFileSync('/proc/self/mountinfo', 'utf8');
    expect(mounts).not.toContain(dockerd.dir);
  });
});
