import { readFileSync } from 'node:fs';
import { inputFromRunner, type InputSource } from '@aws-delivery/action-kit';
import { runCommand, type RunCommand } from './build/process.js';
import type { Config } from './config.js';
import type { EcrApi } from './ecr/ecr-api.js';
import { fetchManifest } from './registry/registry-api.js';
import type { FetchManifest } from './registry/verify.js';

/** Everything run() touches outside itself; tests replace parts. */
export interface Deps {
  input: InputSource;
  env: NodeJS.ProcessEnv;
  run: RunCommand;
  /** Loaded on first use: a run without ECR targets never loads the AWS SDK. */
  ecr: (config: Config) => Promise<EcrApi>;
  fetchManifest: (config: Config) => FetchManifest;
  readText: (path: string) => string;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
}

export function defaultDeps(): Deps {
  return {
    input: inputFromRunner,
    env: process.env,
    run: runCommand,
    ecr: async (config) => (await import('./ecr/ecr-api.js')).createEcrApi({ ...config.network }),
    fetchManifest: (config) => (target, reference, credentials) =>
      fetchManifest(target, reference, credentials, config.network),
    readText: (path) => readFileSync(path, 'utf8'),
    now: () => new Date(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
}
