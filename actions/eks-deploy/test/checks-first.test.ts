// A manifest path that is wrong fails the step before the cluster (or EKS) is contacted.
import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMain } from '@aws-delivery/action-kit';
import { recordingRunner } from '@aws-delivery/action-kit/recording';
import { eksDeploy } from '../src/action.js';
import type { Clients } from '../src/run.js';

function recordingClients(calls: string[]): () => Clients {
  return () => ({
    access: {
      describeCluster: async (config) => {
        calls.push(`DescribeCluster ${config.cluster.clusterName}`);
        throw new Error('the cluster must not be contacted');
      },
      defaultCredentials: () => async () => ({ accessKeyId: 'a', secretAccessKey: 'b' }),
      readFile: (path) => {
        calls.push(`read ${path}`);
        return '';
      },
    },
    clock: Date.now,
  });
}

describe('eks-deploy checks before effects', () => {
  const workspace = mkdtempSync(join(tmpdir(), 'eks-deploy-checks-'));
  writeFileSync(join(workspace, 'empty.yaml'), '# nothing here\n');

  it.each([
    ['k8s/missing.yaml', /^eks-deploy: Input "manifests": .*k8s\/missing\.yaml/],
    ['empty.yaml', /^eks-deploy: Input "manifests" names files that hold no Kubernetes objects/],
  ])('manifests %s: fails naming the input, with no call to EKS', async (manifests, message) => {
    const calls: string[] = [];
    const io = recordingRunner({
      inputs: { 'cluster-name': 'prod', 'aws-region': 'eu-west-1', manifests },
      env: { GITHUB_WORKSPACE: workspace },
    });
    const outcome = await runMain(eksDeploy, { io, clients: recordingClients(calls) });
    expect(outcome).toMatchObject({ ok: false, error: { name: 'ConfigurationError', input: 'manifests' } });
    expect(io.lines('error')).toEqual([expect.stringMatching(message)]);
    expect(calls).toEqual([]);
  });
});
