// Demo stage: deploy the sample service (demo/k8s) to the fake EKS cluster from the bundle, found through
// eks:DescribeCluster on the local AWS emulator and reached with an in-process EKS token; then deploy a broken
// image and show the automatic rollback.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMotoEksCluster, simulateStep, startFakeKubernetes, type StepResult } from '@aws-delivery/testing';
import type { DemoContext, StageResult } from './context.js';

const root = new URL('../..', import.meta.url).pathname;
const CLUSTER = 'shop-prod';
const REGION = 'eu-west-1';
// The emulator accepts any key pair; in a workflow these come from the assume-role step.
const KEYS = {
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};
const IMAGE = 'registry.example.internal:5000/shop/web';

function revisionLine(result: StepResult): string {
  const revisions = JSON.parse(result.outputs.revisions || '{}') as Record<string, Record<string, string>>;
  return Object.entries(revisions)
    .map(
      ([workload, r]) =>
        `${workload}: ${r.before ?? '–'} → ${r.after ?? '–'} (${r.status}${r.rolledBackTo ? `, revision ${r.failed} rolled back to ${r.rolledBackTo}` : ''})`,
    )
    .join('; ');
}

export async function demo(context: DemoContext): Promise<StageResult> {
  const aws = await context.aws();
  const fake = await startFakeKubernetes({ eks: { clusterName: CLUSTER } });
  context.onStop(() => fake.stop());
  fake.trustAwsCredentials(KEYS.AWS_ACCESS_KEY_ID, KEYS.AWS_SECRET_ACCESS_KEY);
  await createMotoEksCluster({
    endpoint: aws.endpoint,
    name: CLUSTER,
    region: REGION,
    credentials: { accessKeyId: KEYS.AWS_ACCESS_KEY_ID, secretAccessKey: KEYS.AWS_SECRET_ACCESS_KEY },
  });

  const workspace = mkdtempSync(join(tmpdir(), 'demo-eks-deploy-'));
  context.onStop(async () => rmSync(workspace, { recursive: true, force: true }));
  cpSync(join(root, 'demo/k8s'), join(workspace, 'k8s'), { recursive: true });
  const deploy = (tag: string) =>
    simulateStep({
      action: 'eks-deploy',
      workspace,
      inputs: {
        'cluster-name': CLUSTER,
        'aws-region': REGION,
        'eks-endpoint': aws.endpoint,
        // The emulator's DescribeCluster invents an endpoint and CA; the fake cluster stands in for them, as a
        // private cluster reached through a tunnel would.
        'cluster-endpoint': fake.url,
        'cluster-ca': fake.caCertPath,
        manifests: 'k8s',
        namespace: 'shop',
        'create-namespace': 'true',
        images: `${IMAGE}:${tag}`,
        'pod-error-grace-seconds': '3',
      },
      env: {
        ...KEYS,
        AWS_EC2_METADATA_DISABLED: 'true',
        GITHUB_SHA: 'demo0001',
        GITHUB_REPOSITORY: 'acme/shop',
        // The fake's folder holds its CA: RUNNER_TEMP, where the step that opens the tunnel would write it.
        RUNNER_TEMP: fake.dir,
      },
      timeoutMs: 120_000,
    });

  const good = await deploy('1.4.0');
  const objects = JSON.parse(good.outputs.objects || '[]') as { kind: string; name: string; outcome: string }[];
  // A tag the fake kubelet cannot pull: the pods of the new ReplicaSet go ErrImagePull / ImagePullBackOff.
  const broken = await deploy('1.5.0-does-not-exist');
  const failure =
    broken.annotations.find((a) => a.level === 'error' && a.message.startsWith('eks-deploy:'))?.message ??
    '(no error reported)';
  const live = fake.getObject('apps', 'deployments', 'shop', 'shop-web');
  const liveImage = JSON.stringify(live?.spec).match(/"image":"([^"]+)"/)?.[1];
  return {
    ok:
      good.exitCode === 0 &&
      broken.exitCode === 1 &&
      broken.outputs['rolled-back'] === 'true' &&
      liveImage === `${IMAGE}:1.4.0`,
    lines: [
      `deploy ${IMAGE}:1.4.0 → exit ${good.exitCode}: ${objects.map((o) => `${o.kind}/${o.name} ${o.outcome}`).join(', ')}`,
      `  ${revisionLine(good)}`,
      `deploy ${IMAGE}:1.5.0-does-not-exist → exit ${broken.exitCode} (the step fails, as it must)`,
      `  ${failure}`,
      `  ${revisionLine(broken)}`,
      `cluster now runs ${liveImage} at revision ${live?.metadata.annotations?.['deployment.kubernetes.io/revision']}`,
    ],
    outputs: broken.outputs,
    summary: [good.summary, broken.summary].join('\n'),
    intended: `rollback as intended: ${IMAGE}:1.5.0-does-not-exist failed its rollout, ${liveImage} runs again`,
  };
}
