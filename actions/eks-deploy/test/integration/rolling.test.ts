// End to end, in-process: DescribeCluster on moto, the EKS token checked by the fake API server, server-side apply
// of the sample service, rollout watch, and the automatic rollback of a failing image.
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { describeWithServices } from '@aws-delivery/testing';
import { outputsOf, renderSummary } from '../../src/report.js';
import { CLUSTER, keys, startTestCluster, type TestCluster } from './cluster.js';
import { runStep } from './run-step.js';

const IMAGE = 'registry.example.internal:5000/shop/web';
const imageOf = (object: { spec?: unknown } | undefined) =>
  (object?.spec as { template: { spec: { containers: { image: string }[] } } } | undefined)?.template.spec.containers[0]
    ?.image;

describeWithServices(['moto', 'openssl'], 'eks-deploy rolling deploy and rollback (moto + fake API server)', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startTestCluster();
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  const inputs = (extra: Record<string, string>) => ({
    ...cluster.access,
    manifests: 'k8s',
    namespace: 'shop',
    'pod-error-grace-seconds': '0',
    ...extra,
  });

  it('says which namespace is missing before applying anything', async () => {
    const { error } = await runStep(inputs({}), cluster.workspace);
    expect(error?.message).toBe('Namespace "shop" does not exist and the manifests do not create it.');
    expect(cluster.fake.listObjects('', 'configmaps', 'shop')).toEqual([]);
  });

  it('deploys the sample: DescribeCluster, EKS token verified, objects created, rollout watched', async () => {
    const { report, error, stdout, io } = await runStep(
      inputs({ images: `${IMAGE}:1.1.0`, 'create-namespace': 'true' }),
      cluster.workspace,
    );
    expect(error).toBeUndefined();
    expect(report?.cluster).toBe(
      `EKS cluster ${CLUSTER} (eu-west-1, Kubernetes 1.19) at ${cluster.fake.url} (cluster-endpoint override), EKS token made in-process`,
    );
    // Every request carried our EKS token, and the fake verified its signature against the key pair.
    const eksAuth = cluster.fake.authLog.filter((a) => a.outcome.ok && a.outcome.method === 'eks');
    expect(eksAuth.length).toBeGreaterThan(3);
    expect(eksAuth.every((a) => a.outcome.ok && a.outcome.signatureChecked)).toBe(true);
    expect(cluster.fake.authLog.some((a) => !a.outcome.ok)).toBe(false);
    // Every token was masked before use, and appears nowhere else in the log.
    const tokens = io.recorded.masks.filter((secret) => secret.startsWith('k8s-aws-v1.'));
    expect(tokens.length).toBeGreaterThan(0);
    expect(stdout).not.toContain('k8s-aws-v1.');

    expect(report?.applied.map((a) => [a.description, a.outcome])).toEqual([
      ['Namespace/shop', 'created'],
      ['ConfigMap/shop/shop-web-config', 'created'],
      ['Service/shop/shop-web', 'created'],
      ['Deployment/shop/shop-web', 'created'],
    ]);
    expect(report?.workloads.map((w) => [w.description, w.rollout.ok, w.rollout.message, w.revisionAfter])).toEqual([
      ['Deployment/shop/shop-web', true, 'deployment "shop-web" successfully rolled out', '1'],
    ]);
    const live = cluster.fake.getObject('apps', 'deployments', 'shop', 'shop-web');
    expect(imageOf(live)).toBe(`${IMAGE}:1.1.0`);
    expect(live?.metadata.labels).toMatchObject({
      app: 'shop-web',
      'app.kubernetes.io/managed-by': 'eks-deploy',
      'eks-deploy.aws-delivery.dev/apply-set': 'acme-shop',
    });
    expect(live?.metadata.annotations).toMatchObject({
      'eks-deploy.aws-delivery.dev/commit': 'c0ffee1234567890',
      'eks-deploy.aws-delivery.dev/run-url': 'https://github.example/acme/shop/actions/runs/42',
    });
    expect(live?.metadata.managedFields?.map((f) => `${f.manager}/${f.operation}`)).toContain('eks-deploy/Apply');
    const outputs = outputsOf(report!);
    expect(outputs).toMatchObject({
      created: '4',
      configured: '0',
      unchanged: '0',
      'rolled-back': 'false',
      'strategy-state': 'deployed',
    });
    expect(JSON.parse(outputs.revisions!)).toEqual({
      'Deployment/shop/shop-web': { after: '1', status: 'rolled-out' },
    });
    expect(stdout).toContain(
      `Deployment/shop/shop-web container web: registry.example.internal:5000/shop/web:1.0.0 → ${IMAGE}:1.1.0`,
    );
    // The watch's last progress line and the result say the same: the log says it once.
    expect(stdout.match(/successfully rolled out/g)).toHaveLength(1);
  });

  it('applies the same again as unchanged, even though the commit annotation moved on', async () => {
    const { report, error } = await runStep(inputs({ images: `${IMAGE}:1.1.0` }), cluster.workspace);
    expect(error).toBeUndefined();
    expect(report?.applied.map((a) => a.outcome)).toEqual(['unchanged', 'unchanged', 'unchanged']);
  });

  it('rolls a failing image back to the previous revision, reports both revisions, and fails the step', async () => {
    const { report, error } = await runStep(inputs({ images: `${IMAGE}:1.2.0-imagepull-fail` }), cluster.workspace);
    expect(error?.message).toMatch(
      /^The rollout failed\. Deployment\/shop\/shop-web: Waiting for deployment "shop-web" rollout to finish: .*; pods of the new revision are failing \((ErrImagePull|ImagePullBackOff) on shop-web-/,
    );
    expect(error?.message).toContain('Rolled back from revision 2 to 1 (ReplicaSet/shop-web-');
    expect(error?.message).toContain('which is available again.');
    const workload = report!.workloads[0]!;
    expect(workload).toMatchObject({
      revisionBefore: '1',
      revisionAfter: '3',
      rollback: { fromRevision: 2, toRevision: 1 },
    });
    expect(workload.rollback?.result?.ok).toBe(true);
    const live = cluster.fake.getObject('apps', 'deployments', 'shop', 'shop-web');
    expect(imageOf(live)).toBe(`${IMAGE}:1.1.0`);
    expect(live?.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
    expect(live?.metadata.annotations?.['eks-deploy.aws-delivery.dev/rolled-back-from-revision']).toBe('2');
    const outputs = outputsOf(report!);
    expect(outputs['rolled-back']).toBe('true');
    expect(JSON.parse(outputs.revisions!)['Deployment/shop/shop-web']).toEqual({
      before: '1',
      after: '3',
      failed: '2',
      rolledBackTo: '1',
      status: 'pod-errors',
    });
    const summary = renderSummary(report!);
    expect(summary).toContain('eks-deploy: rolling deploy ❌ failed');
    expect(summary).toContain('revision 2 → 1 (ReplicaSet/shop-web-');
    expect(summary).toMatch(
      /```mermaid\ngantt\n[\s\S]*section Deployment\/shop\/shop-web\n {2}rollout :crit, t1, \d+, \d+\n {2}rollback :done, t2, \d+, \d+\n```/,
    );
  });

  it('the next good deploy applies cleanly after a rollback (field ownership stayed ours)', async () => {
    const { report, error } = await runStep(inputs({ images: `${IMAGE}:1.2.1` }), cluster.workspace);
    expect(error).toBeUndefined();
    expect(report?.workloads[0]).toMatchObject({ revisionBefore: '3', revisionAfter: '4' });
    expect(imageOf(cluster.fake.getObject('apps', 'deployments', 'shop', 'shop-web'))).toBe(`${IMAGE}:1.2.1`);
  });

  it('does not roll back when rollback-on-failure is false, and says so', async () => {
    const { report, error } = await runStep(
      inputs({ images: `${IMAGE}:1.3.0-crashloop`, 'rollback-on-failure': 'false' }),
      cluster.workspace,
    );
    expect(error?.message).toContain('Not rolled back: rollback-on-failure is false.');
    expect(error?.message).toMatch(/CrashLoopBackOff on shop-web-/);
    expect(report?.workloads[0]?.rollback).toBeUndefined();
    expect(imageOf(cluster.fake.getObject('apps', 'deployments', 'shop', 'shop-web'))).toBe(`${IMAGE}:1.3.0-crashloop`);
    // Put the good version back for the tests after this one.
    expect((await runStep(inputs({ images: `${IMAGE}:1.2.1` }), cluster.workspace)).error).toBeUndefined();
  });

  it('dry-run server prints a diff and changes nothing', async () => {
    const before = cluster.fake.getObject('apps', 'deployments', 'shop', 'shop-web')?.metadata.resourceVersion;
    const { report, error, stdout } = await runStep(
      inputs({ images: `${IMAGE}:2.0.0`, 'dry-run': 'server' }),
      cluster.workspace,
    );
    expect(error).toBeUndefined();
    expect(report?.applied.map((a) => a.outcome)).toEqual(['unchanged', 'unchanged', 'configured']);
    const diff = outputsOf(report!).diff!;
    expect(diff).toContain('--- live Deployment/shop/shop-web\n+++ applied Deployment/shop/shop-web');
    expect(diff).toContain(`-          image: ${IMAGE}:1.2.1\n+          image: ${IMAGE}:2.0.0`);
    expect(cluster.fake.getObject('apps', 'deployments', 'shop', 'shop-web')?.metadata.resourceVersion).toBe(before);
    expect(report?.workloads).toEqual([]);
    expect(stdout).toContain('Deployment/shop/shop-web configured (server dry run)');
    expect(renderSummary(report!)).toContain('<summary>Diff of what would change</summary>');
  });

  it('prunes what carries the apply set but left the manifests', async () => {
    const extra = `${cluster.workspace}/extra.yaml`;
    const { writeFileSync } = await import('node:fs');
    writeFileSync(extra, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: leftover\ndata: {a: "1"}\n');
    expect(
      (await runStep(inputs({ images: `${IMAGE}:1.2.1`, manifests: 'k8s\nextra.yaml' }), cluster.workspace)).error,
    ).toBeUndefined();
    expect(cluster.fake.getObject('', 'configmaps', 'shop', 'leftover')).toBeDefined();
    const { report, error } = await runStep(inputs({ images: `${IMAGE}:1.2.1`, prune: 'true' }), cluster.workspace);
    expect(error).toBeUndefined();
    expect(report?.deleted).toEqual(['ConfigMap/shop/leftover (pruned)']);
    expect(cluster.fake.getObject('', 'configmaps', 'shop', 'leftover')).toBeUndefined();
    expect(cluster.fake.getObject('', 'configmaps', 'shop', 'shop-web-config')).toBeDefined();
  });

  it('reaches a cluster by kubeconfig instead of DescribeCluster', async () => {
    // The fake writes its kubeconfig in a folder of its own: RUNNER_TEMP, where an earlier step would write it.
    const { report, error } = await runStep(
      { kubeconfig: cluster.fake.kubeconfigPath, manifests: 'k8s', namespace: 'shop', images: `${IMAGE}:1.2.1` },
      cluster.workspace,
      { RUNNER_TEMP: cluster.fake.dir },
    );
    expect(error).toBeUndefined();
    expect(report?.cluster).toMatch(
      /^kubeconfig context .* at https:\/\/127\.0\.0\.1:\d+, authenticating with the kubeconfig token$/,
    );
    expect(report?.applied.map((a) => a.outcome)).toEqual(['unchanged', 'unchanged', 'unchanged']);
  });

  it('explains a cluster name moto does not know', async () => {
    const { error } = await runStep(inputs({ 'cluster-name': 'nope' }), cluster.workspace);
    expect(error?.message).toMatch(/^eks:DescribeCluster \(nope\) failed: ResourceNotFoundException/);
  });

  it('refuses a token for another cluster name with the API server named', async () => {
    // The fake accepts tokens for shop-prod only; DescribeCluster of another (existing) cluster makes a token the
    // authenticator rejects, as a real cluster would.
    const { CreateClusterCommand, EKSClient } = await import('@aws-sdk/client-eks');
    const eks = new EKSClient({
      region: 'eu-west-1',
      endpoint: cluster.moto.endpoint,
      credentials: { accessKeyId: keys.AWS_ACCESS_KEY_ID, secretAccessKey: keys.AWS_SECRET_ACCESS_KEY },
    });
    await eks.send(
      new CreateClusterCommand({
        name: 'other',
        roleArn: 'arn:aws:iam::123456789012:role/eks',
        resourcesVpcConfig: { subnetIds: [] },
      }),
    );
    eks.destroy();
    const { error } = await runStep(inputs({ 'cluster-name': 'other' }), cluster.workspace);
    expect(error?.message).toContain(`on ${cluster.fake.url} failed with HTTP 401 Unauthorized`);
  });
});
