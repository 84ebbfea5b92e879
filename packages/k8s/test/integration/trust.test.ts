// Which certificates the client trusts: the cluster's CA first alone (cheap, as kubectl trusts it), and Node's roots
// plus the CA bundle as well once a certificate needs them — so together exactly what it always trusted.
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestCa, describeWithServices, startFakeKubernetes, type FakeKubernetes } from '@aws-delivery/testing';
import { KubeClient } from '../../src/kube-client.js';
import { KubeNetworkError } from '../../src/kube-errors.js';

describeWithServices(['openssl'], 'the certificates the Kubernetes client trusts', () => {
  let fake: FakeKubernetes;
  let dir: string;
  /** A CA that signed nothing the fake serves. */
  let otherCa: string;

  beforeAll(async () => {
    fake = await startFakeKubernetes({ tickMs: 1000 });
    dir = mkdtempSync(join(tmpdir(), 'kube-trust-'));
    otherCa = readFileSync(createTestCa(join(dir, 'other')).caCertPath, 'utf8');
  });
  afterAll(async () => {
    await fake?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const client = (caPem: string, caBundle?: string) => {
    const log: string[] = [];
    const kube = new KubeClient(
      { server: fake.url, caPem, token: async () => fake.token, ...(caBundle ? { caBundle } : {}), env: {} },
      { log: (line) => log.push(line), retry: { maxAttempts: 2, baseDelayMs: 1 } },
    );
    return { kube, log };
  };

  it("verifies the server with the cluster's CA alone when it suffices", async () => {
    const { kube, log } = client(fake.caPem);
    await expect(kube.get('/version')).resolves.toMatchObject({ gitVersion: 'v1.32.0-eks-fake' });
    kube.close();
    expect(log).toEqual([]);
  });

  it("still trusts the CA bundle when the cluster's CA does not verify the server: requests and watches", async () => {
    // The kubeconfig's CA is not the one that signed the server; the CA bundle holds that one.
    const { kube, log } = client(otherCa, fake.caCertPath);
    await expect(kube.get('/version')).resolves.toMatchObject({ gitVersion: 'v1.32.0-eks-fake' });
    await expect(kube.get('/api/v1/namespaces')).resolves.toMatchObject({ kind: 'NamespaceList' });
    kube.close();
    expect(log).toEqual([
      `the certificate of ${fake.url} is not verified by the cluster's CA alone (UNABLE_TO_VERIFY_LEAF_SIGNATURE); trusting Node's roots and the CA bundle too`,
    ]);

    const watching = client(otherCa, fake.caCertPath);
    const stop = new AbortController();
    const events: string[] = [];
    for await (const event of watching.kube.watch('/api/v1/namespaces', {}, stop.signal, 'namespaces')) {
      events.push(event.type);
      break;
    }
    watching.kube.close();
    expect(events).toEqual(['ADDED']);
    expect(watching.log).toHaveLength(1);
  });

  it('refuses a server that neither the cluster CA nor any trusted CA verifies, after its attempts', async () => {
    const { kube } = client(otherCa);
    const error = await kube.get('/version').catch((e: unknown) => e);
    kube.close();
    expect(error).toBeInstanceOf(KubeNetworkError);
    expect((error as Error).message).toMatch(/^GET \/version on https:\/\/127\.0\.0\.1:\d+ failed after 2 attempts: /);
    expect((error as KubeNetworkError).code).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  });
});
