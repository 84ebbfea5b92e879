/**
 * Hostile Kubernetes answers through the eks-deploy bundle, on the fake API server: a /version gitVersion, a pod's
 * waiting reason and message, and a Deployment's condition messages that carry workflow commands (what a
 * compromised API server, or anyone allowed to write a status, could answer). The rollout log, the error and the
 * summary's rollout events must print none of it live, and no output may gain a key.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  HOSTILE_TEXT,
  repoRoot,
  simulateStep,
  startFakeKubernetes,
  stepInjections,
  type FakeKubernetes,
  type StepResult,
} from '@aws-delivery/testing';
import { expectCleanFailure } from './clean-failure.js';

/** Waits for a condition the fake reaches on its own, polling; far above what the fake needs (a few ticks). */
async function waitFor<T>(what: string, probe: () => T | undefined, ms = 30_000): Promise<T> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) {
    const value = probe();
    if (value !== undefined) return value;
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('eks-deploy against a Kubernetes API that answers hostile text', () => {
  let fake: FakeKubernetes;
  let workspace: string;
  beforeAll(async () => {
    workspace = mkdtempSync(join(tmpdir(), 'hostile-k8s-'));
    fake = await startFakeKubernetes({ dir: join(workspace, 'cluster'), tickMs: 20 });
    cpSync(join(repoRoot, 'demo/k8s'), join(workspace, 'k8s'), { recursive: true });
  });
  afterAll(async () => {
    await fake?.stop();
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  });

  /** A merge patch of a status, as a kubelet or controller writes it. */
  function patchStatus(path: string, status: unknown): Promise<number> {
    const body = JSON.stringify({ status });
    return new Promise((resolve, reject) => {
      const req = request(
        `${fake.url}${path}/status`,
        {
          method: 'PATCH',
          ca: fake.caPem,
          headers: {
            authorization: `Bearer ${fake.token}`,
            'content-type': 'application/merge-patch+json',
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  const step = (
    namespace: string,
    image: string,
    extra: Record<string, string> = {},
    cluster: FakeKubernetes = fake,
  ): Promise<StepResult> => {
    const path = join(workspace, 'k8s/deployment.yaml');
    writeFileSync(path, readFileSync(path, 'utf8').replace(/image: .*/, `image: ${image}`));
    return simulateStep({
      action: 'eks-deploy',
      workspace,
      inputs: {
        kubeconfig: cluster.kubeconfigPath,
        manifests: 'k8s/*.yaml',
        namespace,
        'create-namespace': 'true',
        'pod-error-grace-seconds': '0',
        ...extra,
      },
      env: { GITHUB_SHA: 'feedface', GITHUB_REPOSITORY: 'acme/shop' },
      timeoutMs: 90_000,
    });
  };

  it('deploys and prints nothing live of a hostile gitVersion', async () => {
    const hostile = await startFakeKubernetes({
      dir: join(workspace, 'hostile-version'),
      version: { gitVersion: `v1.32.0\n${HOSTILE_TEXT}` },
    });
    try {
      const result = await step('hostile-version', 'registry.example.internal:5000/shop/web:1.0.0', {}, hostile);
      expect(stepInjections(result)).toEqual([]);
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toContain('unrecognised gitVersion');
    } finally {
      await hostile.stop();
    }
  });

  /** Starts a rollout that cannot finish on its own, waits for its first pod, pauses the cluster, then patches. */
  async function rolloutWithStatus(ns: string, patch: (pod: string) => Promise<void>): Promise<StepResult> {
    const running = step(ns, 'registry.example.internal:5000/shop/web:never-ready', {
      'rollback-on-failure': 'false',
      'rollout-timeout-seconds': '20',
    });
    const pod = await waitFor('a pod of the rollout', () =>
      fake.listObjects('', 'pods', ns).find((p) => p.metadata.name?.startsWith('shop-web-')),
    );
    fake.controller.pause();
    try {
      await patch(pod.metadata.name ?? '');
      return await running;
    } finally {
      fake.controller.resume();
    }
  }

  it('prints nothing live of a pod waiting reason and message, in the log, the error and the summary', async () => {
    const ns = 'hostile-pod';
    const result = await rolloutWithStatus(ns, async (pod) => {
      const container = {
        name: 'web',
        ready: false,
        restartCount: 3,
        image: 'registry.example.internal:5000/shop/web:never-ready',
        imageID: '',
        state: { waiting: { reason: 'CrashLoopBackOff', message: `back-off\n${HOSTILE_TEXT}` } },
        lastState: { terminated: { exitCode: 1, reason: `Error\n${HOSTILE_TEXT}`, message: HOSTILE_TEXT } },
      };
      expect(await patchStatus(`/api/v1/namespaces/${ns}/pods/${pod}`, { containerStatuses: [container] })).toBe(200);
    });
    expectCleanFailure(result, 'eks-deploy');
    // The hostile message did reach the log (inert): the check above read it.
    expect(result.stdout).toMatch(/CrashLoopBackOff on shop-web-\S+ \(web[^)]*\): back-off/);
  });

  it("prints nothing live of a Deployment's condition messages", async () => {
    const ns = 'hostile-conditions';
    const result = await rolloutWithStatus(ns, async () => {
      const now = new Date().toISOString();
      const condition = (type: string, reason: string, message: string) => ({
        type,
        status: 'False',
        reason,
        message,
        lastUpdateTime: now,
        lastTransitionTime: now,
      });
      const status = {
        conditions: [
          condition('Available', 'MinimumReplicasUnavailable', HOSTILE_TEXT),
          condition('Progressing', 'ProgressDeadlineExceeded', `ReplicaSet has timed out\n${HOSTILE_TEXT}`),
          condition('ReplicaFailure', `FailedCreate\n${HOSTILE_TEXT}`, HOSTILE_TEXT),
        ],
      };
      expect(await patchStatus(`/apis/apps/v1/namespaces/${ns}/deployments/shop-web`, status)).toBe(200);
    });
    expectCleanFailure(result, 'eks-deploy');
    expect(result.stdout).toContain('exceeded its progress deadline');
  });
});
