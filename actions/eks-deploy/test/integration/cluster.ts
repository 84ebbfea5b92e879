// A cluster for eks-deploy tests: moto (eks:DescribeCluster) plus the fake API server that accepts EKS tokens for
// the same cluster name, signed with the same key pair moto is given.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createMotoEksCluster,
  startFakeKubernetes,
  startMoto,
  type FakeKubernetes,
  type MotoService,
} from '@aws-delivery/testing';

export const keys = {
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};
export const CLUSTER = 'shop-prod';
export const REGION = 'eu-west-1';
const repoRoot = new URL('../../../../', import.meta.url).pathname;

export interface TestCluster {
  moto: MotoService;
  fake: FakeKubernetes;
  workspace: string;
  /** Inputs that reach the cluster through DescribeCluster on moto and the fake's endpoint and CA. */
  access: Record<string, string>;
  /** A copy of demo/k8s with a progress deadline short enough for tests. */
  writeSample(image?: string): void;
  stop(): Promise<void>;
}

export async function startTestCluster(): Promise<TestCluster> {
  const [moto, fake] = await Promise.all([
    startMoto(),
    startFakeKubernetes({ eks: { clusterName: CLUSTER }, tickMs: 20 }),
  ]);
  fake.trustAwsCredentials(keys.AWS_ACCESS_KEY_ID, keys.AWS_SECRET_ACCESS_KEY);
  await createMotoEksCluster({
    endpoint: moto.endpoint,
    name: CLUSTER,
    region: REGION,
    credentials: { accessKeyId: keys.AWS_ACCESS_KEY_ID, secretAccessKey: keys.AWS_SECRET_ACCESS_KEY },
  });
  const workspace = mkdtempSync(join(tmpdir(), 'eks-deploy-ws-'));
  const writeSample = (image?: string) => {
    cpSync(join(repoRoot, 'demo/k8s'), join(workspace, 'k8s'), { recursive: true });
    const path = join(workspace, 'k8s/deployment.yaml');
    let text = readFileSync(path, 'utf8').replace('progressDeadlineSeconds: 120', 'progressDeadlineSeconds: 5');
    if (image) text = text.replace(/image: .*/, `image: ${image}`);
    writeFileSync(path, text);
  };
  writeSample();
  return {
    moto,
    fake,
    workspace,
    access: {
      'cluster-name': CLUSTER,
      'aws-region': REGION,
      'eks-endpoint': moto.endpoint,
      // moto's DescribeCluster answers an endpoint and CA of its own invention: point at the fake instead.
      'cluster-endpoint': fake.url,
      'cluster-ca': fake.caCertPath,
      // The fake's CA file (and the fault server's, which the fault suite puts in its place) is in a folder of its
      // own, outside the workspace and RUNNER_TEMP, as a CA a self-hosted runner's image holds would be.
      'allow-paths-outside-workspace': 'true',
    },
    writeSample,
    async stop() {
      await Promise.all([moto.stop(), fake.stop()]);
      rmSync(workspace, { recursive: true, force: true });
    },
  };
}
