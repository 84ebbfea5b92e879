// The committed bundle (dist/eks-deploy) run as a runner runs it, on Node 20 and Node 24: deploy the sample to the
// fake cluster found through moto's DescribeCluster, then a broken image that is rolled back.
// Build first: node scripts/build.mjs --action eks-deploy --skip-typecheck
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { stringify } from 'yaml';
import { describeWithServices, findUnmaskedSecrets, simulateStep } from '@aws-delivery/testing';
import { keys, startTestCluster, type TestCluster } from './cluster.js';

const IMAGE = 'registry.example.internal:5000/shop/web';

describeWithServices(['moto', 'openssl'], 'eks-deploy bundle through the runner simulator', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startTestCluster();
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  const step = (node: 'node20' | 'node24', namespace: string, image: string, extra: Record<string, string> = {}) =>
    simulateStep({
      action: 'eks-deploy',
      node,
      workspace: cluster.workspace,
      inputs: {
        ...cluster.access,
        manifests: 'k8s/*.yaml',
        namespace,
        'create-namespace': 'true',
        images: `${IMAGE}:${image}`,
        'pod-error-grace-seconds': '0',
        ...extra,
      },
      env: { ...keys, AWS_EC2_METADATA_DISABLED: 'true', GITHUB_SHA: 'feedface', GITHUB_REPOSITORY: 'acme/shop' },
      timeoutMs: 60_000,
    });

  it.each(['node20', 'node24'] as const)('deploys, then rolls back a broken image (%s)', async (node) => {
    const ns = `bundle-${node}`;
    const first = await step(node, ns, '1.0.1');
    expect(first.exitCode).toBe(0);
    expect(first.outputs).toMatchObject({
      created: '4',
      configured: '0',
      unchanged: '0',
      'rolled-back': 'false',
      'strategy-state': 'deployed',
    });
    expect(JSON.parse(first.outputs.objects ?? '[]')).toEqual([
      { kind: 'Namespace', name: ns, outcome: 'created' },
      { kind: 'ConfigMap', namespace: ns, name: 'shop-web-config', outcome: 'created' },
      { kind: 'Service', namespace: ns, name: 'shop-web', outcome: 'created' },
      { kind: 'Deployment', namespace: ns, name: 'shop-web', outcome: 'created' },
    ]);
    expect(first.summary).toContain('eks-deploy: rolling deploy ✅ done');
    expect(first.summary).toContain('```mermaid\ngantt');

    const broken = await step(node, ns, '1.0.2-crashloop');
    expect(broken.exitCode).toBe(1);
    expect(broken.outputs['rolled-back']).toBe('true');
    expect(JSON.parse(broken.outputs.revisions ?? '{}')).toEqual({
      [`Deployment/${ns}/shop-web`]: { before: '1', after: '3', failed: '2', rolledBackTo: '1', status: 'pod-errors' },
    });
    const error = broken.annotations.find((a) => a.level === 'error' && a.message.startsWith('eks-deploy:'));
    expect(error?.message).toMatch(
      /CrashLoopBackOff on shop-web-.*Rolled back from revision 2 to 1 \(ReplicaSet\/shop-web-[a-z0-9]+\), which is available again\./,
    );
    expect(broken.summary).toContain('❌ failed');
    const live = cluster.fake.getObject('apps', 'deployments', ns, 'shop-web');
    expect(JSON.stringify(live?.spec)).toContain(`${IMAGE}:1.0.1`);
    // Tokens and keys never printed unmasked.
    const tokens = [...broken.stdout.matchAll(/::add-mask::(k8s-aws-v1\.\S+)/g)].map((m) => m[1]!);
    expect(tokens.length).toBeGreaterThan(0);
    expect(findUnmaskedSecrets(broken, [...tokens, keys.AWS_SECRET_ACCESS_KEY])).toEqual([]);
  });

  it('prints a container name carrying workflow commands, in the image line and in pod waiting messages, as text', async () => {
    // The sample with a container name that a pull request could give it; the API server answers it back in the
    // CrashLoopBackOff message, which the rollout log prints.
    const dir = join(cluster.workspace, 'hostile');
    cpSync(join(cluster.workspace, 'k8s'), dir, { recursive: true });
    const deployment = join(dir, 'deployment.yaml');
    const name = JSON.stringify('web\n::error::injected by container name\n::add-mask::shop');
    writeFileSync(deployment, readFileSync(deployment, 'utf8').replace('- name: web', `- name: ${name}`));
    const result = await step('node24', 'bundle-hostile', '1.0.2-crashloop', { manifests: 'hostile/*.yaml' });
    expect(result.exitCode).toBe(1);
    const errors = result.annotations.filter((a) => a.level === 'error').map((a) => a.message);
    // The object's own annotation and the step's error, each one annotation whatever the name holds.
    expect(errors).toEqual([
      expect.stringMatching(/^Deployment\/bundle-hostile\/shop-web: .*CrashLoopBackOff/),
      expect.stringMatching(/^eks-deploy: The rollout failed\. .*CrashLoopBackOff/),
    ]);
    expect(result.annotations.filter((a) => a.message.startsWith('injected'))).toEqual([]);
    expect(result.masks).not.toContain('shop');
    const shown = result.log.map((line) => line.shown?.replace(/\u200b/g, '') ?? '');
    expect(shown).toEqual(expect.arrayContaining([expect.stringMatching(/^Deployment\/.* container web$/)]));
    expect(shown.filter((line) => line === '::error::injected by container name').length).toBeGreaterThanOrEqual(2);
  });

  it.each([
    ['kubeconfig', () => ({ kubeconfig: cluster.fake.kubeconfigPath })],
    ['cluster-ca', () => ({ ...cluster.access, 'allow-paths-outside-workspace': 'false' })],
  ])(
    'refuses a %s file outside the workspace and RUNNER_TEMP, naming the input that allows it',
    async (input, access) => {
      const runnerTemp = mkdtempSync(join(tmpdir(), 'eks-deploy-runner-temp-'));
      const inputs: Record<string, string> = { ...access(), manifests: 'k8s' };
      const callsBefore = cluster.moto.requests().length;
      const result = await simulateStep({
        action: 'eks-deploy',
        node: 'node24',
        inputs,
        workspace: cluster.workspace,
        env: { ...keys, RUNNER_TEMP: runnerTemp },
      });
      rmSync(runnerTemp, { recursive: true, force: true });
      expect(result.exitCode).toBe(1);
      expect(result.annotations.filter((a) => a.level === 'error').map((a) => a.message)).toEqual([
        `eks-deploy: ${input} ${JSON.stringify(inputs[input])} is outside the workspace (${cluster.workspace}) and ` +
          `RUNNER_TEMP (${runnerTemp}). Fix: give a path inside the workspace or RUNNER_TEMP, or set ` +
          'allow-paths-outside-workspace: true if a path outside them is meant.',
      ]);
      // Refused before any call: DescribeCluster was not asked.
      expect(cluster.moto.requests().length).toBe(callsBefore);
    },
  );

  /** A kubeconfig in the workspace for the fake: its CA file where the fake keeps it, or a token file. */
  const workspaceKubeconfig = (user: Record<string, string>, cluster_: Record<string, string>) => {
    const text = stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'fake', cluster: { server: cluster.fake.url, ...cluster_ } }],
      contexts: [{ name: 'fake', context: { cluster: 'fake', user: 'ci' } }],
      'current-context': 'fake',
      users: [{ name: 'ci', user }],
    });
    writeFileSync(join(cluster.workspace, 'kubeconfig.yaml'), text, { mode: 0o600 });
    return 'kubeconfig.yaml';
  };
  const tokenFileOutside = () => {
    const file = join(mkdtempSync(join(tmpdir(), 'eks-deploy-token-')), 'token');
    writeFileSync(file, `${cluster.fake.token}\n`, { mode: 0o600 });
    return file;
  };
  const caData = () => Buffer.from(cluster.fake.caPem).toString('base64');

  it.each([
    [
      'certificate-authority',
      () => ({ file: cluster.fake.caCertPath, user: { token: cluster.fake.token }, at: {} as Record<string, string> }),
    ],
    ['tokenFile', () => ({ file: tokenFileOutside(), user: {}, at: { 'certificate-authority-data': caData() } })],
  ])(
    'refuses the %s a workspace kubeconfig names outside the workspace, and uses it with allow-paths-outside-workspace',
    async (field, given) => {
      const { file, user, at } = given();
      const kubeconfig =
        field === 'tokenFile'
          ? workspaceKubeconfig({ tokenFile: file }, at)
          : workspaceKubeconfig(user, { 'certificate-authority': file });
      const runnerTemp = mkdtempSync(join(tmpdir(), 'eks-deploy-runner-temp-'));
      const run = (allow: string) =>
        simulateStep({
          action: 'eks-deploy',
          node: 'node24',
          inputs: {
            kubeconfig,
            manifests: 'k8s/*.yaml',
            namespace: `files-${allow}`,
            'create-namespace': 'true',
            'allow-paths-outside-workspace': allow,
            'pod-error-grace-seconds': '0',
          },
          workspace: cluster.workspace,
          env: { RUNNER_TEMP: runnerTemp },
          timeoutMs: 60_000,
        });
      const requestsBefore = cluster.fake.requests.length;
      const refused = await run('false');
      expect(refused.exitCode).toBe(1);
      expect(refused.annotations.filter((a) => a.level === 'error').map((a) => a.message)).toEqual([
        `eks-deploy: Input "kubeconfig": the kubeconfig's ${field} ${JSON.stringify(file)} is outside the workspace ` +
          `(${cluster.workspace}) and RUNNER_TEMP (${runnerTemp}). Fix: give a path inside the workspace or ` +
          'RUNNER_TEMP, or set allow-paths-outside-workspace: true if a path outside them is meant.',
      ]);
      // Refused before the cluster was asked anything (no token or CA read from the file).
      expect(cluster.fake.requests.length).toBe(requestsBefore);
      const allowed = await run('true');
      rmSync(runnerTemp, { recursive: true, force: true });
      expect(allowed.annotations.filter((a) => a.level === 'error')).toEqual([]);
      expect(allowed.exitCode).toBe(0);
    },
  );

  it('fails with the input named when neither cluster-name nor kubeconfig is set', async () => {
    const result = await simulateStep({
      action: 'eks-deploy',
      node: 'node24',
      inputs: { manifests: 'k8s' },
      workspace: cluster.workspace,
    });
    expect(result.exitCode).toBe(1);
    expect(result.annotations.find((a) => a.level === 'error')?.message).toBe(
      'eks-deploy: Neither "cluster-name" nor "kubeconfig" is set, so there is no cluster to deploy to. Fix: set cluster-name (and aws-region) for EKS, or kubeconfig for another cluster.',
    );
  });
});
