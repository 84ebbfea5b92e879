// The Kubernetes client, discovery, server-side apply and watch against the fake API server (TLS with its own CA,
// EKS token verification as aws-iam-authenticator does it).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeWithServices, startFakeKubernetes, type FakeKubernetes } from '@aws-delivery/testing';
import { EksTokenSource } from '../../src/eks-token.js';
import { KubeClient } from '../../src/kube-client.js';
import { KubeApiError, KubeNetworkError } from '../../src/kube-errors.js';
import { Discovery } from '../../src/discovery.js';
import { applyPlan, ApplyConflictError, applyObject } from '../../src/apply.js';
import { planApply } from '../../src/apply-plan.js';
import { ObjectWatch } from '../../src/object-watch.js';
import { configMap, deployment, keys, manifests, namespaceObject } from './helpers.js';

const noSleep = () => Promise.resolve();

describeWithServices(['openssl'], 'Kubernetes client against the fake API server', () => {
  let fake: FakeKubernetes;
  let client: KubeClient;
  let discovery: Discovery;

  beforeAll(async () => {
    fake = await startFakeKubernetes({ eks: { clusterName: 'prod-1' }, tickMs: 20 });
    fake.trustAwsCredentials(keys.accessKeyId, keys.secretAccessKey);
    const tokens = new EksTokenSource({ clusterName: 'prod-1', region: 'eu-west-1', credentials: keys });
    client = new KubeClient({
      server: fake.url,
      caPem: fake.caPem,
      token: () => tokens.token(),
      invalidateToken: () => tokens.invalidate(),
    });
    discovery = new Discovery(client);
  });
  afterAll(async () => {
    client?.close();
    await fake?.stop();
  });

  describe('authentication', () => {
    it('authenticates with the in-process EKS token, signature verified', async () => {
      const version = await discovery.serverVersion();
      expect(version).toMatch(/^v1\./);
      await client.get('/api/v1/namespaces');
      const last = fake.authLog.at(-1)?.outcome;
      expect(last).toEqual({ ok: true, user: `eks:${keys.accessKeyId}`, method: 'eks', signatureChecked: true });
    });

    it('a token for another cluster is refused with a 401 that names the server and explains', async () => {
      const other = new EksTokenSource({ clusterName: 'staging', region: 'eu-west-1', credentials: keys });
      const wrong = new KubeClient(
        { server: fake.url, caPem: fake.caPem, token: () => other.token(), invalidateToken: () => other.invalidate() },
        { sleep: noSleep },
      );
      const error = await wrong.get('/api/v1/namespaces', undefined, 'namespaces').catch((e: unknown) => e);
      wrong.close();
      expect(error).toBeInstanceOf(KubeApiError);
      expect((error as KubeApiError).status).toBe(401);
      expect((error as Error).message).toContain(`GET namespaces on ${fake.url} failed with HTTP 401 Unauthorized`);
      expect((error as Error).message).toContain('access entry');
    });

    it('refuses a server whose certificate the cluster CA did not sign', async () => {
      const untrusting = new KubeClient(
        { server: fake.url, token: async () => fake.token },
        { sleep: noSleep, retry: { maxAttempts: 1 } },
      );
      const error = await untrusting.get('/version').catch((e: unknown) => e);
      untrusting.close();
      expect(error).toBeInstanceOf(KubeNetworkError);
      expect((error as Error).message).toMatch(new RegExp(`GET /version on ${fake.url} failed: .*certificate`, 'i'));
    });
  });

  it('checks the certificate against tlsServerName when one is given (a tunnel to another address)', async () => {
    const named = new KubeClient({
      server: fake.url,
      caPem: fake.caPem,
      token: async () => fake.token,
      tlsServerName: 'localhost',
    });
    expect(await named.get('/version')).toMatchObject({ major: '1' });
    named.close();
    const wrong = new KubeClient(
      { server: fake.url, caPem: fake.caPem, token: async () => fake.token, tlsServerName: 'api.shop-prod.internal' },
      { sleep: noSleep, retry: { maxAttempts: 1 } },
    );
    await expect(wrong.get('/version')).rejects.toThrow(/api\.shop-prod\.internal/);
    wrong.close();
  });

  describe('discovery', () => {
    it.each([
      ['apps/v1', 'Deployment', 'deployments', true],
      ['v1', 'Namespace', 'namespaces', false],
      ['v1', 'ConfigMap', 'configmaps', true],
      ['apps/v1', 'ControllerRevision', 'controllerrevisions', true],
    ])('%s %s → %s (namespaced %s)', async (apiVersion, kind, resource, namespaced) => {
      expect(await discovery.resolve(apiVersion, kind)).toMatchObject({ resource, namespaced });
    });

    it('answers undefined for what the server does not serve, and require() explains', async () => {
      expect(await discovery.resolve('extensions/v1beta1', 'Deployment')).toBeUndefined();
      expect(await discovery.resolve('v1', 'Widget')).toBeUndefined();
      await expect(discovery.require('example.com/v1', 'Widget')).rejects.toThrow(
        /does not serve Widget in example.com\/v1/,
      );
    });
  });

  describe('server-side apply', () => {
    const scope = async (apiVersion: string, kind: string) => (await discovery.resolve(apiVersion, kind))?.namespaced;

    async function plan(objects: ReturnType<typeof manifests>, namespace: string) {
      const scopes = new Map<string, boolean | undefined>();
      for (const { object } of objects)
        scopes.set(`${object.apiVersion}|${object.kind}`, await scope(object.apiVersion, object.kind));
      return planApply(objects, {
        namespace,
        isNamespaced: (v, k) => scopes.get(`${v}|${k}`),
        managedBy: 'eks-deploy',
        applySet: 'test',
        provenance: { commit: Math.random().toString(36) },
      });
    }
    const ignore = ['eks-deploy.aws-delivery.dev/commit'];

    it('creates, leaves unchanged, configures, and dry-runs with a diff', async () => {
      const objects = manifests(
        namespaceObject('apply1'),
        configMap('cfg', '', { a: '1' }),
        deployment('web', '', 'app:1'),
      );
      for (const m of objects) if (m.object.kind !== 'Namespace') delete m.object.metadata.namespace;
      const first = await applyPlan(client, discovery, await plan(objects, 'apply1'), {
        fieldManager: 'eks-deploy',
        ignoreAnnotations: ignore,
      });
      expect(first.map((r) => [r.description, r.outcome])).toEqual([
        ['Namespace/apply1', 'created'],
        ['ConfigMap/apply1/cfg', 'created'],
        ['Deployment/apply1/web', 'created'],
      ]);
      expect(fake.getObject('apps', 'deployments', 'apply1', 'web')?.metadata.managedFields?.[0]).toMatchObject({
        manager: 'eks-deploy',
        operation: 'Apply',
      });

      const again = await applyPlan(client, discovery, await plan(objects, 'apply1'), {
        fieldManager: 'eks-deploy',
        ignoreAnnotations: ignore,
      });
      expect(again.map((r) => r.outcome)).toEqual(['unchanged', 'unchanged', 'unchanged']);

      (objects[1]!.object.data as Record<string, string>).a = '2';
      const dry = await applyPlan(client, discovery, await plan(objects, 'apply1'), {
        fieldManager: 'eks-deploy',
        ignoreAnnotations: ignore,
        dryRun: true,
      });
      expect(dry.map((r) => r.outcome)).toEqual(['unchanged', 'configured', 'unchanged']);
      expect(dry[1]!.diff).toContain('-  a: "1"\n+  a: "2"');
      expect(fake.getObject('', 'configmaps', 'apply1', 'cfg')?.data).toEqual({ a: '1' });

      const changed = await applyPlan(client, discovery, await plan(objects, 'apply1'), {
        fieldManager: 'eks-deploy',
        ignoreAnnotations: ignore,
      });
      expect(changed.map((r) => r.outcome)).toEqual(['unchanged', 'configured', 'unchanged']);
      expect(fake.getObject('', 'configmaps', 'apply1', 'cfg')?.data).toEqual({ a: '2' });
    });

    it('applies a CRD first and then its custom resources, waiting for discovery to serve the new kind', async () => {
      const crd = {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: 'widgets.example.com' },
        spec: {
          group: 'example.com',
          scope: 'Namespaced',
          names: { kind: 'Widget', plural: 'widgets', singular: 'widget', listKind: 'WidgetList' },
          versions: [
            {
              name: 'v1',
              served: true,
              storage: true,
              schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
            },
          ],
        },
      };
      const widget = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w1' }, spec: { size: 3 } };
      const objects = manifests(widget as never, namespaceObject('crd1'), crd as never);
      expect(await discovery.resolve('example.com/v1', 'Widget')).toBeUndefined();
      const applied = await applyPlan(client, discovery, await plan(objects, 'crd1'), { fieldManager: 'eks-deploy' });
      expect(applied.map((r) => [r.description, r.outcome])).toEqual([
        ['Namespace/crd1', 'created'],
        ['CustomResourceDefinition/widgets.example.com', 'created'],
        ['Widget/crd1/w1', 'created'],
      ]);
      expect(fake.getObject('example.com', 'widgets', 'crd1', 'w1')?.spec).toEqual({ size: 3 });
    });

    it('reports a conflict with the fields and their manager, and forces only when asked', async () => {
      await applyPlan(client, discovery, await plan(manifests(namespaceObject('apply2')), 'apply2'), {
        fieldManager: 'eks-deploy',
      });
      const info = await discovery.require('v1', 'ConfigMap');
      await applyObject(client, info, configMap('shared', 'apply2', { owner: 'ops' }), { fieldManager: 'ops-team' });
      const error = await applyObject(client, info, configMap('shared', 'apply2', { owner: 'us' }), {
        fieldManager: 'eks-deploy',
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApplyConflictError);
      expect((error as Error).message).toContain(
        'Server-side apply of ConfigMap/apply2/shared as field manager "eks-deploy" conflicts',
      );
      expect((error as Error).message).toContain('.data.owner (owned by "ops-team")');
      expect((error as Error).message).toContain('force-conflicts: true');
      const forced = await applyObject(client, info, configMap('shared', 'apply2', { owner: 'us' }), {
        fieldManager: 'eks-deploy',
        force: true,
      });
      expect(forced.outcome).toBe('configured');
      expect(forced.object.data).toEqual({ owner: 'us' });
    });
  });

  describe('watch', () => {
    it('lists, follows changes, reconnects after the server ends the stream, and re-lists after 410 Gone', async () => {
      const info = await discovery.require('v1', 'ConfigMap');
      await applyPlan(
        client,
        discovery,
        { waves: [[{ object: namespaceObject('watch1'), source: 'x', key: 'ns', namespaced: false }]] },
        { fieldManager: 't' },
      );
      const watch = new ObjectWatch(
        client,
        { path: '/api/v1/namespaces/watch1/configmaps', labelSelector: 'w=1', what: 'configmaps' },
        { watchTimeoutSeconds: 1 },
      );
      const seen: string[] = [];
      watch.onChange((items) =>
        seen.push(
          items
            .map((i) => `${i.metadata.name}=${(i.data as Record<string, string>)?.v}`)
            .sort()
            .join(','),
        ),
      );
      const stop = new AbortController();
      const running = watch.run(stop.signal);
      const put = (name: string, v: string) =>
        applyObject(
          client,
          info,
          { ...configMap(name, 'watch1', { v }), metadata: { name, namespace: 'watch1', labels: { w: '1' } } },
          { fieldManager: 't' },
        );
      const until = async (text: string) => {
        for (let i = 0; i < 200 && !seen.includes(text); i++) await new Promise((r) => setTimeout(r, 10));
        expect(seen).toContain(text);
      };
      await put('a', '1');
      await until('a=1');
      // The server ends each watch after 1 s; changes made after that still arrive.
      await new Promise((r) => setTimeout(r, 1300));
      await put('b', '1');
      await until('a=1,b=1');
      expect(watch.stats.watches).toBeGreaterThanOrEqual(2);
      // Disconnected while objects change and the history is compacted: resuming gets 410, lists again and
      // misses nothing.
      stop.abort();
      await running;
      await put('a', '2');
      fake.compactWatchHistory();
      const resume = new AbortController();
      const resumed = watch.run(resume.signal);
      await until('a=2,b=1');
      await put('c', '1');
      await until('a=2,b=1,c=1');
      resume.abort();
      await resumed;
      expect(watch.stats.gone).toBeGreaterThanOrEqual(1);
      expect(watch.stats.lists).toBeGreaterThanOrEqual(2);
    });
  });
});

describe('retries', () => {
  let server: Server;
  let url: string;
  const script: { status: number; headers?: Record<string, string>; body: string }[] = [];
  let hits = 0;
  beforeAll(async () => {
    server = createServer((_req, res) => {
      hits++;
      const next = script.shift() ?? { status: 200, body: '{"ok":true}' };
      res.writeHead(next.status, { 'Content-Type': 'application/json', ...(next.headers ?? {}) });
      res.end(next.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const status = (code: number, reason: string) =>
    JSON.stringify({ kind: 'Status', status: 'Failure', reason, code, message: `${reason} message` });

  it('retries 429 (honouring Retry-After) and 5xx, then succeeds', async () => {
    hits = 0;
    script.push(
      { status: 429, headers: { 'Retry-After': '2' }, body: status(429, 'TooManyRequests') },
      { status: 503, body: status(503, 'ServiceUnavailable') },
    );
    const waits: number[] = [];
    const lines: string[] = [];
    const client = new KubeClient(
      { server: url },
      { sleep: async (ms) => void waits.push(ms), log: (l) => lines.push(l) },
    );
    expect(await client.get('/api/v1')).toEqual({ ok: true });
    client.close();
    expect(hits).toBe(3);
    expect(waits[0]).toBe(2000);
    expect(lines[0]).toContain('HTTP 429 TooManyRequests');
  });

  it.each([
    [400, 'BadRequest'],
    [403, 'Forbidden'],
    [404, 'NotFound'],
    [422, 'Invalid'],
  ])('does not retry %i', async (code, reason) => {
    hits = 0;
    script.push({ status: code, body: status(code, reason) });
    const client = new KubeClient({ server: url }, { sleep: noSleep });
    const error = await client
      .get('/apis/apps/v1/namespaces/x/deployments/web', undefined, 'Deployment x/web')
      .catch((e: unknown) => e);
    client.close();
    expect(hits).toBe(1);
    expect((error as Error).message).toContain(
      `GET Deployment x/web on ${url} failed with HTTP ${code} ${reason}: ${reason} message`,
    );
  });

  it('gives up after the last attempt with the last status', async () => {
    hits = 0;
    for (let i = 0; i < 3; i++) script.push({ status: 500, body: status(500, 'InternalError') });
    const client = new KubeClient({ server: url }, { sleep: noSleep, retry: { maxAttempts: 3 } });
    await expect(client.get('/x')).rejects.toThrow(/HTTP 500 InternalError/);
    client.close();
    expect(hits).toBe(3);
  });

  it('retries network failures and then names the server', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    let waits = 0;
    const client = new KubeClient(
      { server: `http://127.0.0.1:${port}` },
      { sleep: async () => void waits++, retry: { maxAttempts: 3 } },
    );
    const error = await client.get('/version').catch((e: unknown) => e);
    client.close();
    expect(error).toBeInstanceOf(KubeNetworkError);
    expect((error as Error).message).toContain(`GET /version on http://127.0.0.1:${port} failed after 3 attempts:`);
    expect((error as Error).message).toContain('ECONNREFUSED');
    expect(waits).toBe(2);
  });

  it('enforces the per-request deadline', async () => {
    const slow = createServer(() => undefined);
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    const client = new KubeClient(
      { server: `http://127.0.0.1:${(slow.address() as AddressInfo).port}` },
      { sleep: noSleep, retry: { maxAttempts: 1 }, requestTimeoutMs: 100 },
    );
    await expect(client.get('/version')).rejects.toThrow(/no complete answer within 100 ms/);
    client.close();
    slow.closeAllConnections();
    await new Promise<void>((resolve) => slow.close(() => resolve()));
  });
});

describeWithServices(['openssl'], "the server's /version, checked before it is printed", () => {
  // /version answers a version.Info (k8s.io/apimachinery/pkg/version), whose gitVersion is the build's semantic
  // version with a v: v1.32.0-eks-5e3d6a1 on EKS, v1.28.4+k3s2 on k3s. A proxy or a hostile server may answer more.
  it.each([
    ['v1.32.0-eks-5e3d6a1', 'v1.32.0-eks-5e3d6a1'],
    ['v1.28.4+k3s2', 'v1.28.4+k3s2'],
    ['v1.30.0\n::error::injected', 'with an unrecognised gitVersion "v1.30.0\\n::error::injected"'],
    ['v1.30.0 ' + 'x'.repeat(100), `with an unrecognised gitVersion "v1.30.0 ${'x'.repeat(32)}"… (108 characters)`],
    ['', 'without a version'],
  ])('%j is shown as %j', async (gitVersion, shown) => {
    const fake = await startFakeKubernetes({ version: { gitVersion }, startControllers: false });
    const client = new KubeClient({ server: fake.url, caPem: fake.caPem, token: async () => fake.token });
    try {
      expect(await new Discovery(client).serverVersion()).toBe(shown);
    } finally {
      client.close();
      await fake.stop();
    }
  });
});
