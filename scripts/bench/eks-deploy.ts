// Benchmark of eks-deploy against the fake API server (issue 5):
//  - rollout detection latency: from the moment the fake's deployment controller marks the Deployment complete
//    (its RolloutComplete timeline entry) to the step finishing — in-process, and the bundle through the runner
//    simulator — beside `kubectl rollout status` on the same fake. Goal: under 0.2 s and no slower than kubectl.
//  - the time to apply 200 objects (create, then unchanged), beside `kubectl apply --server-side`.
// Run: npx tsx scripts/bench/eks-deploy.ts (or npm run bench eks-deploy). Needs dist/eks-deploy (build it first).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inputVariable, nodeBinary, startFakeKubernetes, type FakeKubernetes } from '@aws-delivery/testing';
import { applyObject, Discovery, KubeClient } from '@aws-delivery/k8s';
import { runMain } from '@aws-delivery/action-kit';
import { recordingRunner } from '@aws-delivery/action-kit/recording';
import { eksDeploy } from '../../actions/eks-deploy/src/action.js';
import { fmt, type BenchRow, type BenchSuite } from './measure.js';

const RUNS = 5;
const root = new URL('../..', import.meta.url).pathname;
const IMAGE = 'registry.example.internal:5000/bench/web';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

function deploymentYaml(namespace: string, tag: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: ${namespace}}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: "${IMAGE}:${tag}"}]
`;
}

function manyObjects(namespace: string, count: number): string {
  const docs: string[] = [];
  for (let i = 0; i < count; i++) {
    if (i % 4 === 0)
      docs.push(
        `apiVersion: v1\nkind: Service\nmetadata: {name: svc-${i}, namespace: ${namespace}}\nspec: {selector: {app: a${i}}, ports: [{port: 80}]}`,
      );
    else if (i % 4 === 1)
      docs.push(
        `apiVersion: v1\nkind: Secret\nmetadata: {name: secret-${i}, namespace: ${namespace}}\nstringData: {key: value-${i}}`,
      );
    else
      docs.push(
        `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: config-${i}, namespace: ${namespace}}\ndata: {index: "${i}", text: "${'x'.repeat(200)}"}`,
      );
  }
  return docs.join('\n---\n') + '\n';
}

/** The step in this process, with a recording runner (nothing printed); resolves when it finishes. */
async function runInProcess(inputs: Record<string, string>, workspace: string, runnerTemp: string): Promise<void> {
  const io = recordingRunner({ inputs, env: { GITHUB_WORKSPACE: workspace, RUNNER_TEMP: runnerTemp } });
  const outcome = await runMain(eksDeploy, { io });
  if (!outcome?.ok) throw new Error(`the step failed: ${io.lines('error').join(' ')}`);
}

/**
 * The bundle run as the runner runs it (node24, INPUT_* variables, file commands); resolves with when its
 * "successfully rolled out" line arrived and when the process exited.
 */
function runBundle(
  inputs: Record<string, string>,
  workspace: string,
  runnerTemp: string,
): Promise<{ resultLine: number; exit: number }> {
  writeFileSync(join(workspace, 'output'), '');
  writeFileSync(join(workspace, 'summary'), '');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '',
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: runnerTemp,
    GITHUB_OUTPUT: join(workspace, 'output'),
    GITHUB_STEP_SUMMARY: join(workspace, 'summary'),
    ...Object.fromEntries(Object.entries(inputs).map(([name, value]) => [inputVariable(name), value])),
  };
  return new Promise((resolve, reject) => {
    const child = spawn(nodeBinary('node24'), [join(root, 'dist/eks-deploy/main/index.js')], { cwd: workspace, env });
    let resultLine = 0;
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (!resultLine && text.includes('successfully rolled out')) resultLine = performance.now();
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 && resultLine
        ? resolve({ resultLine, exit: performance.now() })
        : reject(new Error(`the bundle failed (${code}): ${text}`)),
    );
  });
}

function kubectl(fake: FakeKubernetes, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('kubectl', args, {
      env: { PATH: process.env.PATH ?? '', HOME: fake.dir, KUBECONFIG: fake.kubeconfigPath },
      stdio: 'ignore',
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(performance.now()) : reject(new Error(`kubectl ${args.join(' ')} exited ${code}`)),
    );
  });
}

/** performance.now() of the fake's RolloutComplete for web in the namespace after `since`. */
function completedAt(fake: FakeKubernetes, namespace: string, since: number): number {
  const entry = fake.controller.timeline
    .filter((e) => e.namespace === namespace && e.name === 'web' && e.event === 'RolloutComplete' && e.at >= since)
    .at(-1);
  if (!entry) throw new Error(`no RolloutComplete recorded for ${namespace}/web`);
  return entry.at;
}

export async function bench(): Promise<BenchSuite> {
  const fake = await startFakeKubernetes({ tickMs: 100 });
  const workspace = mkdtempSync(join(tmpdir(), 'bench-eks-deploy-'));
  const client = new KubeClient({ server: fake.url, caPem: fake.caPem, token: async () => fake.token });
  const discovery = new Discovery(client);
  // The fake writes its kubeconfig in a folder of its own, given as RUNNER_TEMP (where an earlier step writes one).
  const base = { kubeconfig: fake.kubeconfigPath, 'create-namespace': 'true', 'pod-error-grace-seconds': '-1' };
  try {
    const latency = {
      inProcess: [] as number[],
      bundleLine: [] as number[],
      bundleExit: [] as number[],
      kubectl: [] as number[],
    };
    // In-process step.
    for (let i = 0; i < RUNS + 1; i++) {
      writeFileSync(join(workspace, 'web.yaml'), deploymentYaml('lat-a', `1.${i}`));
      const start = performance.now();
      await runInProcess({ ...base, manifests: 'web.yaml', namespace: 'lat-a' }, workspace, fake.dir);
      const end = performance.now();
      if (i > 0) latency.inProcess.push(end - completedAt(fake, 'lat-a', start));
    }
    // The bundle, as a runner runs it.
    for (let i = 0; i < RUNS + 1; i++) {
      writeFileSync(join(workspace, 'web.yaml'), deploymentYaml('lat-b', `1.${i}`));
      const start = performance.now();
      const { resultLine, exit } = await runBundle(
        { ...base, manifests: 'web.yaml', namespace: 'lat-b' },
        workspace,
        fake.dir,
      );
      const complete = completedAt(fake, 'lat-b', start);
      if (i > 0) {
        latency.bundleLine.push(resultLine - complete);
        latency.bundleExit.push(exit - complete);
      }
    }
    // kubectl rollout status, started right after the same kind of apply.
    const nsInfo = await discovery.require('v1', 'Namespace');
    const deploymentInfo = await discovery.require('apps/v1', 'Deployment');
    await applyObject(
      client,
      nsInfo,
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'lat-c' } },
      { fieldManager: 'bench' },
    );
    const { parse } = await import('yaml');
    for (let i = 0; i < RUNS + 1; i++) {
      const start = performance.now();
      await applyObject(client, deploymentInfo, parse(deploymentYaml('lat-c', `1.${i}`)), { fieldManager: 'bench' });
      const end = await kubectl(fake, ['rollout', 'status', 'deployment/web', '-n', 'lat-c', '--timeout=60s']);
      if (i > 0) latency.kubectl.push(end - completedAt(fake, 'lat-c', start));
    }

    // 200 objects.
    fake.controller.setTickMs(50);
    writeFileSync(join(workspace, 'many.yaml'), manyObjects('bulk', 200));
    const applies = {
      create: [] as number[],
      unchanged: [] as number[],
      kubectlCreate: [] as number[],
      kubectlUnchanged: [] as number[],
    };
    for (let i = 0; i < 3; i++) {
      const ns = `bulk-${i}`;
      writeFileSync(join(workspace, 'many.yaml'), manyObjects(ns, 200));
      let start = performance.now();
      await runInProcess({ ...base, manifests: 'many.yaml', namespace: ns }, workspace, fake.dir);
      applies.create.push(performance.now() - start);
      start = performance.now();
      await runInProcess({ ...base, manifests: 'many.yaml', namespace: ns }, workspace, fake.dir);
      applies.unchanged.push(performance.now() - start);
      const kns = `kbulk-${i}`;
      await applyObject(
        client,
        nsInfo,
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: kns } },
        { fieldManager: 'bench' },
      );
      writeFileSync(join(workspace, 'kmany.yaml'), manyObjects(kns, 200));
      start = performance.now();
      await kubectl(fake, ['apply', '--server-side', '-f', join(workspace, 'kmany.yaml')]);
      applies.kubectlCreate.push(performance.now() - start);
      start = performance.now();
      await kubectl(fake, ['apply', '--server-side', '-f', join(workspace, 'kmany.yaml')]);
      applies.kubectlUnchanged.push(performance.now() - start);
    }
    const ms = (values: number[]) =>
      `${fmt.ms(median(values))} (median of ${values.length}; ${values.map((v) => v.toFixed(0)).join(', ')})`;
    const reproduce = 'npm run bench -- eks-deploy (the fake API server runs in the benchmark process)';
    const beside = (work: string, ours: number[], theirs: number[], kubectlWork: string): BenchRow => ({
      work,
      ours: ms(ours),
      against: `${kubectlWork} ${ms(theirs)}`,
      ratio: median(ours) / median(theirs),
      reproduce,
    });
    return {
      name: 'eks-deploy (fake API server, 3-replica Deployment, controller tick 100 ms)',
      rows: [
        beside(
          'rollout detected → bundle process exit',
          latency.bundleExit,
          latency.kubectl,
          'kubectl rollout status, to its exit',
        ),
        beside(
          'apply 200 objects, created (whole step)',
          applies.create,
          applies.kubectlCreate,
          'kubectl apply --server-side',
        ),
        beside(
          'apply 200 objects, unchanged (whole step)',
          applies.unchanged,
          applies.kubectlUnchanged,
          'kubectl apply --server-side',
        ),
      ],
      details: [
        ['detection, step in-process (goal < 200 ms)', ms(latency.inProcess)],
        ['detection, bundle: to its "rolled out" line', ms(latency.bundleLine)],
      ],
      notes: [
        'the 200-object applies run the step in the benchmark process, beside the fake API server on one event loop, while kubectl runs as a process of its own: the figures are not yet whole processes side by side.',
      ],
    };
  } finally {
    client.close();
    await fake.stop();
    rmSync(workspace, { recursive: true, force: true });
  }
}
