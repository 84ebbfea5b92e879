// A manifest path that is wrong fails the step before the cluster (or EKS) is contacted.
import { describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
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

const DEPLOYMENT = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n';

describe('eks-deploy checks before effects', () => {
  const root = mkdtempSync(join(tmpdir(), 'eks-deploy-checks-'));
  const workspace = join(root, 'workspace');
  const outside = join(root, 'elsewhere');
  mkdirSync(join(workspace, 'k8s'), { recursive: true });
  mkdirSync(join(workspace, 'odd', 'folder.yaml'), { recursive: true });
  mkdirSync(join(workspace, 'dangling'));
  mkdirSync(outside);
  writeFileSync(join(workspace, 'empty.yaml'), '# nothing here\n');
  writeFileSync(join(outside, 'secret.yaml'), DEPLOYMENT);
  // Symbolic links a pull request could add: a folder and a file of a folder that lead out of the checkout.
  symlinkSync(outside, join(workspace, 'escape'));
  symlinkSync(join(outside, 'secret.yaml'), join(workspace, 'k8s', 'linked.yaml'));
  symlinkSync(join(workspace, 'gone.yaml'), join(workspace, 'dangling', 'a.yaml'));
  const q = (path: string) => JSON.stringify(path);
  const secret = q(join(outside, 'secret.yaml'));
  /** The whole error line for a manifest path outside the workspace. */
  const outsideRefusal = (value: string, where: string) =>
    `eks-deploy: manifests ${value}${where} outside the workspace (${workspace}). Fix: give a path inside the workspace.`;

  it.each([
    ['k8s/missing.yaml', /^eks-deploy: Input "manifests": .*k8s\/missing\.yaml/],
    ['empty.yaml', /^eks-deploy: Input "manifests" names files that hold no Kubernetes objects/],
    ['../elsewhere/secret.yaml', outsideRefusal('"../elsewhere/secret.yaml"', ` resolves to ${secret},`)],
    [join(outside, 'secret.yaml'), outsideRefusal(secret, ' is')],
    ['escape/secret.yaml', outsideRefusal('"escape/secret.yaml"', ` resolves through a symbolic link to ${secret},`)],
    [
      'escape/**/*.yaml',
      outsideRefusal('"escape/**/*.yaml"', ` resolves through a symbolic link to ${q(join(outside, '**/*.yaml'))},`),
    ],
    ['k8s', outsideRefusal('"k8s/linked.yaml"', ` resolves through a symbolic link to ${secret},`)],
    ['dangling', /^eks-deploy: manifests ".*dangling\/a\.yaml" does not exist\.$/],
    ['odd', /^eks-deploy: manifests ".*odd\/folder\.yaml" is a directory, not a file\.$/],
  ])('manifests %s: fails naming the input, with no call to EKS', async (manifests, message: string | RegExp) => {
    const calls: string[] = [];
    const io = recordingRunner({
      inputs: { 'cluster-name': 'prod', 'aws-region': 'eu-west-1', manifests },
      env: { GITHUB_WORKSPACE: workspace },
    });
    const outcome = await runMain(eksDeploy, { io, clients: recordingClients(calls) });
    expect(outcome).toMatchObject({ ok: false, error: { name: 'ConfigurationError', input: 'manifests' } });
    expect(io.lines('error')).toEqual([typeof message === 'string' ? message : expect.stringMatching(message)]);
    expect(calls).toEqual([]);
  });

  it('a kubeconfig that cannot be read: fails naming the input and saying why, with no call to the cluster', async () => {
    writeFileSync(join(workspace, 'ok.yaml'), DEPLOYMENT);
    const calls: string[] = [];
    const clients = recordingClients(calls);
    const io = recordingRunner({
      inputs: { kubeconfig: 'k8s', manifests: 'ok.yaml' },
      env: { GITHUB_WORKSPACE: workspace },
    });
    const outcome = await runMain(eksDeploy, {
      io,
      clients: () => ({
        ...clients(),
        access: { ...clients().access, readFile: (path) => readFileSync(path, 'utf8') },
      }),
    });
    expect(outcome).toMatchObject({ ok: false, error: { name: 'ConfigurationError', input: 'kubeconfig' } });
    expect(io.lines('error')).toEqual([
      `eks-deploy: kubeconfig ${JSON.stringify(join(workspace, 'k8s'))} is a directory, not a file.`,
    ]);
    expect(calls).toEqual([]);
  });
});
