// The fake Kubernetes API server (packages/testing/src/fake-kubernetes) as a process of its own, so that a benchmark
// measures the step and kubectl as whole processes against a server that shares neither's event loop.
// Run: npx tsx scripts/bench/fake-kubernetes-server.ts [tickMs]. It prints one JSON line, {"url", "kubeconfig"}
// (a kubeconfig for kubectl and the step, with the fake's token), and serves until it is interrupted or, when started
// with an IPC channel, until the channel closes. Over IPC it answers "usage" with the number of requests served and
// the CPU time it has used.
import { startFakeKubernetes } from '@aws-delivery/testing';

const tickMs = Number(process.argv[2] ?? 50);
const fake = await startFakeKubernetes({ tickMs: Number.isFinite(tickMs) && tickMs > 0 ? tickMs : 50 });
// The fake keeps its last 5000 requests: count those recorded after the last one counted.
let served = 0;
let lastCounted: (typeof fake.requests)[number] | undefined;
const countServed = () => {
  const recorded = fake.requests;
  served += recorded.length - (lastCounted ? recorded.lastIndexOf(lastCounted) + 1 : 0);
  lastCounted = recorded.at(-1) ?? lastCounted;
  return served;
};
let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  void fake.stop().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
if (process.send) {
  process.on('disconnect', stop);
  process.on('message', (message) => {
    if (message !== 'usage') return;
    const cpu = process.cpuUsage();
    process.send?.({ requests: countServed(), cpuMs: (cpu.user + cpu.system) / 1000 });
  });
}
process.stdout.write(`${JSON.stringify({ url: fake.url, kubeconfig: fake.kubeconfigPath })}\n`);
