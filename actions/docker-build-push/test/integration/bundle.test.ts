// The bundle run as a runner runs it (main, then post), against a real dockerd, two real registries and moto.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  describeWithServices,
  findUnmaskedSecrets,
  simulateStep,
  startDockerd,
  startMoto,
  startRegistry,
  type StepResult,
} from '@aws-delivery/testing';
import { fetchManifest } from '../../src/registry/registry-api.js';
import { parseTargets } from '../../src/targets/parse-targets.js';
import { startEcrDataPlane, type DataPlane } from '../support/ecr-data-plane.js';
import { shellContext } from '../support/shell-context.js';
import {
  ACCOUNT,
  commandRecorder,
  ECR_PASSWORD,
  secretsInArguments,
  SERVICE_CONTEXT,
  stdinProblems,
  stepEnv,
  twoTargets,
  type Services,
} from '../support/step.js';

const BUILD_SECRET = 'build-secret-value-7c1f';
const REPOSITORIES = ['team/service', 'team/node24', 'team/expired', 'team/password', 'team/lambda', 'team/immutable'];

/** A Docker config folder with no logins in it. */
function emptyDockerConfig(): string {
  const dir = mkdtempSync(join(tmpdir(), 'docker-config-'));
  writeFileSync(join(dir, 'config.json'), '{"auths":{}}\n');
  return dir;
}

function errors(result: StepResult): string[] {
  return result.annotations.filter((a) => a.level === 'error').map((a) => a.message);
}

describeWithServices(['dockerd', 'registry', 'moto'], 'docker-build-push bundle end to end', () => {
  let services: Services;
  let plane: DataPlane;
  beforeAll(async () => {
    const [dockerd, moto, ecrRegistry, plainRegistry] = await Promise.all([
      startDockerd(),
      startMoto(),
      startRegistry({ username: 'AWS', password: ECR_PASSWORD }),
      startRegistry(),
    ]);
    services = { dockerd, moto, ecrRegistry, plainRegistry };
    plane = startEcrDataPlane({
      registryUrl: ecrRegistry.url,
      username: 'AWS',
      password: ECR_PASSWORD,
      motoEndpoint: moto.endpoint,
      region: 'eu-west-1',
      repositories: REPOSITORIES,
    });
  }, 120_000);
  afterAll(async () => {
    await plane?.stop();
    await Promise.all([
      services?.dockerd.stop(),
      services?.moto.stop(),
      services?.ecrRegistry.stop(),
      services?.plainRegistry.stop(),
    ]);
  }, 60_000);

  const step = (
    repository: string,
    inputs: Record<string, string | boolean> = {},
    env: Record<string, string> = {},
    node: 'node20' | 'node24' = 'node20',
  ) =>
    simulateStep({
      action: 'docker-build-push',
      node,
      timeoutMs: 120_000,
      // The demo service is the checkout: context, file and secret files must lie in the workspace.
      workspace: SERVICE_CONTEXT,
      inputs: {
        registries: twoTargets(services),
        repository,
        context: SERVICE_CONTEXT,
        'builder-path': services.dockerd.docker.path,
        ...inputs,
      },
      env: stepEnv(services, services.dockerd.env, env),
    });

  /** The test's docker CLI against the test daemon, with a config of its own unless one is given. */
  const docker = (args: string[], env: Record<string, string> = {}, stdin?: string) =>
    spawnSync(services.dockerd.docker.path, args, {
      env: { PATH: process.env.PATH, DOCKER_CONFIG: emptyDockerConfig(), ...services.dockerd.env, ...env },
      input: stdin ?? '',
      encoding: 'utf8',
    });
  /** A one-file image made in the daemon without a build or a pull (`docker import` of a tar). */
  const localImage = () => {
    const dir = mkdtempSync(join(tmpdir(), 'probe-image-'));
    writeFileSync(join(dir, 'probe.txt'), 'login-only probe\n');
    const tar = join(dir, 'rootfs.tar');
    expect(spawnSync('tar', ['-cf', tar, '-C', dir, 'probe.txt']).status).toBe(0);
    expect(docker(['import', tar, 'login-only-probe:latest']).status).toBe(0);
    return 'login-only-probe:latest';
  };

  describe.each(['node20', 'node24'] as const)('on %s', (node) => {
    it('builds once, pushes the same digest to both registries, gates on the scan, and the post step cleans up', async () => {
      const repository = node === 'node20' ? 'team/service' : 'team/node24';
      const result = await step(
        repository,
        { 'fail-on-severity': 'critical', secrets: `token=${BUILD_SECRET}`, 'keep-login': true },
        {},
        node,
      );
      expect(errors(result)).toEqual([]);
      expect(result.exitCode).toBe(0);
      const digest = result.outputs.digest!;
      expect(digest).toMatch(/^sha256:[a-f0-9]{64}$/);
      expect(result.outputs['image-uris']!.split('\n')).toEqual([
        `${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/${repository}@${digest}`,
        `${services.plainRegistry.host}/${repository}@${digest}`,
      ]);
      expect(result.outputs.tags).toBe('main\nsha-0123456');
      expect(result.outputs.builder).toBe('docker-buildkit');
      expect(result.outputs['scan-result']).toBe('passed');
      expect(result.outputs['scan-high']).toBe('1');
      // Each registry, asked directly, serves that digest under every tag.
      for (const [registry, line] of [
        [services.ecrRegistry, `127.0.0.1:1 endpoint=${services.ecrRegistry.url}`],
        [services.plainRegistry, services.plainRegistry.host],
      ] as const) {
        const target = parseTargets([line], { repository, allowUnknownRegion: false })[0]!;
        for (const tag of ['main', 'sha-0123456']) {
          const manifest = await fetchManifest(target, tag, {
            username: registry.username,
            password: registry.password,
          });
          expect(manifest.digest).toBe(digest);
          expect(manifest.isIndex).toBe(false);
        }
      }
      const metadata = JSON.parse(result.outputs.metadata!);
      expect(metadata.labels['org.opencontainers.image.revision']).toBe('0123456789abcdef0123456789abcdef01234567');
      expect(metadata.targets[0].sizeBytes).toBeGreaterThan(0);
      expect(result.summary).toContain(`${services.plainRegistry.host}/${repository}@${digest}`);
      expect(result.summary).toContain('| high | 1 |');
      // keep-login: later steps get the private config; the post step removes it.
      const dockerConfig = result.env.DOCKER_CONFIG!;
      expect(dockerConfig).toContain('docker-build-push-');
      expect(result.post?.exitCode).toBe(0);
      expect(result.post?.stdout).toContain(`Removed the job-private Docker config ${dockerConfig}`);
      expect(existsSync(dockerConfig)).toBe(false);
      expect(findUnmaskedSecrets(result, [BUILD_SECRET, ECR_PASSWORD, services.plainRegistry.password])).toEqual([]);
    });
  });

  it('keeps secrets out of every docker command line, gives the password on stdin, and keeps it out of the logs', async () => {
    // A shim for docker, first on PATH and as builder-path, records each call's argv and stdin size.
    const recorder = commandRecorder(mkdtempSync(join(tmpdir(), 'argv-')), { docker: services.dockerd.docker.path });
    const result = await step(
      'team/service',
      {
        'builder-path': recorder.path('docker'),
        secrets: `token=${BUILD_SECRET}`,
        'build-args': 'APP_MODE=argv-check-value',
        scan: 'off',
      },
      { PATH: `${recorder.dir}${delimiter}${process.env.PATH ?? ''}` },
    );
    expect(result.exitCode).toBe(0);
    const calls = recorder.calls();
    const argv = calls.map((call) => call.argv.join(' ')).join('\n');
    // The recorder saw the login, build and push calls: the check below looks at real command lines.
    expect(argv).toMatch(/^login --username AWS --password-stdin 127\.0\.0\.1:\d+$/m);
    expect(argv).toMatch(/^build .*--build-arg APP_MODE .*--secret id=token,src=\S+ /m);
    expect(argv).toMatch(/^push 127\.0\.0\.1:\d+\/team\/service:main$/m);
    const secrets = [BUILD_SECRET, ECR_PASSWORD, services.plainRegistry.password, 'argv-check-value'];
    expect(secretsInArguments(calls, secrets)).toEqual([]);
    // Each login read its user's password, whole, from stdin; no other call was given anything on stdin.
    const passwords: Record<string, string> = { AWS: ECR_PASSWORD, 'registry-user': services.plainRegistry.password };
    expect(stdinProblems(calls, passwords)).toEqual([]);
    expect(findUnmaskedSecrets(result, [BUILD_SECRET, ECR_PASSWORD, services.plainRegistry.password])).toEqual([]);
  });

  it('fails on an expired allow-list entry, after pushing', async () => {
    const temp = mkdtempSync(join(tmpdir(), 'runner-temp-'));
    const result = await step(
      'team/expired',
      { 'fail-on-severity': 'high', 'scan-allow-list': 'CVE-9999-9999 until=2020-01-31 accepted last year' },
      { RUNNER_TEMP: temp },
    );
    expect(result.exitCode).toBe(1);
    expect(errors(result).join('\n')).toMatch(
      /docker-build-push: The scan gate failed for sha256:[a-f0-9]{64}: 1 finding\(s\) at or above high: CVE-9999-9999 \(high\); the allow-list entry for CVE-9999-9999 expired on 2020-01-31 \(scan-allow-list line 1\)\. The image is pushed but must not be deployed\. Hint: review the expired entries/,
    );
    expect(result.outputs['scan-result']).toBe('failed');
    expect(result.outputs['sarif-file']).toBe(join(temp, 'docker-build-push-ecr-scan.sarif'));
    const sarif = JSON.parse(readFileSync(join(temp, 'docker-build-push-ecr-scan.sarif'), 'utf8'));
    expect(sarif.runs[0].results.map((r: { ruleId: string; level: string }) => [r.ruleId, r.level])).toEqual([
      ['CVE-9999-9999', 'error'],
    ]);
  });

  it('login-only: writes each login into the private config as docker login does, runs no docker, and real pushes use it', async () => {
    const recorder = commandRecorder(mkdtempSync(join(tmpdir(), 'argv-')), { docker: services.dockerd.docker.path });
    const registries = () => [
      { registry: services.ecrRegistry, username: 'AWS', password: ECR_PASSWORD },
      {
        registry: services.plainRegistry,
        username: services.plainRegistry.username,
        password: services.plainRegistry.password,
      },
    ];
    let written: { auths: Record<string, unknown>; fileMode: number; dirMode: number } | undefined;
    const pushed: Record<string, number> = {};
    const result = await simulateStep({
      action: 'docker-build-push',
      timeoutMs: 120_000,
      inputs: { registries: twoTargets(services), 'login-only': 'true', 'builder-path': recorder.path('docker') },
      env: stepEnv(services, services.dockerd.env, { PATH: `${recorder.dir}${delimiter}${process.env.PATH ?? ''}` }),
      // Between main and post: the exported config as written, and a real docker push through it to each registry.
      beforePost: async (main) => {
        const dir = main.env.DOCKER_CONFIG!;
        const file = join(dir, 'config.json');
        written = {
          auths: (JSON.parse(readFileSync(file, 'utf8')) as { auths: Record<string, unknown> }).auths,
          fileMode: statSync(file).mode & 0o777,
          dirMode: statSync(dir).mode & 0o777,
        };
        const image = localImage();
        for (const { registry } of registries()) {
          const ref = `${registry.host}/team/login-only:probe`;
          docker(['tag', image, ref]);
          pushed[registry.host] = docker(['push', ref], { DOCKER_CONFIG: dir }).status ?? -1;
          // Without the login the same push is refused: the registry asks for credentials.
          pushed[`${registry.host} anonymous`] =
            docker(['push', ref], { DOCKER_CONFIG: emptyDockerConfig() }).status ?? -1;
        }
      },
    });
    expect(errors(result)).toEqual([]);
    expect(result.exitCode).toBe(0);
    // What real `docker login` stores for the same credentials, in a config of its own.
    const byDockerLogin: Record<string, unknown> = {};
    for (const { registry, username, password } of registries()) {
      const config = emptyDockerConfig();
      const login = docker(
        ['login', '--username', username, '--password-stdin', registry.host],
        { DOCKER_CONFIG: config },
        password,
      );
      expect(login.status).toBe(0);
      byDockerLogin[registry.host] = (
        JSON.parse(readFileSync(join(config, 'config.json'), 'utf8')) as { auths: Record<string, unknown> }
      ).auths[registry.host];
    }
    expect(written).toEqual({ auths: byDockerLogin, fileMode: 0o600, dirMode: 0o700 });
    expect(pushed).toEqual({
      [services.ecrRegistry.host]: 0,
      [`${services.ecrRegistry.host} anonymous`]: 1,
      [services.plainRegistry.host]: 0,
      [`${services.plainRegistry.host} anonymous`]: 1,
    });
    expect(result.stdout).toContain(`Logged in to ${services.ecrRegistry.host} as AWS.`);
    expect(result.stdout).toContain(
      `Logged in to ${services.plainRegistry.host} as ${services.plainRegistry.username}.`,
    );
    const dockerConfig = result.env.DOCKER_CONFIG!;
    expect(dockerConfig).toContain('docker-build-push-');
    expect(result.env.REGISTRY_AUTH_FILE).toBe(join(dockerConfig, 'config.json'));
    // No docker process at all: no builder detection, no `docker login`, nothing built or pushed.
    expect(recorder.calls()).toEqual([]);
    // The post step removes the logins.
    expect(result.post?.exitCode).toBe(0);
    expect(existsSync(dockerConfig)).toBe(false);
    expect(findUnmaskedSecrets(result, [ECR_PASSWORD, services.plainRegistry.password])).toEqual([]);
  });

  it('fails clearly on a wrong registry password and leaves no credentials on disk', async () => {
    const temp = mkdtempSync(join(tmpdir(), 'runner-temp-'));
    const result = await step('team/password', {}, { REGISTRY_B_PASSWORD: 'wrong-password-123', RUNNER_TEMP: temp });
    expect(result.exitCode).toBe(1);
    expect(errors(result).join('\n')).toMatch(
      new RegExp(
        `Login to ${services.plainRegistry.host.replace(/\./g, '\\.')} as registry-user failed: the registry refused the credentials .*Hint: check username=registry-user and the secret in REGISTRY_B_PASSWORD`,
      ),
    );
    expect(readdirSync(temp).filter((name) => name.startsWith('docker-build-push-'))).toEqual([]);
    const home = join(process.env.HOME ?? '/root', '.docker', 'config.json');
    if (existsSync(home)) expect(readFileSync(home, 'utf8')).not.toContain(services.plainRegistry.host);
    expect(result.post?.exitCode).toBe(0);
    expect(findUnmaskedSecrets(result, ['wrong-password-123', ECR_PASSWORD])).toEqual([]);
  });

  it('pushes a single image manifest for lambda-compatible', async () => {
    const result = await step('team/lambda', { 'lambda-compatible': true, scan: 'off' });
    expect(result.exitCode).toBe(0);
    const metadata = JSON.parse(result.outputs.metadata!);
    expect(metadata.targets.map((t: { mediaType: string }) => t.mediaType)).toEqual([
      'application/vnd.docker.distribution.manifest.v2+json',
      'application/vnd.docker.distribution.manifest.v2+json',
    ]);
  });

  it('skips tags that already exist in an immutable repository, with a notice', async () => {
    const registries = `${ACCOUNT}/eu-west-1 endpoint=${services.ecrRegistry.url} ecr-endpoint=${services.moto.endpoint}`;
    const inputs = { registries, 'repository-tag-mutability': 'IMMUTABLE', scan: 'off', 'auto-tags': 'sha' };
    const first = await step('team/immutable', inputs);
    expect(first.exitCode).toBe(0);
    // ECR (moto, through the data plane) must know the tag before the second run asks.
    for (let i = 0; i < 50 && !plane.copied.has('team/immutable:sha-0123456'); i++)
      await new Promise((r) => setTimeout(r, 100));
    const second = await step('team/immutable', { ...inputs, tags: 'rebuild-2' });
    expect(second.exitCode).toBe(0);
    const notices = second.annotations.filter((a) => a.level === 'notice').map((a) => a.message);
    expect(notices.join('\n')).toMatch(
      /Skipping the tag sha-0123456 for 123456789012\.dkr\.ecr\.eu-west-1\.amazonaws\.com\/team\/immutable: it already exists there as sha256:/,
    );
    const metadata = JSON.parse(second.outputs.metadata!);
    expect(metadata.targets[0]).toMatchObject({ pushed: ['rebuild-2'], skipped: ['sha-0123456'] });
  });

  describe('what the builder prints is shown, never run', () => {
    /** A build of `context` (the checkout) with `inputs`, not scanned. */
    const build = (context: string, inputs: Record<string, string>) =>
      simulateStep({
        action: 'docker-build-push',
        timeoutMs: 120_000,
        workspace: context,
        inputs: {
          registries: twoTargets(services),
          repository: 'team/password',
          context,
          'builder-path': services.dockerd.docker.path,
          scan: 'off',
          ...inputs,
        },
        env: stepEnv(services, services.dockerd.env, {}),
      });
    /** The lines as the runner shows them, without the zero-width space that neutralised ones carry. */
    const shown = (result: StepResult) => result.log.map((line) => line.shown?.replace(/\u200b/g, ''));

    it('RUN output under the classic builder: its commands do not run, and the build failure stays visible', async () => {
      const script = 'echo "::stop-commands::x"; echo "::error::injected by RUN"; echo "::add-mask::-"; exit 3';
      const result = await build(shellContext(script), { builder: 'docker-classic' });
      expect(result.exitCode).toBe(1);
      expect(errors(result)).toEqual([
        expect.stringMatching(/^docker-build-push: The build failed \(docker-classic exited with \d+\)/),
      ]);
      expect(result.masks).not.toContain('-');
      expect(shown(result)).toEqual(expect.arrayContaining(['::stop-commands::x', '::error::injected by RUN']));
    });

    it.each(['docker-classic', 'docker-buildkit'])(
      'a target carrying workflow commands, in the build line and in what %s echoes of it, runs none of them',
      async (builder) => {
        const target = 'nope\n::error::injected by target\n::add-mask::-';
        const result = await build(shellContext('true'), { builder, target });
        expect(result.exitCode).toBe(1);
        expect(errors(result)).toEqual([expect.stringMatching(/^docker-build-push: The build failed/)]);
        expect(result.masks).not.toContain('-');
        expect(shown(result).some((line) => line?.includes('::error::injected by target'))).toBe(true);
      },
    );
  });

  it('explains a docker client without buildx instead of falling back to the legacy builder', async () => {
    // A docker 28 client without the buildx plugin, as /usr/local/bin/docker is on this machine.
    const dir = mkdtempSync(join(tmpdir(), 'docker-28-'));
    const client = join(dir, 'docker');
    writeFileSync(
      client,
      '#!/bin/sh\nif [ "$1" = --version ]; then echo "Docker version 28.2.2, build e6534b4"; exit 0; fi\necho "docker: unknown command: docker $1" >&2\nexit 1\n',
    );
    chmodSync(client, 0o755);
    const result = await step('team/service', { 'builder-path': client });
    expect(result.exitCode).toBe(1);
    expect(errors(result).join('\n')).toMatch(
      /No builder with BuildKit was found: the docker client .*docker \(28\.2\.2, no buildx plugin\) cannot build with BuildKit .*Hint: install the buildx plugin/,
    );
  });
});
