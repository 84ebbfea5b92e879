// Demo stage: assume a deploy role through a two-hop chain against the local AWS emulator, from the bundle.
import { simulateStep } from '@aws-delivery/testing';
import type { DemoContext, StageResult } from './context.js';

export async function demo(context: DemoContext): Promise<StageResult> {
  const aws = await context.aws();
  const result = await simulateStep({
    action: 'assume-role',
    inputs: {
      'aws-region': 'eu-west-1',
      'sts-endpoint': aws.endpoint,
      // The emulator accepts any key pair; in a workflow these come from OIDC or secrets.
      'aws-access-key-id': 'AKIAIOSFODNN7EXAMPLE',
      'aws-secret-access-key': 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      'role-to-assume': 'arn:aws:iam::111111111111:role/pipeline',
      'role-chain': 'arn:aws:iam::222222222222:role/deployer session-name=demo-deploy',
      'allowed-account-ids': '222222222222',
    },
  });
  const hops = result.stdout.split('\n').filter((line) => line.startsWith('Hop '));
  return {
    ok: result.exitCode === 0 && result.post?.exitCode === 0,
    lines: [
      ...hops,
      `identity: ${result.outputs.arn} (partition ${result.outputs.partition}), expires ${result.outputs.expiration}`,
      `exported: ${Object.keys(result.env).sort().join(', ')}`,
      `post step: ${result.post?.stdout.trim().split('\n').at(-1) ?? 'did not run'}`,
    ],
    outputs: { ...result.outputs, ...result.env },
    summary: result.summary,
  };
}
