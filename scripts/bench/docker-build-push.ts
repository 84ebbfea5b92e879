// Benchmark of docker-build-push's own overhead (issue 4: goal under 0.3 s): the whole step run from its bundle as
// a runner runs it, minus a bare `docker login` + `docker build` + `docker push` of the same context to the same
// registry; N runs each, median. Also two registries, where the step pushes in parallel and the bare path in turn.
// Run alone: npm run bench -- docker-build-push
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  simulateStep,
  startDockerd,
  startRegistry,
  type DockerdService,
  type RegistryService,
} from '@aws-delivery/testing';
import { benchRuns, median, type BenchSuite } from './measure.js';

const root = new URL('../..', import.meta.url).pathname;
const context = join(root, 'demo/service');

/** A median with the range it was taken from: "563 (541-602)". */
function spread(values: number[]): string {
  return `${median(values).toFixed(0)} (${Math.min(...values).toFixed(0)}-${Math.max(...values).toFixed(0)})`;
}

function docker(dockerd: DockerdService, config: string, args: string[], stdin?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      dockerd.docker.path,
      args,
      { env: { ...process.env, ...dockerd.env, DOCKER_CONFIG: config, DOCKER_BUILDKIT: '1' } },
      (error) => (error ? reject(error) : resolve()),
    );
    child.stdin?.end(stdin ?? '');
  });
}

/** What a workflow without the action does: log in, build, push (each registry in turn). */
async function bare(dockerd: DockerdService, registries: RegistryService[], run: number): Promise<number> {
  const config = mkdtempSync(join(tmpdir(), 'bench-docker-config-'));
  const start = performance.now();
  try {
    for (const r of registries)
      await docker(dockerd, config, ['login', '--username', r.username, '--password-stdin', r.host], r.password);
    const tags = registries.flatMap((r) => ['--tag', `${r.host}/bench/bare:run-${run}`]);
    await docker(dockerd, config, ['build', ...tags, context]);
    for (const r of registries) await docker(dockerd, config, ['push', `${r.host}/bench/bare:run-${run}`]);
    return performance.now() - start;
  } finally {
    rmSync(config, { recursive: true, force: true });
  }
}

/** The whole step from its bundle: inputs, builder detection, login, build, push, digest verification, post step. */
async function action(dockerd: DockerdService, registries: RegistryService[], run: number): Promise<number> {
  const env: Record<string, string> = { ...dockerd.env };
  registries.forEach((r, i) => (env[`BENCH_PASSWORD_${i}`] = r.password));
  const start = performance.now();
  const result = await simulateStep({
    action: 'docker-build-push',
    timeoutMs: 120_000,
    // The action builds only a context inside the workspace: the sample service is the checkout.
    workspace: context,
    inputs: {
      registries: registries
        .map((r, i) => `${r.host} username=${r.username} password-env=BENCH_PASSWORD_${i}`)
        .join('\n'),
      repository: 'bench/action',
      context: '.',
      'builder-path': dockerd.docker.path,
      'auto-tags': 'none',
      tags: `run-${run}`,
      scan: 'off',
    },
    env,
  });
  const elapsed = performance.now() - start;
  if (result.exitCode !== 0) throw new Error(`the step failed: ${result.stdout.slice(-2000)}`);
  return elapsed;
}

export async function bench(): Promise<BenchSuite> {
  if (!existsSync(join(root, 'dist/docker-build-push/main/index.js'))) {
    execFileSync(
      process.execPath,
      [join(root, 'scripts/build.mjs'), '--action', 'docker-build-push', '--skip-typecheck'],
      { stdio: 'inherit' },
    );
  }
  const [dockerd, a, b] = await Promise.all([startDockerd(), startRegistry(), startRegistry()]);
  try {
    const runs = benchRuns(5);
    const samples: Record<string, number[]> = { bare1: [], action1: [], bare2: [], action2: [] };
    // One warm-up of each, so both paths find the build cache and the registries' layers equally.
    await bare(dockerd, [a, b], 0);
    await action(dockerd, [a, b], 0);
    for (let run = 1; run <= runs; run++) {
      samples.bare1!.push(await bare(dockerd, [a], run));
      samples.action1!.push(await action(dockerd, [a], run));
      samples.bare2!.push(await bare(dockerd, [a, b], run + 100));
      samples.action2!.push(await action(dockerd, [a, b], run + 100));
    }
    const m = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)])) as Record<string, number>;
    const overhead = m.action1! - m.bare1!;
    return {
      name: `docker-build-push (median of ${runs}, range in brackets, docker ${dockerd.docker.version}, FROM scratch sample service)`,
      rows: [],
      details: [
        ['bare docker login + build + push, 1 registry (ms)', spread(samples.bare1!)],
        ['the step from its bundle, 1 registry (ms)', spread(samples.action1!)],
        [
          'overhead of the step, 1 registry (ms; goal < 300)',
          `${overhead.toFixed(0)} ${overhead < 300 ? '(met)' : '(MISSED)'}`,
        ],
        ['bare, 2 registries, pushes in turn (ms)', spread(samples.bare2!)],
        ['the step, 2 registries, pushes in parallel (ms)', spread(samples.action2!)],
        ['overhead of the step, 2 registries (ms)', (m.action2! - m.bare2!).toFixed(0)],
      ],
    };
  } finally {
    await Promise.all([dockerd.stop(), a.stop(), b.stop()]);
  }
}
