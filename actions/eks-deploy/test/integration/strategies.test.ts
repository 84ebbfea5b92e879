// Canary promote and reject, blue-green switch and switch back, end to end against moto + the fake API server.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { describeWithServices } from '@aws-delivery/testing';
import { outputsOf } from '../../src/report.js';
import { startTestCluster, type TestCluster } from './cluster.js';
import { runStep } from './run-step.js';

const IMAGE = 'registry.example.internal:5000/shop/web';
type Spec = {
  replicas?: number;
  selector?: { matchLabels?: Record<string, string> };
  template: { metadata: { labels: Record<string, string> }; spec: { containers: { image: string }[] } };
};
const spec = (object: { spec?: unknown } | undefined) => object?.spec as Spec | undefined;
const imageOf = (object: { spec?: unknown } | undefined) => spec(object)?.template.spec.containers[0]?.image;

describeWithServices(['moto', 'openssl'], 'eks-deploy strategies (moto + fake API server)', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startTestCluster();
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  const deployment = (ns: string, name: string) => cluster.fake.getObject('apps', 'deployments', ns, name);
  const service = (ns: string) => cluster.fake.getObject('', 'services', ns, 'shop-web');
  const step = (ns: string, extra: Record<string, string>) =>
    runStep(
      {
        ...cluster.access,
        manifests: 'k8s',
        namespace: ns,
        'create-namespace': 'true',
        'pod-error-grace-seconds': '0',
        ...extra,
      },
      cluster.workspace,
    );

  describe('canary', () => {
    it('deploys a canary beside the stable, then promotes it', async () => {
      const ns = 'canary1';
      const first = await step(ns, { strategy: 'canary', images: `${IMAGE}:1.0.0` });
      expect(first.error).toBeUndefined();
      expect(first.report?.strategyNotes).toEqual([
        `Deployment ${ns}/shop-web had no stable version running, so it was deployed directly (no canary).`,
      ]);

      const canary = await step(ns, { strategy: 'canary', images: `${IMAGE}:1.1.0`, 'canary-percentage': '34' });
      expect(canary.error).toBeUndefined();
      expect(outputsOf(canary.report!)['strategy-state']).toBe('canary-deployed');
      expect(canary.report?.strategyNotes).toEqual([
        `Canary ${ns}/shop-web-canary: 1 pod(s) beside the 3 of stable ${ns}/shop-web (34%), behind the same Services.`,
      ]);
      const stable = deployment(ns, 'shop-web');
      const canaryDeployment = deployment(ns, 'shop-web-canary');
      expect(imageOf(stable)).toBe(`${IMAGE}:1.0.0`);
      expect(imageOf(canaryDeployment)).toBe(`${IMAGE}:1.1.0`);
      expect(spec(canaryDeployment)?.replicas).toBe(1);
      expect(spec(canaryDeployment)?.selector?.matchLabels).toEqual({
        app: 'shop-web',
        'eks-deploy.aws-delivery.dev/track': 'canary',
      });
      // The Service selects the stable's and the canary's pods alike.
      const selector = (service(ns)?.spec as { selector: Record<string, string> }).selector;
      const pods = cluster.fake
        .listObjects('', 'pods', ns)
        .filter((p) => Object.entries(selector).every(([k, v]) => p.metadata.labels?.[k] === v));
      expect(pods.map((p) => imageOf({ spec: { template: { spec: p.spec } } })).sort()).toEqual([
        `${IMAGE}:1.0.0`,
        `${IMAGE}:1.0.0`,
        `${IMAGE}:1.0.0`,
        `${IMAGE}:1.1.0`,
      ]);

      const promote = await step(ns, { strategy: 'canary', action: 'promote', images: `${IMAGE}:1.1.0` });
      expect(promote.error).toBeUndefined();
      expect(outputsOf(promote.report!)['strategy-state']).toBe('promoted');
      expect(imageOf(deployment(ns, 'shop-web'))).toBe(`${IMAGE}:1.1.0`);
      expect(deployment(ns, 'shop-web-canary')).toBeUndefined();
      expect(promote.report?.deleted).toEqual([`Deployment/${ns}/shop-web-canary`]);
    });

    it('rejects a canary: removed, stable untouched', async () => {
      const ns = 'canary2';
      expect((await step(ns, { strategy: 'canary', images: `${IMAGE}:1.0.0` })).error).toBeUndefined();
      expect((await step(ns, { strategy: 'canary', images: `${IMAGE}:2.0.0` })).error).toBeUndefined();
      const stableVersion = deployment(ns, 'shop-web')?.metadata.resourceVersion;
      const reject = await step(ns, { strategy: 'canary', action: 'reject' });
      expect(reject.error).toBeUndefined();
      expect(outputsOf(reject.report!)['strategy-state']).toBe('rejected');
      expect(deployment(ns, 'shop-web-canary')).toBeUndefined();
      expect(deployment(ns, 'shop-web')?.metadata.resourceVersion).toBe(stableVersion);
      expect(imageOf(deployment(ns, 'shop-web'))).toBe(`${IMAGE}:1.0.0`);
    });

    it('removes a failing canary at once and fails the step; the stable keeps serving', async () => {
      const ns = 'canary3';
      expect((await step(ns, { strategy: 'canary', images: `${IMAGE}:1.0.0` })).error).toBeUndefined();
      const failed = await step(ns, { strategy: 'canary', images: `${IMAGE}:3.0.0-imagepull-fail` });
      expect(failed.error?.message).toMatch(
        /^The rollout failed\. Deployment\/canary3\/shop-web-canary: .*(ErrImagePull|ImagePullBackOff).* Not rolled back: a failed canary is removed instead; the stable version is untouched\./,
      );
      expect(outputsOf(failed.report!)).toMatchObject({ 'strategy-state': 'canary-failed', 'rolled-back': 'true' });
      expect(deployment(ns, 'shop-web-canary')).toBeUndefined();
      expect(imageOf(deployment(ns, 'shop-web'))).toBe(`${IMAGE}:1.0.0`);
    });
  });

  describe('blue-green', () => {
    const colorOf = (ns: string) =>
      (service(ns)?.spec as { selector: Record<string, string> }).selector['eks-deploy.aws-delivery.dev/color'];

    it('switches the Service only after the new colour is ready, and switches back on reject', async () => {
      const ns = 'bg1';
      const blue = await step(ns, { strategy: 'blue-green', images: `${IMAGE}:1.0.0` });
      expect(blue.error).toBeUndefined();
      expect(outputsOf(blue.report!)).toMatchObject({ 'strategy-state': 'switched-to-blue', 'active-color': 'blue' });
      expect(colorOf(ns)).toBe('blue');
      expect(deployment(ns, 'shop-web')).toBeUndefined();
      expect(imageOf(deployment(ns, 'shop-web-blue'))).toBe(`${IMAGE}:1.0.0`);

      // The Service may change only after the fake's controller marked green rolled out.
      const green = await step(ns, { strategy: 'blue-green', images: `${IMAGE}:1.1.0` });
      const completed = cluster.fake.controller.timeline.find(
        (e) => e.namespace === ns && e.name === 'shop-web-green' && e.event === 'RolloutComplete',
      );
      const servicePatches = cluster.fake.requests.filter(
        (r) => r.method === 'PATCH' && r.path === `/api/v1/namespaces/${ns}/services/shop-web`,
      );
      expect(completed).toBeDefined();
      expect(Date.parse(servicePatches.at(-1)!.time)).toBeGreaterThanOrEqual(Date.parse(completed!.time));
      expect(green.error).toBeUndefined();
      expect(outputsOf(green.report!)).toMatchObject({
        'strategy-state': 'switched-to-green',
        'active-color': 'green',
      });
      expect(colorOf(ns)).toBe('green');
      expect(green.report?.strategyNotes).toEqual([
        `Service shop-web: traffic switched from blue to green (${ns}/shop-web-green).`,
      ]);
      expect(imageOf(deployment(ns, 'shop-web-blue'))).toBe(`${IMAGE}:1.0.0`);
      expect(imageOf(deployment(ns, 'shop-web-green'))).toBe(`${IMAGE}:1.1.0`);
      const phases = green.report!.phases.map((p) => p.label);
      expect(phases.indexOf('switch Services to green')).toBeGreaterThan(phases.indexOf('rollout'));
      const rollout = green.report!.phases.find((p) => p.label === 'rollout')!;
      const switchPhase = green.report!.phases.find((p) => p.label === 'switch Services to green')!;
      expect(switchPhase.start).toBeGreaterThanOrEqual(rollout.end);

      const reject = await step(ns, { strategy: 'blue-green', action: 'reject' });
      expect(reject.error).toBeUndefined();
      expect(outputsOf(reject.report!)).toMatchObject({
        'strategy-state': 'switched-back-to-blue',
        'active-color': 'blue',
      });
      expect(colorOf(ns)).toBe('blue');
      expect(deployment(ns, 'shop-web-green')).toBeUndefined();
      expect(deployment(ns, 'shop-web-blue')).toBeDefined();
    });

    it('promote removes the idle colour', async () => {
      const ns = 'bg2';
      expect((await step(ns, { strategy: 'blue-green', images: `${IMAGE}:1.0.0` })).error).toBeUndefined();
      expect((await step(ns, { strategy: 'blue-green', images: `${IMAGE}:1.1.0` })).error).toBeUndefined();
      const promote = await step(ns, { strategy: 'blue-green', action: 'promote' });
      expect(promote.error).toBeUndefined();
      expect(outputsOf(promote.report!)).toMatchObject({ 'strategy-state': 'promoted', 'active-color': 'green' });
      expect(deployment(ns, 'shop-web-blue')).toBeUndefined();
      expect(colorOf(ns)).toBe('green');
      // Reject after promote has nothing to switch back to.
      const reject = await step(ns, { strategy: 'blue-green', action: 'reject' });
      expect(reject.error?.message).toBe(
        `Cannot switch Deployment ${ns}/shop-web back to blue: ${ns}/shop-web-blue is not running (already promoted?).`,
      );
    });

    it('never switches to a colour that fails; removes it and fails the step', async () => {
      const ns = 'bg3';
      expect((await step(ns, { strategy: 'blue-green', images: `${IMAGE}:1.0.0` })).error).toBeUndefined();
      const failed = await step(ns, { strategy: 'blue-green', images: `${IMAGE}:2.0.0-crashloop` });
      expect(failed.error?.message).toMatch(/Deployment\/bg3\/shop-web-green: .*CrashLoopBackOff/);
      expect(outputsOf(failed.report!)).toMatchObject({ 'strategy-state': 'switch-aborted', 'rolled-back': 'true' });
      expect(colorOf(ns)).toBe('blue');
      expect(deployment(ns, 'shop-web-green')).toBeUndefined();
    });

    it('dry-run previews the new colour and the switch without changing anything', async () => {
      const ns = 'bg4';
      expect((await step(ns, { strategy: 'blue-green', images: `${IMAGE}:1.0.0` })).error).toBeUndefined();
      const dry = await step(ns, { strategy: 'blue-green', images: `${IMAGE}:1.1.0`, 'dry-run': 'server' });
      expect(dry.error).toBeUndefined();
      const diff = outputsOf(dry.report!).diff!;
      expect(diff).toContain(`--- /dev/null\n+++ applied Deployment/${ns}/shop-web-green`);
      expect(diff).toContain(
        '-    eks-deploy.aws-delivery.dev/color: blue\n+    eks-deploy.aws-delivery.dev/color: green',
      );
      expect(deployment(ns, 'shop-web-green')).toBeUndefined();
      expect(colorOf(ns)).toBe('blue');
    });
  });
});
