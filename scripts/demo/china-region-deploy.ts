// Demo stage "deploy to China": the sample Lambda application (actions/china-region-deploy/test/fixtures/sample-app,
// written for the commercial partition) from the bundle into cn-north-1. The partition lint rewrites its `arn:aws:`
// ARN and `amazonaws.com` host, the code folder is zipped and uploaded to the China bucket on the local AWS emulator
// (moto's S3), and the change set is created, shown and executed on the fake CloudFormation, which, unlike moto,
// streams per-resource events and evaluates the stack's Outputs. A second run of the same checkout uploads nothing
// and changes nothing.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createS3Bucket, simulateStep, startFakeCloudFormation } from '@aws-delivery/testing';
import type { DemoContext, StageResult } from './context.js';

const root = new URL('../..', import.meta.url).pathname;
const REGION = 'cn-north-1';
const BUCKET = 'shop-artifacts-cn';
// The emulators accept these; in a workflow they are the aws-cn keys the assume-role step exports.
const KEYS = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

/** The Markdown tables of a summary section (the lines starting with `|` under its heading), indented. */
function section(summary: string, heading: string): string[] {
  const start = summary.indexOf(`### ${heading}`);
  if (start < 0) return [];
  const rest = summary.slice(start).split('\n').slice(1);
  const end = rest.findIndex((line) => line.startsWith('### '));
  return (end < 0 ? rest : rest.slice(0, end)).filter((line) => line.startsWith('|')).map((line) => `  ${line}`);
}

export async function demo(context: DemoContext): Promise<StageResult> {
  const aws = await context.aws();
  // Every poll finishes what is under way, so the bundle's five-second wait between polls is never needed.
  const cloudFormation = await startFakeCloudFormation({ credentials: [KEYS], ticksPerPoll: 100 });
  context.onStop(() => cloudFormation.stop());
  await createS3Bucket(aws.endpoint, BUCKET, REGION, KEYS);

  const workspace = mkdtempSync(join(tmpdir(), 'demo-china-region-deploy-'));
  context.onStop(async () => rmSync(workspace, { recursive: true, force: true }));
  cpSync(join(root, 'actions/china-region-deploy/test/fixtures/sample-app'), workspace, { recursive: true });
  const deploy = (runId: string) =>
    simulateStep({
      action: 'china-region-deploy',
      workspace,
      inputs: {
        template: 'template.yaml',
        'stack-name': 'shop-jobs',
        region: REGION,
        bucket: BUCKET,
        'key-prefix': 'shop-jobs',
        parameters: 'Stage=prod',
        tags: 'service=shop',
        capabilities: 'CAPABILITY_IAM',
        'cloudformation-endpoint': cloudFormation.endpoint,
        's3-endpoint': aws.endpoint,
      },
      env: {
        AWS_ACCESS_KEY_ID: KEYS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: KEYS.secretAccessKey,
        GITHUB_REPOSITORY: 'acme/shop',
        GITHUB_RUN_ID: runId,
      },
      timeoutMs: 120_000,
    });

  const first = await deploy('5101');
  const second = await deploy('5102');
  const uploads = (stdout: string) =>
    (stdout.split('\n').find((line) => line.startsWith(`S3 ${BUCKET} `)) ?? '').replace(/\.$/, '');
  const events = first.stdout.split('\n').filter((line) => / \(AWS::[\w:]+\) [A-Z_]+/.test(line));
  return {
    ok:
      first.exitCode === 0 &&
      first.outputs.status === 'CREATE_COMPLETE' &&
      first.outputs.FunctionArn?.startsWith('arn:aws-cn:') === true &&
      second.exitCode === 0 &&
      second.outputs.changed === 'false' &&
      uploads(second.stdout).includes(' 0 uploaded'),
    lines: [
      `stack shop-jobs in ${REGION}: ${first.outputs.status} (${first.outputs['stack-id']})`,
      'partition findings (job summary):',
      ...section(first.summary, 'Partition findings'),
      'change set (job summary):',
      ...section(first.summary, 'Change set'),
      'stack events, streamed:',
      ...events.map((line) => `  ${line}`),
      'outputs:',
      ...section(first.summary, 'Outputs'),
      `first run: ${uploads(first.stdout)}`,
      `second run of the same checkout: ${uploads(second.stdout)}; changed ${second.outputs.changed}`,
    ],
    outputs: first.outputs,
    summary: first.summary,
  };
}
