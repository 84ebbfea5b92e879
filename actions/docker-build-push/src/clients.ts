import type { RunnerIO } from '@aws-delivery/action-kit';
import { runCommand, type RunCommand } from './build/process.js';
import type { Config } from './config.js';
import type { EcrApi } from './ecr/ecr-api.js';
import type { FetchManifest } from './registry/verify.js';

/** What the step uses outside itself: the builder's processes, ECR, the registries' manifests, and the clock. */
export interface Clients {
  run: RunCommand;
  /** Loaded on first use: a run without ECR targets never loads the AWS SDK. */
  ecr: (config: Config) => Promise<EcrApi>;
  /**
   * GetAuthorizationToken alone, for login-only: without the AWS SDK when the static keys in the environment are
   * what it would sign with (keys-authorization.ts), else through `ecr`.
   */
  ecrAuthorization: (config: Config) => EcrApi['authorization'];
  /**
   * The registry's manifests, to verify the push. The HTTP client (node:https, the proxy agent) loads from the call
   * on, so a caller that asks before the build has it loaded while the builder works, off the step's critical path.
   */
  fetchManifest: (config: Config) => FetchManifest;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
}

export function realClients(_config: Config, io: RunnerIO): Clients {
  const ecr = async (config: Config) => (await import('./ecr/ecr-api.js')).createEcrApi({ ...config.network, io });
  return {
    run: runCommand,
    ecr,
    ecrAuthorization: (config) => async (target) => {
      const light = await import('./ecr/keys-authorization.js');
      const keys = light.staticKeysFor(target, io.env);
      if (keys) return light.authorizeWithKeys(target, keys, { ...config.network, io, env: io.env });
      return (await ecr(config)).authorization(target);
    },
    fetchManifest: (config) => {
      const api = import('./registry/registry-api.js');
      // Awaited by the first fetch; a load that fails fails that fetch, not the process.
      api.catch(() => undefined);
      return async (target, reference, credentials) =>
        (await api).fetchManifest(target, reference, credentials, config.network);
    },
    now: () => new Date(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
}
