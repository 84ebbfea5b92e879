/**
 * Pins the fake to the real kubectl: if kubectl can apply, get, wait for and roll back workloads on the fake the way
 * it does on a real cluster, the fake answers the way a real API server does where eks-deploy relies on it.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { describeWithServices, startFakeKubernetes, type FakeKubernetes } from '@aws-delivery/testing';
import { eventually } from './http-client.js';
import { kubectl } from './kubectl-run.js';

function deployment(
  name: string,
  image: string,
  extra: { replicas?: number; progressDeadlineSeconds?: number; labels?: Record<string, string> } = {},
) {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels: ${JSON.stringify({ app: name, ...(extra.labels ?? {}) })}
spec:
  replicas: ${extra.replicas ?? 2}
${extra.progressDeadlineSeconds ? `  progressDeadlineSeconds: ${extra.progressDeadlineSeconds}\n` : ''}  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
        - name: app
          image: ${image}
          ports:
            - containerPort: 8080
`;
}

const SERVICE_AND_CONFIG = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports:
    - port: 80
      targetPort: 8080
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
data:
  greeting: hello
`;

describeWithServices(['kubectl', 'openssl'], 'fake Kubernetes API server with the real kubectl', () => {
  let fake: FakeKubernetes;
  let namespace = 0;
  const freshNamespace = async () => {
    namespace += 1;
    const name = `t${namespace}`;
    // Not `kubectl create namespace`: typed kubectl commands send protobuf bodies, which the fake does not decode.
    const created = await kubectl(
      fake,
      ['apply', '--server-side', '-f', '-'],
      `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}}\n`,
    );
    expect(created).toMatchObject({ code: 0, stdout: `namespace/${name} serverside-applied\n` });
    return name;
  };
  const getJson = async (ns: string, what: string) => {
    const result = await kubectl(fake, ['-n', ns, 'get', what, '-o', 'json']);
    expect(result.stderr).toBe('');
    return JSON.parse(result.stdout);
  };

  beforeAll(async () => {
    fake = await startFakeKubernetes({ tickMs: 50 });
  });
  afterAll(async () => {
    const problems = { errors: fake?.controller.errors, lastError: fake?.controller.lastError };
    await fake?.stop();
    expect(problems).toEqual({ errors: [], lastError: undefined });
  });

  it('applies a Deployment, a Service and a ConfigMap server-side and serves them back', async () => {
    const ns = await freshNamespace();
    const result = await kubectl(
      fake,
      ['-n', ns, 'apply', '--server-side', '-f', '-'],
      `${deployment('web', 'registry.example/web:1.0')}---\n${SERVICE_AND_CONFIG}`,
    );
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout.trim().split('\n')).toEqual([
      'deployment.apps/web serverside-applied',
      'service/web serverside-applied',
      'configmap/web-config serverside-applied',
    ]);
    const service = await getJson(ns, 'service/web');
    expect(service.spec).toMatchObject({ type: 'ClusterIP', ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }] });
    expect(service.spec.clusterIP).toMatch(/^10\.96\./);
    expect((await getJson(ns, 'configmap/web-config')).data).toEqual({ greeting: 'hello' });
    const stored = fake.getObject('apps', 'deployments', ns, 'web');
    expect(stored?.metadata.managedFields?.find((m) => m.manager === 'kubectl')).toMatchObject({
      operation: 'Apply',
      apiVersion: 'apps/v1',
    });
  });

  it('shows generation and observedGeneration, and bumps generation only when the spec changes', async () => {
    const ns = await freshNamespace();
    await kubectl(fake, ['-n', ns, 'apply', '--server-side', '-f', '-'], deployment('gen', 'registry.example/gen:1'));
    const first = await eventually(
      () => getJson(ns, 'deployment/gen'),
      (d) => d.status?.observedGeneration === 1,
    );
    expect(first.metadata.generation).toBe(1);

    const relabelled = await kubectl(
      fake,
      ['-n', ns, 'apply', '--server-side', '-f', '-'],
      deployment('gen', 'registry.example/gen:1', { labels: { team: 'a' } }),
    );
    expect(relabelled.code).toBe(0);
    const afterLabel = await getJson(ns, 'deployment/gen');
    expect(afterLabel.metadata.labels).toEqual({ app: 'gen', team: 'a' });
    expect(afterLabel.metadata.generation).toBe(1);

    await kubectl(
      fake,
      ['-n', ns, 'apply', '--server-side', '-f', '-'],
      deployment('gen', 'registry.example/gen:1', { labels: { team: 'a' }, replicas: 3 }),
    );
    const scaled = await eventually(
      () => getJson(ns, 'deployment/gen'),
      (d) => d.status?.observedGeneration === 2,
    );
    expect(scaled.metadata.generation).toBe(2);
  });

  it('lets kubectl rollout status succeed for a good image', async () => {
    const ns = await freshNamespace();
    await kubectl(
      fake,
      ['-n', ns, 'apply', '--server-side', '-f', '-'],
      deployment('good', 'registry.example/good:1', { replicas: 3 }),
    );
    const status = await kubectl(fake, ['-n', ns, 'rollout', 'status', 'deployment/good', '--timeout=30s']);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('deployment "good" successfully rolled out');
    const d = await getJson(ns, 'deployment/good');
    expect(d.status).toMatchObject({ replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 });
  });

  it('makes kubectl rollout status fail with ProgressDeadlineExceeded for a never-ready image', async () => {
    const ns = await freshNamespace();
    await kubectl(
      fake,
      ['-n', ns, 'apply', '--server-side', '-f', '-'],
      deployment('stuck', 'registry.example/never-ready:1', { progressDeadlineSeconds: 2 }),
    );
    const status = await kubectl(fake, ['-n', ns, 'rollout', 'status', 'deployment/stuck', '--timeout=40s']);
    expect(status.code).not.toBe(0);
    expect(status.stderr).toContain('deployment "stuck" exceeded its progress deadline');
    const d = await getJson(ns, 'deployment/stuck');
    expect(d.status.conditions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }),
      ]),
    );
    const pods = await kubectl(fake, ['-n', ns, 'get', 'pods', '--no-headers']);
    expect(pods.stdout).toMatch(/0\/1\s+Running/);
  });

  it('rolls back with kubectl rollout undo to the previous ReplicaSet and numbers revisions as a real cluster does', async () => {
    const ns = await freshNamespace();
    await kubectl(fake, ['-n', ns, 'apply', '--server-side', '-f', '-'], deployment('web', 'registry.example/web:1.0'));
    expect((await kubectl(fake, ['-n', ns, 'rollout', 'status', 'deployment/web', '--timeout=30s'])).code).toBe(0);
    const setImage = await kubectl(fake, ['-n', ns, 'set', 'image', 'deployment/web', 'app=registry.example/web:2.0']);
    expect(setImage).toMatchObject({ code: 0, stdout: 'deployment.apps/web image updated\n' });
    expect((await kubectl(fake, ['-n', ns, 'rollout', 'status', 'deployment/web', '--timeout=30s'])).code).toBe(0);

    const undo = await kubectl(fake, ['-n', ns, 'rollout', 'undo', 'deployment/web']);
    expect(undo).toMatchObject({ code: 0, stdout: 'deployment.apps/web rolled back\n' });
    expect((await kubectl(fake, ['-n', ns, 'rollout', 'status', 'deployment/web', '--timeout=30s'])).code).toBe(0);

    const d = await getJson(ns, 'deployment/web');
    expect(d.spec.template.spec.containers[0].image).toBe('registry.example/web:1.0');
    expect(d.metadata.annotations['deployment.kubernetes.io/revision']).toBe('3');
    const replicaSets = (await getJson(ns, 'replicasets')).items;
    expect(replicaSets).toHaveLength(2);
    const byImage = Object.fromEntries(
      replicaSets.map((rs: { spec: { template: { spec: { containers: { image: string }[] } } } }) => [
        rs.spec.template.spec.containers[0]?.image,
        rs,
      ]),
    );
    expect(byImage['registry.example/web:1.0'].metadata.annotations).toMatchObject({
      'deployment.kubernetes.io/revision': '3',
      'deployment.kubernetes.io/revision-history': '1',
    });
    expect(byImage['registry.example/web:1.0'].spec.replicas).toBe(2);
    expect(byImage['registry.example/web:2.0'].metadata.annotations['deployment.kubernetes.io/revision']).toBe('2');
    expect(byImage['registry.example/web:2.0'].spec.replicas).toBe(0);
    const history = await kubectl(fake, ['-n', ns, 'rollout', 'history', 'deployment/web']);
    expect(
      history.stdout
        .trim()
        .split('\n')
        .slice(2)
        .map((l) => l.split(/\s+/)[0]),
    ).toEqual(['2', '3']);
  });

  it('refuses a second field manager’s conflicting apply and lets --force-conflicts take the field over', async () => {
    const ns = await freshNamespace();
    expect(
      (
        await kubectl(
          fake,
          ['-n', ns, 'apply', '--server-side', '--field-manager=team-a', '-f', '-'],
          deployment('shared', 'registry.example/a:1'),
        )
      ).code,
    ).toBe(0);
    const conflict = await kubectl(
      fake,
      ['-n', ns, 'apply', '--server-side', '--field-manager=team-b', '-f', '-'],
      deployment('shared', 'registry.example/b:1'),
    );
    expect(conflict.code).not.toBe(0);
    expect(conflict.stderr).toContain(
      'Apply failed with 1 conflict: conflict with "team-a": .spec.template.spec.containers[name="app"].image',
    );
    expect(conflict.stderr).toContain('--force-conflicts');
    expect((await getJson(ns, 'deployment/shared')).spec.template.spec.containers[0].image).toBe(
      'registry.example/a:1',
    );

    const forced = await kubectl(
      fake,
      ['-n', ns, 'apply', '--server-side', '--force-conflicts', '--field-manager=team-b', '-f', '-'],
      deployment('shared', 'registry.example/b:1'),
    );
    expect(forced).toMatchObject({ code: 0, stdout: 'deployment.apps/shared serverside-applied\n' });
    const d = await getJson(ns, 'deployment/shared');
    expect(d.spec.template.spec.containers[0].image).toBe('registry.example/b:1');
    const managed = fake.getObject('apps', 'deployments', ns, 'shared')?.metadata.managedFields ?? [];
    const owns = (manager: string) =>
      JSON.stringify(managed.find((m) => m.manager === manager)?.fieldsV1 ?? {}).includes('"f:image"');
    expect(owns('team-b')).toBe(true);
    expect(owns('team-a')).toBe(false);
  });

  it('shows CrashLoopBackOff in kubectl get pods for a crash-looping image', async () => {
    const ns = await freshNamespace();
    await kubectl(
      fake,
      ['-n', ns, 'apply', '--server-side', '-f', '-'],
      deployment('crash', 'registry.example/crashloop:1', { replicas: 1 }),
    );
    const pods = await eventually(
      () => kubectl(fake, ['-n', ns, 'get', 'pods']),
      (r) => /crash-\w+-\w+\s+0\/1\s+CrashLoopBackOff\s+[1-9]/.test(r.stdout),
    );
    expect(pods.stdout.split('\n')[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
  });

  it('rolls out and rolls back StatefulSets and DaemonSets through ControllerRevisions', async () => {
    const ns = await freshNamespace();
    const manifests = `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  replicas: 2
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: db, image: registry.example/db:1}]}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec: {containers: [{name: agent, image: registry.example/agent:1}]}
`;
    expect((await kubectl(fake, ['-n', ns, 'apply', '--server-side', '-f', '-'], manifests)).code).toBe(0);
    for (const target of ['statefulset/db', 'daemonset/agent']) {
      expect((await kubectl(fake, ['-n', ns, 'rollout', 'status', target, '--timeout=30s'])).code).toBe(0);
    }
    expect((await kubectl(fake, ['-n', ns, 'set', 'image', 'statefulset/db', 'db=registry.example/db:2'])).code).toBe(
      0,
    );
    expect(
      (await kubectl(fake, ['-n', ns, 'set', 'image', 'daemonset/agent', 'agent=registry.example/agent:2'])).code,
    ).toBe(0);
    const sts = await kubectl(fake, ['-n', ns, 'rollout', 'status', 'statefulset/db', '--timeout=30s']);
    expect(sts.stdout).toContain('partitioned roll out complete: 2 new pods have been updated');
    const ds = await kubectl(fake, ['-n', ns, 'rollout', 'status', 'daemonset/agent', '--timeout=30s']);
    expect(ds.stdout).toContain('daemon set "agent" successfully rolled out');

    expect((await kubectl(fake, ['-n', ns, 'rollout', 'undo', 'statefulset/db'])).stdout).toBe(
      'statefulset.apps/db rolled back\n',
    );
    expect((await kubectl(fake, ['-n', ns, 'rollout', 'undo', 'daemonset/agent'])).stdout).toBe(
      'daemonset.apps/agent rolled back\n',
    );
    for (const target of ['statefulset/db', 'daemonset/agent']) {
      expect((await kubectl(fake, ['-n', ns, 'rollout', 'status', target, '--timeout=30s'])).code).toBe(0);
    }
    const revisions = (await getJson(ns, 'controllerrevisions')).items as {
      metadata: { name: string; ownerReferences: { name: string }[] };
      revision: number;
      data: { spec: { template: { spec: { containers: { image: string }[] } } } };
    }[];
    const summary = revisions
      .map(
        (r) => `${r.metadata.ownerReferences[0]?.name} ${r.revision} ${r.data.spec.template.spec.containers[0]?.image}`,
      )
      .sort();
    expect(summary).toEqual([
      'agent 2 registry.example/agent:2',
      'agent 3 registry.example/agent:1',
      'db 2 registry.example/db:2',
      'db 3 registry.example/db:1',
    ]);
    const pods = (await getJson(ns, 'pods')).items as { spec: { containers: { image: string }[] } }[];
    expect(pods.map((p) => p.spec.containers[0]?.image).sort()).toEqual([
      ...Array(3).fill('registry.example/agent:1'),
      ...Array(2).fill('registry.example/db:1'),
    ]);
  });

  it('also works with client-side kubectl apply, which falls back when /openapi/v2 is absent', async () => {
    const ns = await freshNamespace();
    const created = await kubectl(fake, ['-n', ns, 'apply', '-f', '-'], deployment('csa', 'registry.example/csa:1'));
    expect(created).toMatchObject({ code: 0, stdout: 'deployment.apps/csa created\n' });
    const configured = await kubectl(fake, ['-n', ns, 'apply', '-f', '-'], deployment('csa', 'registry.example/csa:2'));
    expect(configured).toMatchObject({ code: 0, stdout: 'deployment.apps/csa configured\n' });
    const d = await getJson(ns, 'deployment/csa');
    expect(d.spec.template.spec.containers[0].image).toBe('registry.example/csa:2');
    expect(d.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']).toContain(
      'registry.example/csa:2',
    );
  });

  it('answers kubectl with a wrong token as a real server does (401 Unauthorized)', async () => {
    const result = await kubectl(fake, ['--token', 'not-the-token', 'get', 'namespaces']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('error: You must be logged in to the server');
  });
});
