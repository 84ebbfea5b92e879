// Demo stage "deploy to China": the sample Lambda application (actions/china-region-deploy/test/fixtures/sample-app,
// written for the commercial partition) from the bundle into cn-north-1 and, in the same step, into us-east-1 of the
// global account, so the two never drift. The partition lint rewrites its `arn:aws:` ARN and `amazonaws.com` host for
// China; the code folder is zipped and uploaded to each side's bucket on the local AWS emulator (moto's S3), and each
// change set is created, shown and executed on the fake CloudFormation, which, unlike moto, streams per-resource events
// and evaluates the stack's Outputs. The China side signs with the aws-cn user's keys (the access-key-id and
// secret-access-key inputs, masked), the global side with the step environment's. The summary shows both stacks side
// by side. A second run of the same checkout uploads nothing and changes nothing on either side.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createS3Bucket, simulateStep, startFakeCloudFormation } from '@aws-delivery/testing';
import type { DemoContext, StageResult } from './context.js';

const root = new URL('../..', import.meta.url).pathname;
const REGION = 'cn-north-1';
const BUCKET = 'shop-artifacts-cn';
const GLOBAL_REGION = 'us-east-1';
const GLOBAL_BUCKET = 'shop-artifacts-us';
// The emulators accept these. In a workflow the aws-cn user's keys come from secrets (or SSM parameters), and the
// global account's from assume-role.
const CHINA_KEYS = { accessKeyId: 'AKIDCHINADEMOUSER', secretAccessKey: 'china-demo-user-secret-key-00000000000' };
const GLOBAL_KEYS = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};

/** The Markdown tables of a summary section (the lines starting with `|` under its heading), indented. */
function section(summary: string, heading: string): string[] {
  const start = summary.indexOf(heading);
  if (start < 0) return [];
  const rest = summary.slice(start).split('\n').slice(1);
  const end = rest.findIndex((line) => line.startsWith('### '));
  return (end < 0 ? rest : rest.slice(0, end)).filter((line) => line.startsWith('|')).map((line) => `  ${line}`);
}

export async function demo(context: DemoContext): Promise<StageResult> {
  const aws = await context.aws();
  // Every poll finishes what is under way, so the bundle's five-second wait between polls is never needed.
  // One fake for both endpoints: it keeps each region's stacks apart and accepts only the keys of the two sides.
  const cloudFormation = await startFakeCloudFormation({ credentials: [CHINA_KEYS, GLOBAL_KEYS], ticksPerPoll: 100 });
  context.onStop(() => cloudFormation.stop());
  await createS3Bucket(aws.endpoint, BUCKET, REGION, CHINA_KEYS);
  await createS3Bucket(aws.endpoint, GLOBAL_BUCKET, GLOBAL_REGION, GLOBAL_KEYS);

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
        'access-key-id': CHINA_KEYS.accessKeyId,
        'secret-access-key': CHINA_KEYS.secretAccessKey,
        'cloudformation-endpoint': cloudFormation.endpoint,
        's3-endpoint': aws.endpoint,
        'global-region': GLOBAL_REGION,
        'global-bucket': GLOBAL_BUCKET,
        'global-cloudformation-endpoint': cloudFormation.endpoint,
        'global-s3-endpoint': aws.endpoint,
      },
      env: {
        AWS_ACCESS_KEY_ID: GLOBAL_KEYS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: GLOBAL_KEYS.secretAccessKey,
        GITHUB_REPOSITORY: 'acme/shop',
        GITHUB_RUN_ID: runId,
      },
      timeoutMs: 120_000,
    });

  const first = await deploy('5101');
  const second = await deploy('5102');
  const uploads = (stdout: string, bucket: string) =>
    (stdout.split('\n').find((line) => line.startsWith(`S3 ${bucket} `)) ?? '').replace(/\.$/, '');
  const events = first.stdout.split('\n').filter((line) => / \(AWS::[\w:]+\) [A-Z_]+/.test(line));
  const signing = first.stdout.split('\n').filter((line) => /^CloudFormation and S3 in .*: signed with /.test(line));
  // The step masks the input's secret (its add-mask command carries it, for the runner); no other line may.
  const masked = first.stdout.split('\n').includes(`::add-mask::${CHINA_KEYS.secretAccessKey}`);
  const leaked = [first, second].some((run) =>
    [...run.stdout.split('\n').filter((line) => !line.startsWith('::add-mask::')), run.summary].some((text) =>
      text.includes(CHINA_KEYS.secretAccessKey),
    ),
  );
  const unchanged = (run: typeof second) =>
    run.outputs.changed === 'false' &&
    run.outputs['global-changed'] === 'false' &&
    uploads(run.stdout, BUCKET).includes(' 0 uploaded') &&
    uploads(run.stdout, GLOBAL_BUCKET).includes(' 0 uploaded');
  return {
    ok:
      first.exitCode === 0 &&
      first.outputs.status === 'CREATE_COMPLETE' &&
      first.outputs['global-status'] === 'CREATE_COMPLETE' &&
      first.outputs.FunctionArn?.startsWith('arn:aws-cn:') === true &&
      first.outputs['global-FunctionArn']?.startsWith('arn:aws:') === true &&
      signing.length === 2 &&
      masked &&
      !leaked &&
      second.exitCode === 0 &&
      unchanged(second),
    lines: [
      `stack shop-jobs in ${REGION}: ${first.outputs.status} (${first.outputs['stack-id']})`,
      `stack shop-jobs in ${GLOBAL_REGION}: ${first.outputs['global-status']} (${first.outputs['global-stack-id']})`,
      'both stacks, side by side (job summary):',
      ...section(first.summary, '## China region deploy'),
      `credentials, per side (the aws-cn secret ${masked ? 'masked' : 'NOT masked'}${leaked ? ', and printed' : ''}):`,
      ...signing.map((line) => `  ${line}`),
      'partition findings (job summary):',
      ...section(first.summary, '### Partition findings'),
      'change set in China (job summary):',
      ...section(first.summary, `### Change set: shop-jobs (${REGION})`),
      'stack events, streamed:',
      ...events.map((line) => `  ${line}`),
      `outputs in ${REGION}:`,
      ...section(first.summary, `### Outputs: shop-jobs (${REGION})`),
      `outputs in ${GLOBAL_REGION} (step outputs prefixed global-):`,
      ...section(first.summary, `### Outputs: shop-jobs (${GLOBAL_REGION})`),
      `first run: ${uploads(first.stdout, BUCKET)}; ${uploads(first.stdout, GLOBAL_BUCKET)}`,
      `second run of the same checkout: ${uploads(second.stdout, BUCKET)}; ${uploads(second.stdout, GLOBAL_BUCKET)}; ` +
        `changed ${second.outputs.changed} in China, ${second.outputs['global-changed']} in ${GLOBAL_REGION}`,
    ],
    outputs: first.outputs,
    summary: first.summary,
  };
}
