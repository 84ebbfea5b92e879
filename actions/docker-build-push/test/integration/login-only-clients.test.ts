// login-only for the other clients the README names: the bundle logs in to two real registries (registry A behind
// moto's ECR token, registry B with its own password), and between main and post real skopeo pushes an image through
// the exported REGISTRY_AUTH_FILE, and real podman and buildah pull it back. Each client without the login is refused.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import {
  describeWithServices,
  findBinary,
  findUnmaskedSecrets,
  simulateStep,
  startMoto,
  startRegistry,
} from '@aws-delivery/testing';
import { createContainersStorage, type ContainersStorage } from '../support/containers-storage.js';
import { writeOciLayout } from '../support/oci-layout.js';
import { ECR_PASSWORD, stepEnv, twoTargets, type RegistryServices } from '../support/step.js';

/** An auth file with no logins in it, and a HOME with no ~/.docker or ~/.config/containers. */
function anonymous(): { REGISTRY_AUTH_FILE: string; HOME: string } {
  const home = mkdtempSync(join(tmpdir(), 'client-home-'));
  const file = join(home, 'auth.json');
  writeFileSync(file, '{"auths":{}}\n');
  return { REGISTRY_AUTH_FILE: file, HOME: home };
}

interface Run {
  status: number;
  stdout: string;
}

describeWithServices(
  ['registry', 'moto', 'skopeo', 'podman', 'buildah'],
  'docker-build-push login-only with skopeo, podman and buildah',
  () => {
    let services: RegistryServices;
    /** A storage of its own for each client, so that no pull finds the image another one stored. */
    let storage: Record<string, ContainersStorage>;
    beforeAll(async () => {
      storage = {
        skopeo: createContainersStorage(),
        podman: createContainersStorage(),
        buildah: createContainersStorage(),
      };
      const [moto, ecrRegistry, plainRegistry] = await Promise.all([
        startMoto(),
        startRegistry({ username: 'AWS', password: ECR_PASSWORD }),
        startRegistry(),
      ]);
      services = { moto, ecrRegistry, plainRegistry };
    }, 120_000);
    afterAll(async () => {
      await Promise.all([services?.moto.stop(), services?.ecrRegistry.stop(), services?.plainRegistry.stop()]);
      for (const one of Object.values(storage ?? {})) one.remove();
    }, 60_000);

    /** A client run with only the variables given (and PATH, and its private containers storage). */
    const client = (tool: string, args: string[], env: Record<string, string>): Run => {
      const run = spawnSync(findBinary(tool)!, args, {
        env: { PATH: process.env.PATH, ...storage[tool]!.env, ...env },
        encoding: 'utf8',
        timeout: 120_000,
      });
      return { status: run.status ?? -1, stdout: run.stdout };
    };

    it('writes logins that skopeo pushes with and podman and buildah pull with; without them each is refused', async () => {
      const layout = writeOciLayout('probe');
      const hosts = () => [services.ecrRegistry.host, services.plainRegistry.host];
      const seen: Record<string, number | string> = {};
      const result = await simulateStep({
        action: 'docker-build-push',
        timeoutMs: 120_000,
        inputs: { registries: twoTargets(services), 'login-only': 'true' },
        env: stepEnv(services, {}),
        beforePost: async (main) => {
          const withLogin = {
            REGISTRY_AUTH_FILE: main.env.REGISTRY_AUTH_FILE!,
            HOME: mkdtempSync(join(tmpdir(), 'client-home-')),
          };
          for (const host of hosts()) {
            const image = `${host}/team/login-only:clients`;
            const push = ['copy', '--dest-tls-verify=false', `oci:${layout.dir}:${layout.ref}`, `docker://${image}`];
            seen[`skopeo copy ${host} anonymous`] = client('skopeo', push, anonymous()).status;
            seen[`skopeo copy ${host}`] = client('skopeo', push, withLogin).status;
            const inspect = client(
              'skopeo',
              ['inspect', '--tls-verify=false', '--format', '{{.Digest}}', `docker://${image}`],
              withLogin,
            );
            seen[`skopeo inspect ${host}`] = inspect.status === 0 ? inspect.stdout.trim() : inspect.status;
            for (const tool of ['podman', 'buildah']) {
              const pull = ['pull', '--tls-verify=false', image];
              seen[`${tool} pull ${host} anonymous`] = client(tool, pull, anonymous()).status;
              seen[`${tool} pull ${host}`] = client(tool, pull, withLogin).status;
            }
          }
        },
      });
      expect(result.annotations.filter((a) => a.level === 'error')).toEqual([]);
      expect(result.exitCode).toBe(0);
      const expected: Record<string, number | string> = {};
      for (const host of hosts()) {
        expected[`skopeo copy ${host} anonymous`] = 1;
        expected[`skopeo copy ${host}`] = 0;
        // The registry serves the pushed image under the digest of the manifest the layout holds.
        expected[`skopeo inspect ${host}`] = layout.manifestDigest;
        for (const tool of ['podman', 'buildah']) {
          expected[`${tool} pull ${host} anonymous`] = 125;
          expected[`${tool} pull ${host}`] = 0;
        }
      }
      expect(seen).toEqual(expected);
      expect(result.post?.exitCode).toBe(0);
      expect(findUnmaskedSecrets(result, [ECR_PASSWORD, services.plainRegistry.password])).toEqual([]);
    });
  },
);
