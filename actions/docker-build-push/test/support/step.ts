// Shared setup of the end-to-end tests: the local services, the data-plane bridge and the step's inputs.
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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

/** One call of a recorded builder binary: its name, its arguments, and how many bytes it was given on stdin. */
export interface RecordedCall {
  tool: string;
  argv: string[];
  stdinBytes: number;
}

export interface CommandRecorder {
  /** The folder of shims, to put first on PATH. */
  dir: string;
  /** The shim for one tool (for builder-path; it has the real binary's name, as the action tells builders apart by it). */
  path(tool: string): string;
  /** Every call so far, in the order the calls ended. */
  calls(): RecordedCall[];
}

/**
 * Recording shims for builder binaries (name → real path). Each shim runs the real binary with the same arguments,
 * environment, stdout and stderr, and passes its stdin through chunk by chunk while counting the bytes, so the real
 * binary reads exactly what the shim was given (a password for --password-stdin) and nothing is kept but the count.
 * When the real binary exits, the shim appends one JSON line (tool, argv, stdin byte count) to calls.jsonl and ends
 * as the real binary ended. Signals the shim receives go on to the real binary. This captures every call the step
 * makes through these names, however short-lived, without looking at the machine's process list.
 */
export function commandRecorder(dir: string, tools: Readonly<Record<string, string>>): CommandRecorder {
  const log = join(dir, 'calls.jsonl');
  writeFileSync(log, '');
  for (const [tool, real] of Object.entries(tools)) {
    writeFileSync(join(dir, tool), shimScript(tool, real, log));
    chmodSync(join(dir, tool), 0o755);
  }
  return {
    dir,
    path: (tool) => join(dir, tool),
    calls: () =>
      readFileSync(log, 'utf8')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as RecordedCall),
  };
}

/** The shim: CommonJS run by this Node (the shim's folder has no package.json saying otherwise). */
function shimScript(tool: string, real: string, log: string): string {
  return `#!${process.execPath}
const { spawn } = require('node:child_process');
const { appendFileSync } = require('node:fs');
const argv = process.argv.slice(2);
const child = spawn(${JSON.stringify(real)}, argv, { stdio: ['pipe', 'inherit', 'inherit'] });
let stdinBytes = 0;
child.stdin.on('error', () => undefined);
process.stdin.on('data', (chunk) => {
  stdinBytes += chunk.length;
  child.stdin.write(chunk);
});
process.stdin.on('end', () => child.stdin.end());
const forwarded = ['SIGINT', 'SIGTERM', 'SIGHUP'];
for (const signal of forwarded) process.on(signal, () => child.kill(signal));
child.on('error', (error) => {
  process.stderr.write(\`${tool} shim: \${error.message}\\n\`);
  process.exit(127);
});
child.on('exit', (code, signal) => {
  const call = { tool: ${JSON.stringify(tool)}, argv, stdinBytes };
  appendFileSync(${JSON.stringify(log)}, JSON.stringify(call) + '\\n');
  process.stdin.destroy();
  for (const name of forwarded) process.removeAllListeners(name);
  if (signal) process.kill(process.pid, signal);
  else process.exit(code ?? 1);
});
`;
}

/**
 * Where a secret appears in a recorded argument list, as "<tool> <command> (call n): argument k holds secret m"
 * (secrets by their index, so a failure does not print them).
 */
export function secretsInArguments(calls: readonly RecordedCall[], secrets: readonly string[]): string[] {
  return calls.flatMap((call, n) =>
    call.argv.flatMap((arg, k) =>
      secrets.flatMap((secret, m) =>
        arg.includes(secret) ? [`${call.tool} ${call.argv[0]} (call ${n}): argument ${k} holds secret ${m}`] : [],
      ),
    ),
  );
}

/**
 * Calls whose stdin was not what it should be: a `login` reads exactly the password of its `--username` (passwords:
 * user → password), every other call reads nothing. Passwords are compared by length only: the shim keeps no more.
 */
export function stdinProblems(calls: readonly RecordedCall[], passwords: Readonly<Record<string, string>>): string[] {
  return calls.flatMap((call, n) => {
    const command = call.argv[0];
    const user = command === 'login' ? call.argv[call.argv.indexOf('--username') + 1] : undefined;
    const expected = user === undefined ? 0 : Buffer.byteLength(passwords[user] ?? '');
    if (user !== undefined && passwords[user] === undefined) return [`${call.tool} login (call ${n}): unknown user`];
    if (call.stdinBytes === expected) return [];
    return [`${call.tool} ${command} (call ${n}): ${call.stdinBytes} bytes on stdin, expected ${expected}`];
  });
}
