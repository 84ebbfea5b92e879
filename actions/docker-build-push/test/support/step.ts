// Shared setup of the end-to-end tests: the local services, the data-plane bridge and the step's inputs.
import { execFile } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { DockerdService, MotoService, RegistryService } from '@aws-delivery/testing';

export const AWS_KEYS = {
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};
/** moto's ECR answers every GetAuthorizationToken for this account with the password `<account>-auth-token`. */
export const ACCOUNT = '123456789012';
export const ECR_PASSWORD = `${ACCOUNT}-auth-token`;
export const SERVICE_CONTEXT = new URL('../../../../demo/service', import.meta.url).pathname;

/** moto and the two registries: what every end-to-end test needs, whichever builder it runs. */
export interface RegistryServices {
  moto: MotoService;
  /** Registry A: the data plane of the ECR registry (its htpasswd password is ECR's token). */
  ecrRegistry: RegistryService;
  /** Registry B: a plain registry with its own user and password. */
  plainRegistry: RegistryService;
}

export interface Services extends RegistryServices {
  dockerd: DockerdService;
}

/** The `registries` input: the ECR target pushed through registry A, and registry B with its password from a variable. */
export function twoTargets(services: RegistryServices): string {
  return [
    `${ACCOUNT}/eu-west-1 endpoint=${services.ecrRegistry.url} ecr-endpoint=${services.moto.endpoint}`,
    `${services.plainRegistry.host} username=${services.plainRegistry.username} password-env=REGISTRY_B_PASSWORD`,
  ].join('\n');
}

/** The step's environment: the builder's (DOCKER_HOST, or buildah's storage settings), AWS keys for moto, registry B's password. */
export function stepEnv(
  services: RegistryServices,
  builderEnv: Readonly<Record<string, string>>,
  extra: Record<string, string> = {},
): Record<string, string> {
  return { ...builderEnv, ...AWS_KEYS, REGISTRY_B_PASSWORD: services.plainRegistry.password, ...extra };
}

/**
 * A builder-path wrapper that records every argument list it is called with, then runs the real binary. It has the
 * real binary's name (docker, buildah), as the action tells builders apart by it.
 */
export function argvRecorder(dir: string, binary: string): { path: string; log: string } {
  const path = join(dir, basename(binary));
  const log = join(dir, 'argv.log');
  writeFileSync(path, `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\nexec '${binary}' "$@"\n`);
  chmodSync(path, 0o755);
  return { path, log };
}

/** Samples `ps -eo args` every few milliseconds until stopped: what any user on the machine could see. */
export function sampleProcessList(): { stop(): Promise<string> } {
  const samples: string[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      samples.push(
        await new Promise<string>((resolve) =>
          execFile('ps', ['-eo', 'args'], { maxBuffer: 8 * 1024 * 1024 }, (_e, out) => resolve(out)),
        ),
      );
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return samples.join('\n');
    },
  };
}
