import { readFileSync } from 'node:fs';
import { inputFromRunner, type InputSource } from '@aws-delivery/action-kit';
import { runCommand, type RunCommand } from './build/process.js';
import type { Config } from './config.js';
import { createEcrApi, type EcrApi } from './ecr/ecr-api.js';
import { fetchManifest } from './registry/registry-api.js';
import type { FetchManifest } from './registry/verify.js';

/** Everything run() touches outside itself; tests replace parts. */
export interface Deps {
  input: InputSource;
  env: NodeJS.ProcessEnv;
  run: RunCommand;
  ecr: (config: Config) => EcrApi;
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
    ecr: (config) => createEcrApi({ ...config.network }),
    fetchManifest: (config) => (target, reference, credentials) => fetchManifest(target, reference, credentials, config.network),
    readText: (path) => readFileSync(path, 'utf8'),
    now: () => new Date(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
}
