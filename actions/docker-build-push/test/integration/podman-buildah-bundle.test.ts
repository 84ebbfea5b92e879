// The bundle with builder buildah, then podman, run as a runner runs it (main, then post): the real tool builds
// demo/service into a private vfs storage root and pushes it to two real Distribution registries; moto plays ECR.
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  describeWithServices,
  findBinary,
  findUnmaskedSecrets,
  simulateStep,
  startMoto,
  startRegistry,
  type StepResult,
} from '@aws-delivery/testing';
import { MANIFEST_TYPES } from '../../src/registry/manifest.js';
import { fetchManifest } from '../../src/registry/registry-api.js';
import { parseTargets } from '../../src/targets/parse-targets.js';
import { createContainersStorage, type ContainersStorage } from '../support/containers-storage.js';
import { shellContext } from '../support/shell-context.js';
import { startEcrDataPlane, type DataPlane } from '../support/ecr-data-plane.js';
import {
  ACCOUNT,
  commandRecorder,
  ECR_PASSWORD,
  secretsInArguments,
  SERVICE_CONTEXT,
  stdinProblems,
  stepEnv,
  twoTargets,
  type RegistryServices,
} from '../support/step.js';

const BUILD_SECRET = 'containers-secret-value-5e2d';
const TOOLS = ['buildah', 'podman'] as const;
type Tool = (typeof TOOLS)[number];
/** The build command each tool gets: buildah `bud --layers`, podman `build` (podman keeps layers by default). */
const BUILD_COMMAND: Record<Tool, string> = { buildah: 'bud --layers', podman: 'build' };
const ECR_HOST = `${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com`;

function errors(result: StepResult): string[] {
  return result.annotations.filter((a) => a.level === 'error').map((a) => a.message);
}

/** Where buildah, podman (and docker) keep logins without --authfile: none may learn about the test registries. */
function defaultAuthFiles(): string[] {
  const uid = process.getuid?.() ?? 0;
  return [
    join(homedir(), '.docker', 'config.json'),
    join(homedir(), '.config', 'containers', 'auth.json'),
    join(`/run/containers/${uid}`, 'auth.json'),
    ...(process.env.XDG_RUNTIME_DIR ? [join(process.env.XDG_RUNTIME_DIR, 'containers', 'auth.json')] : []),
  ];
}

function expectNoDefaultLogins(hosts: readonly string[]): void {
  for (const file of defaultAuthFiles().filter((path) => existsSync(path))) {
    const text = readFileSync(file, 'utf8');
    for (const host of hosts) expect(`${file}: ${text}`).not.toContain(host);
  }
}

const suite = (tool: Tool) => () => {
  let services: RegistryServices;
  let plane: DataPlane;
  let storage: ContainersStorage;
  /** The tool's path, found as describeWithServices found it (in beforeAll: a skipped block is still collected). */
  let binary: string;
  beforeAll(async () => {
    binary = findBinary(tool)!;
    storage = createContainersStorage();
    const [moto, ecrRegistry, plainRegistry] = await Promise.all([
      startMoto(),
      startRegistry({ username: 'AWS', password: ECR_PASSWORD }),
      startRegistry(),
    ]);
    services = { moto, ecrRegistry, plainRegistry };
    plane = startEcrDataPlane({
      registryUrl: ecrRegistry.url,
      username: 'AWS',
      password: ECR_PASSWORD,
      motoEndpoint: moto.endpoint,
      region: 'eu-west-1',
      repositories: ['node20', 'node24', 'argv', 'password', 'lambda'].map((name) => `${tool}/${name}`),
    });
  }, 120_000);
  afterAll(async () => {
    await plane?.stop();
    await Promise.all([services?.moto.stop(), services?.ecrRegistry.stop(), services?.plainRegistry.stop()]);
    storage?.remove();
  }, 60_000);

  const hosts = () => [services.ecrRegistry.host, services.plainRegistry.host];
  const step = (
    repository: string,
    inputs: Record<string, string | boolean> = {},
    env: Record<string, string> = {},
    node: 'node20' | 'node24' = 'node20',
  ) =>
    simulateStep({
      action: 'docker-build-push',
      node,
      timeoutMs: 180_000,
      // The build context is the checkout: context, file and secret files must lie in the workspace.
      workspace: String(inputs.context ?? SERVICE_CONTEXT),
      inputs: { registries: twoTargets(services), repository, context: SERVICE_CONTEXT, builder: tool, ...inputs },
      env: stepEnv(services, storage.env, env),
    });

  /** Asks each registry directly, by tag, for the manifest. */
  async function servedManifests(repository: string, tags: readonly string[]) {
    const lines = [
      [services.ecrRegistry, `127.0.0.1:1 endpoint=${services.ecrRegistry.url}`],
      [services.plainRegistry, services.plainRegistry.host],
    ] as const;
    const answers = [];
    for (const [registry, line] of lines) {
      const target = parseTargets([line], { repository, allowUnknownRegion: false })[0]!;
      for (const tag of tags) {
        const credentials = { username: registry.username, password: registry.password };
        answers.push({ host: registry.host, tag, manifest: await fetchManifest(target, tag, credentials) });
      }
    }
    return answers;
  }

  describe.each(['node20', 'node24'] as const)('on %s', (node) => {
    it(`builds once with ${tool}, pushes the same single-manifest digest to both registries, and the post step removes the login`, async () => {
      const repository = `${tool}/${node}`;
      const result = await step(
        repository,
        { 'fail-on-severity': 'critical', secrets: `token=${BUILD_SECRET}`, 'keep-login': true },
        {},
        node,
      );
      expect(errors(result)).toEqual([]);
      expect(result.exitCode).toBe(0);
      expect(result.outputs.builder).toBe(tool);
      expect(result.stdout).toContain(`Builder: ${tool} (${binary}, `);
      const digest = result.outputs.digest!;
      expect(digest).toMatch(/^sha256:[a-f0-9]{64}$/);
      expect(result.outputs['image-uris']!.split('\n')).toEqual([
        `${ECR_HOST}/${repository}@${digest}`,
        `${services.plainRegistry.host}/${repository}@${digest}`,
      ]);
      expect(result.outputs.tags).toBe('main\nsha-0123456');
      // Both registries serve that digest under every tag, as one OCI image manifest (what both tools write), not an index.
      const served = await servedManifests(repository, ['main', 'sha-0123456']);
      expect(served).toHaveLength(4);
      for (const { manifest } of served) {
        expect(manifest.digest).toBe(digest);
        expect(manifest.isIndex).toBe(false);
        expect(manifest.mediaType).toBe(MANIFEST_TYPES.ociManifest);
        expect(manifest.sizeBytes).toBeGreaterThan(0);
      }
      // ECR (moto, fed by the data plane) scanned that digest: one HIGH finding passes a critical gate.
      expect(result.outputs['scan-result']).toBe('passed');
      expect(result.outputs['scan-high']).toBe('1');
      const metadata = JSON.parse(result.outputs.metadata!);
      expect(metadata.builder).toMatchObject({ kind: tool, path: binary });
      expect(metadata.labels['org.opencontainers.image.revision']).toBe('0123456789abcdef0123456789abcdef01234567');
      // The image landed in the storage the runner's environment named, not in /var/lib/containers.
      expect(readdirSync(join(storage.graphRoot, 'vfs-images')).length).toBeGreaterThan(0);
      // keep-login: later steps get the private auth file; the post step removes it and unsets both variables.
      const authFile = result.env.REGISTRY_AUTH_FILE!;
      expect(authFile).toBe(join(result.env.DOCKER_CONFIG!, 'config.json'));
      expect(result.post?.exitCode).toBe(0);
      expect(result.post?.stdout).toContain(`Removed the job-private Docker config ${result.env.DOCKER_CONFIG}`);
      expect(result.post?.env).toMatchObject({ DOCKER_CONFIG: '', REGISTRY_AUTH_FILE: '' });
      expect(existsSync(authFile)).toBe(false);
      expectNoDefaultLogins(hosts());
      expect(findUnmaskedSecrets(result, [BUILD_SECRET, ECR_PASSWORD, services.plainRegistry.password])).toEqual([]);
    });
  });

  it(`keeps secrets out of every ${tool} command line, gives the passwords on stdin, and keeps them out of the logs`, async () => {
    // Shims for every builder binary, first on PATH and as builder-path, record each call's argv and stdin size.
    const real: Record<string, string> = { [tool]: binary };
    for (const other of ['docker', 'podman', 'buildah']) real[other] ??= findBinary(other) ?? '';
    const found = Object.fromEntries(Object.entries(real).filter(([, path]) => path !== ''));
    const recorder = commandRecorder(mkdtempSync(join(tmpdir(), 'argv-')), found);
    const result = await step(
      `${tool}/argv`,
      {
        'builder-path': recorder.path(tool),
        secrets: `token=${BUILD_SECRET}`,
        'build-args': 'APP_MODE=argv-check-value',
        scan: 'off',
      },
      { PATH: `${recorder.dir}${delimiter}${process.env.PATH ?? ''}` },
    );
    expect(errors(result)).toEqual([]);
    expect(result.exitCode).toBe(0);
    const calls = recorder.calls();
    const argv = calls.map((call) => call.argv.join(' ')).join('\n');
    const port = /127\.0\.0\.1:\d+/.source;
    // The recorder saw every login, the build and every push: the checks below look at real command lines.
    for (const user of ['AWS', 'registry-user']) {
      expect(argv).toMatch(
        new RegExp(
          `^login --authfile \\S+/config\\.json --username ${user} --password-stdin --tls-verify=false ${port}$`,
          'm',
        ),
      );
    }
    expect(argv).toMatch(
      new RegExp(
        `^${BUILD_COMMAND[tool]} --build-arg APP_MODE .*--secret id=token,src=\\S+ --iidfile \\S+ ${SERVICE_CONTEXT}$`,
        'm',
      ),
    );
    const pushes = argv.split('\n').filter((line) => line.startsWith('push '));
    // Two targets, two tags each, all from the built image's id.
    expect(pushes).toHaveLength(4);
    for (const line of pushes) {
      expect(line).toMatch(
        new RegExp(
          `^push --authfile \\S+/config\\.json --digestfile \\S+ --tls-verify=false sha256:[a-f0-9]{64} docker://${port}/${tool}/argv:(main|sha-0123456)$`,
        ),
      );
    }
    expect(new Set(calls.map((call) => call.tool))).toEqual(new Set([tool]));
    const secrets = [BUILD_SECRET, ECR_PASSWORD, services.plainRegistry.password, 'argv-check-value'];
    expect(secretsInArguments(calls, secrets)).toEqual([]);
    // Each login read its user's password, whole, from stdin; no other call was given anything on stdin.
    const passwords: Record<string, string> = { AWS: ECR_PASSWORD, 'registry-user': services.plainRegistry.password };
    expect(stdinProblems(calls, passwords)).toEqual([]);
    expect(findUnmaskedSecrets(result, [BUILD_SECRET, ECR_PASSWORD, services.plainRegistry.password])).toEqual([]);
  });

  it('fails clearly on a wrong registry password and leaves no credentials on disk', async () => {
    const temp = mkdtempSync(join(tmpdir(), 'runner-temp-'));
    const result = await step(`${tool}/password`, {}, { REGISTRY_B_PASSWORD: 'wrong-password-456', RUNNER_TEMP: temp });
    expect(result.exitCode).toBe(1);
    expect(errors(result).join('\n')).toMatch(
      new RegExp(
        `Login to ${services.plainRegistry.host.replace(/\./g, '\\.')} as registry-user failed: the registry refused the credentials \\(.*invalid username/password\\)\\. Hint: check username=registry-user and the secret in REGISTRY_B_PASSWORD`,
      ),
    );
    // The ECR login before it succeeded and was written to the private auth file: that folder is gone.
    expect(readdirSync(temp).filter((name) => name.startsWith('docker-build-push-'))).toEqual([]);
    expectNoDefaultLogins(hosts());
    expect(result.post?.exitCode).toBe(0);
    expect(findUnmaskedSecrets(result, ['wrong-password-456', ECR_PASSWORD])).toEqual([]);
  });

  it("shows a RUN's workflow commands as printed, runs none of them, and keeps the build failure visible", async () => {
    const script = 'echo "::stop-commands::x"; echo "::error::injected by RUN"; echo "::add-mask::-"; exit 3';
    const result = await step(`${tool}/password`, { context: shellContext(script), scan: 'off' });
    expect(result.exitCode).toBe(1);
    expect(errors(result)).toEqual([expect.stringMatching(/The build failed \(\w+ exited with \d+\)/)]);
    expect(result.masks).not.toContain('-');
    expect(result.log.map((line) => line.shown)).toEqual(
      expect.arrayContaining(['::stop-commands::x', '::error::injected by RUN']),
    );
  });

  it('pushes a single image manifest for lambda-compatible, which the step checks itself', async () => {
    const result = await step(`${tool}/lambda`, { 'lambda-compatible': true, platforms: 'linux/amd64', scan: 'off' });
    expect(errors(result)).toEqual([]);
    expect(result.exitCode).toBe(0);
    const metadata = JSON.parse(result.outputs.metadata!);
    expect(metadata.targets.map((t: { mediaType: string }) => t.mediaType)).toEqual([
      MANIFEST_TYPES.ociManifest,
      MANIFEST_TYPES.ociManifest,
    ]);
    for (const { manifest } of await servedManifests(`${tool}/lambda`, ['main'])) {
      expect(manifest).toMatchObject({ digest: result.outputs.digest, isIndex: false, platforms: [] });
    }
  });
};

for (const tool of TOOLS) {
  describeWithServices([tool, 'registry', 'moto'], `docker-build-push bundle end to end with ${tool}`, suite(tool));
}
