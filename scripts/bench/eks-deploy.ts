// Benchmark of eks-deploy against the fake API server, every row whole processes in turn (issue 17): the fake in a
// process of its own (fake-kubernetes-server.ts), the step's bundle (dist/eks-deploy/main, build it first) as a
// child, kubectl as a child, A and B in turn, medians, per-turn ratios and peak RSS (measure.ts).
//  - deploy one 3-replica Deployment and wait for its rollout, beside `kubectl apply --server-side` then
//    `kubectl rollout status`: goal ≤ 1.0×;
//  - apply 200 objects (created, then unchanged), beside `kubectl apply --server-side`: goal ≤ 0.6×.
//    Every row also runs its Node floor in the same turns (scripts/bench/floor-rollout.mjs, floor-apply.mjs): the
//    least a Node process can do for the same work.
// kubectl starts each run with no discovery cache, as it does in a fresh job.
// Run: npm run bench -- eks-deploy [--runs N].
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { inputVariable, nodeBinary, repoRoot } from '@aws-delivery/testing';
import { benchRuns, bundleBytes, fmt, measureInTurn, type BenchRow, type BenchSuite, type Command } from './measure.js';

const ROLLOUT_GOAL = 1.0;
const APPLY_GOAL = 0.6;
const TICK_MS = 50;
const OBJECTS = 200;
const IMAGE = 'registry.example.internal:5000/bench/web';
const TIME = '/usr/bin/time';

/** What the fake API server has done so far: requests served and CPU time used. */
interface FakeUsage {
  requests: number;
  cpuMs: number;
}

/** The fake API server in a child process; resolves once it printed its URL and kubeconfig. */
async function startFakeProcess(): Promise<{
  child: ChildProcess;
  kubeconfig: string;
  usage: () => Promise<FakeUsage>;
}> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(repoRoot, 'scripts/bench/fake-kubernetes-server.ts'), String(TICK_MS)],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit', 'ipc'] },
  );
  const first = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the fake API server exited (${code}) before it was ready`)));
  });
  const { kubeconfig } = JSON.parse(first) as { kubeconfig: string };
  const usage = () =>
    new Promise<FakeUsage>((resolve) => {
      child.once('message', (message) => resolve(message as FakeUsage));
      child.send('usage');
    });
  return { child, kubeconfig, usage };
}

/**
 * One more run of a command, outside the turns: the requests it sent to the fake, the CPU time it used (user and
 * system, from /usr/bin/time) and the CPU time the fake used meanwhile.
 */
async function oneRunCost(
  command: Command,
  fake: { usage: () => Promise<FakeUsage> },
): Promise<{ requests: number; cpuMs?: number; fakeCpuMs: number }> {
  command.before?.();
  const before = await fake.usage();
  const timed = existsSync(TIME);
  const result = timed
    ? spawnSync(TIME, ['-f', '%U %S', command.command, ...command.args], { env: command.env, encoding: 'utf8' })
    : spawnSync(command.command, command.args, { env: command.env, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command.command} failed: ${result.stdout}\n${result.stderr}`);
  // A watch is recorded when it ends: give the server a moment to see the last ones close.
  await new Promise((resolve) => setTimeout(resolve, 200));
  const after = await fake.usage();
  const [user, system] = (result.stderr.trim().split('\n').at(-1) ?? '').split(' ').map(Number);
  return {
    requests: after.requests - before.requests,
    ...(timed ? { cpuMs: ((user ?? NaN) + (system ?? NaN)) * 1000 } : {}),
    fakeCpuMs: after.cpuMs - before.cpuMs,
  };
}

function namespaceYaml(namespace: string): string {
  return `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${namespace}}\n`;
}

function deploymentYaml(namespace: string, tag: number): string {
  return `${namespaceYaml(namespace)}---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: ${namespace}}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: "${IMAGE}:1.${tag}"}]
`;
}

/** The namespace, then `count` Services, Secrets and ConfigMaps in it. */
function manyObjects(namespace: string, count: number): string {
  const docs = [namespaceYaml(namespace)];
  for (let i = 0; i < count; i++) {
    const meta = `metadata: {name: o-${i}, namespace: ${namespace}}`;
    if (i % 4 === 0)
      docs.push(`apiVersion: v1\nkind: Service\n${meta}\nspec: {selector: {app: a${i}}, ports: [{port: 80}]}\n`);
    else if (i % 4 === 1) docs.push(`apiVersion: v1\nkind: Secret\n${meta}\nstringData: {key: value-${i}}\n`);
    else docs.push(`apiVersion: v1\nkind: ConfigMap\n${meta}\ndata: {index: "${i}", text: "${'x'.repeat(200)}"}\n`);
  }
  return docs.join('---\n');
}

/** A check of a run's standard output: it must contain `text`. */
function expecting(name: string, text: string): (stdout: string) => void {
  return (stdout) => {
    if (!stdout.includes(text)) throw new Error(`${name} did not print "${text}":\n${stdout.slice(-2000)}`);
  };
}

export async function bench(): Promise<BenchSuite> {
  const fake = await startFakeProcess();
  const dir = mkdtempSync(join(tmpdir(), 'bench-eks-deploy-'));
  try {
    const node = nodeBinary('node24');
    const bundle = join(repoRoot, 'dist/eks-deploy/main/index.js');
    const runs = benchRuns(10);
    const kubectlHome = join(dir, 'kubectl-home');
    const kubectlEnv = { PATH: process.env.PATH, HOME: kubectlHome, KUBECONFIG: fake.kubeconfig };
    const freshKubectl = () => rmSync(join(kubectlHome, '.kube'), { recursive: true, force: true });

    /** The step's bundle as the runner runs it: INPUT_* variables and the runner's files, emptied before each run. */
    const step = (name: string, inputs: Record<string, string>, before: () => void, output: string): Command => {
      const files = { GITHUB_OUTPUT: join(dir, `${name}-output`), GITHUB_STEP_SUMMARY: join(dir, `${name}-summary`) };
      return {
        command: node,
        args: [bundle],
        env: {
          PATH: process.env.PATH,
          GITHUB_WORKSPACE: dir,
          // The fake wrote its kubeconfig in a folder of its own: RUNNER_TEMP, where an earlier step would write it.
          RUNNER_TEMP: dirname(fake.kubeconfig),
          ...files,
          ...Object.fromEntries(
            Object.entries({ kubeconfig: fake.kubeconfig, ...inputs }).map(([k, v]) => [inputVariable(k), v]),
          ),
        },
        before: () => {
          for (const file of Object.values(files)) writeFileSync(file, '');
          before();
        },
        onOutput: expecting(`eks-deploy (${name})`, output),
      };
    };
    /** `kubectl apply --server-side -f file`, then, when a Deployment is named, `kubectl rollout status` for it. */
    const kubectl = (file: string, before: () => void, rollout?: { namespace: string }): Command => {
      const apply = `kubectl apply --server-side -f "$1"`;
      return {
        command: 'sh',
        args: [
          '-c',
          rollout ? `${apply} && kubectl rollout status deployment/web -n "$2" --timeout=60s` : apply,
          'sh',
          file,
          ...(rollout ? [rollout.namespace] : []),
        ],
        env: kubectlEnv,
        before: () => {
          freshKubectl();
          before();
        },
        onOutput: expecting('kubectl', rollout ? 'successfully rolled out' : 'serverside-applied'),
      };
    };

    // One Deployment, a new image tag each run (so each run rolls out), each side in its own namespace.
    let tag = 0;
    const rolloutFile = (side: string) => join(dir, `web-${side}.yaml`);
    const rolloutPair = [
      step(
        'rollout',
        { manifests: 'web-ours.yaml', namespace: 'roll-ours' },
        () => writeFileSync(rolloutFile('ours'), deploymentYaml('roll-ours', ++tag)),
        'successfully rolled out',
      ),
      kubectl(
        rolloutFile('kubectl'),
        () => writeFileSync(rolloutFile('kubectl'), deploymentYaml('roll-kubectl', tag)),
        { namespace: 'roll-kubectl' },
      ),
    ];
    // 200 objects: into a new namespace each run (created), then again into one namespace (unchanged).
    let fresh = 0;
    const manyFile = (side: string) => join(dir, `many-${side}.yaml`);
    const writeMany = (side: string, namespace: string) => () =>
      writeFileSync(manyFile(side), manyObjects(namespace, OBJECTS));
    const createPair = [
      step('create', { manifests: 'many-ours.yaml' }, () => writeMany('ours', `new-ours-${++fresh}`)(), `created`),
      kubectl(manyFile('kubectl'), () => writeMany('kubectl', `new-kubectl-${fresh}`)()),
    ];
    const unchangedPair = [
      step('unchanged', { manifests: 'many-ours.yaml' }, writeMany('ours', 'same-ours'), 'unchanged'),
      kubectl(manyFile('kubectl'), writeMany('kubectl', 'same-kubectl')),
    ];
    /** A floor script (scripts/bench/floor-*.mjs): the least a Node process does for the same work, in the same turns. */
    const floor = (script: string, file: string, before: () => void, output: string): Command => ({
      command: node,
      args: [join(repoRoot, 'scripts/bench', script), file],
      env: { PATH: process.env.PATH, KUBECONFIG: fake.kubeconfig },
      before,
      onOutput: expecting(script, output),
    });
    rolloutPair.push(
      floor(
        'floor-rollout.mjs',
        rolloutFile('floor'),
        () => writeFileSync(rolloutFile('floor'), deploymentYaml('roll-floor', tag)),
        'successfully rolled out',
      ),
    );
    const applyFloor = (before: () => void) => floor('floor-apply.mjs', manyFile('floor'), before, 'ConfigMap/');
    createPair.push(applyFloor(() => writeMany('floor', `new-floor-${fresh}`)()));
    unchangedPair.push(applyFloor(writeMany('floor', 'same-floor')));

    const rows: BenchRow[] = [];
    const details: [string, string][] = [];
    const notes = [
      'kubectl runs with an empty discovery cache each time (HOME/.kube removed), as in a fresh job; the step keeps no cache either.',
    ];
    const measurePair = async (work: string, pair: Command[], against: string, goal: number, reproduce: string) => {
      const { figures, ratio } = measureInTurn(pair, runs);
      const r = ratio(0, 1);
      rows.push({
        work,
        ours: fmt.run(figures[0]!),
        against: `${against} ${fmt.run(figures[1]!)}`,
        ratio: r,
        goal: { text: `≤ ${goal.toFixed(1)}× kubectl`, met: r <= goal },
        reproduce,
      });
      const ours = await oneRunCost(pair[0]!, fake);
      const theirs = await oneRunCost(pair[1]!, fake);
      const cpu = (cost: { cpuMs?: number; fakeCpuMs: number }) =>
        `${cost.cpuMs === undefined ? 'n/a' : fmt.ms(cost.cpuMs)} + the fake's ${fmt.ms(cost.fakeCpuMs)}`;
      details.push([`${work}: requests per run`, `eks-deploy ${ours.requests}, kubectl ${theirs.requests}`]);
      details.push([`${work}: CPU per run`, `eks-deploy ${cpu(ours)}; kubectl ${cpu(theirs)}`]);
      if (pair[2]) {
        const floorRatio = ratio(2, 1);
        details.push([
          `${work}: the Node floor (${pair[2].args[0]!.split('/').at(-1)}), same turns`,
          `${fmt.run(figures[2]!)}; floor / kubectl ${floorRatio.toFixed(2)}, eks-deploy / floor ${ratio(0, 2).toFixed(2)}`,
        ]);
        if (r > goal) {
          notes.push(
            floorRatio > goal
              ? `${work}: the Node floor alone is ${floorRatio.toFixed(2)}× kubectl in this run, above the ${goal}× goal: no Node process doing the same work with the same YAML parser meets it on this machine.`
              : `${work}: the Node floor is ${floorRatio.toFixed(2)}× kubectl; the goal needs eks-deploy within ${(goal / floorRatio).toFixed(2)}× of it, and it is ${ratio(0, 2).toFixed(2)}×.`,
          );
        }
      }
    };
    const stepHow =
      "node dist/eks-deploy/main/index.js with INPUT_KUBECONFIG (the fake's), INPUT_MANIFESTS and GITHUB_WORKSPACE, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY; the fake: npx tsx scripts/bench/fake-kubernetes-server.ts 50 (prints its kubeconfig)";
    await measurePair(
      'deploy one 3-replica Deployment and wait for its rollout',
      rolloutPair,
      'kubectl apply --server-side + kubectl rollout status',
      ROLLOUT_GOAL,
      `${stepHow}, INPUT_NAMESPACE; theirs: kubectl apply --server-side -f web.yaml && kubectl rollout status deployment/web -n NS (a new image tag each run); the floor: node scripts/bench/floor-rollout.mjs web.yaml with KUBECONFIG`,
    );
    await measurePair(
      `apply ${OBJECTS} objects, created`,
      createPair,
      'kubectl apply --server-side',
      APPLY_GOAL,
      `${stepHow}; theirs: kubectl apply --server-side -f many.yaml (a Namespace, then ${OBJECTS} Services, Secrets and ConfigMaps; a new namespace each run); the floor: node scripts/bench/floor-apply.mjs many.yaml with KUBECONFIG`,
    );
    await measurePair(
      `apply ${OBJECTS} objects, unchanged`,
      unchangedPair,
      'kubectl apply --server-side',
      APPLY_GOAL,
      `the same as created, applied again to one namespace`,
    );
    details.push([
      'main bundle with its on-demand chunks',
      fmt.kb(bundleBytes(join(repoRoot, 'dist/eks-deploy/main'))),
    ]);
    return {
      name: `eks-deploy against the fake API server (its own process, controller tick ${TICK_MS} ms; whole processes in turn)`,
      rows,
      details,
      notes,
    };
  } finally {
    fake.child.disconnect();
    await new Promise((resolve) => fake.child.once('exit', resolve));
    rmSync(dir, { recursive: true, force: true });
  }
}
