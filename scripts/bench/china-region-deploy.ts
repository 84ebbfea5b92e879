// Benchmark of china-region-deploy against moto in cn-north-1 (issue 14): package + deploy of a generated template
// with 50 Lambda functions, each from its own local code folder, in-process through the skeleton with the real
// clients; run twice on the same checkout. Requests and PutObject calls are counted from moto's own request log
// (a PutObject is a PUT of a key in the bucket). Goal: the second run uploads nothing (zero PutObject calls).
// Run: npm run bench -- china-region-deploy.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMain } from '@aws-delivery/action-kit';
import { recordingRunner } from '@aws-delivery/action-kit/recording';
import { cloudFormationQueryClient, createS3Bucket, startMoto } from '@aws-delivery/testing';
import { chinaRegionDeploy } from '../../actions/china-region-deploy/src/action.js';
import type { BenchSuite } from './measure.js';

const FUNCTIONS = 50;
const REGION = 'cn-north-1';
const BUCKET = 'bench-artifacts-cn';
const KEYS = { accessKeyId: 'AKIDBENCHCHINA', secretAccessKey: 'bench-china-secret' };

/** template.yaml with one role and FUNCTIONS functions, each with `Code: ./functions/fnN` and its own handler. */
function writeProject(dir: string): void {
  const functions: string[] = [];
  for (let i = 0; i < FUNCTIONS; i++) {
    mkdirSync(join(dir, 'functions', `fn${i}`), { recursive: true });
    writeFileSync(
      join(dir, 'functions', `fn${i}`, 'index.mjs'),
      `export const handler = async () => ({ statusCode: 200, body: 'function ${i}' });\n`,
    );
    functions.push(
      `  Function${i}:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: nodejs20.x\n` +
        `      Handler: index.handler\n      Role: !GetAtt FunctionRole.Arn\n      Code: ./functions/fn${i}\n`,
    );
  }
  writeFileSync(
    join(dir, 'template.yaml'),
    [
      "AWSTemplateFormatVersion: '2010-09-09'",
      'Resources:',
      '  FunctionRole:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      '      AssumeRolePolicyDocument:',
      "        Version: '2012-10-17'",
      '        Statement:',
      '          - Effect: Allow',
      '            Principal: { Service: lambda.amazonaws.com }',
      '            Action: sts:AssumeRole',
      ...functions,
    ].join('\n'),
  );
}

export async function bench(): Promise<BenchSuite> {
  const moto = await startMoto();
  const workspace = mkdtempSync(join(tmpdir(), 'bench-china-region-deploy-'));
  try {
    writeProject(workspace);
    await createS3Bucket(moto.endpoint, BUCKET, REGION, KEYS);
    // moto loads its CloudFormation model on the first call (seconds): load it before the clock runs.
    await cloudFormationQueryClient(moto.endpoint, KEYS, REGION)('DescribeStacks');
    const details: [string, string][] = [];
    const putObjects: number[] = [];
    for (const [run, label] of ['first run', 'second run, same checkout'].entries()) {
      const io = recordingRunner({
        inputs: {
          template: 'template.yaml',
          'stack-name': 'bench',
          region: REGION,
          bucket: BUCKET,
          capabilities: 'CAPABILITY_IAM',
          'access-key-id': KEYS.accessKeyId,
          'secret-access-key': KEYS.secretAccessKey,
          'cloudformation-endpoint': moto.endpoint,
          's3-endpoint': moto.endpoint,
        },
        env: { GITHUB_WORKSPACE: workspace, GITHUB_RUN_ID: `bench-${run}`, GITHUB_RUN_ATTEMPT: '1' },
      });
      const before = moto.requests().length;
      const started = process.hrtime.bigint();
      const outcome = await runMain(chinaRegionDeploy, { io });
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (!outcome?.ok) throw new Error(`${label}: ${io.lines('error').join(' ')}`);
      const requests = moto.requests().slice(before);
      const s3 = requests.filter((request) => request.path.startsWith(`/${BUCKET}/`));
      const puts = s3.filter((request) => request.method === 'PUT').length;
      putObjects.push(puts);
      details.push([
        label,
        `${ms.toFixed(0)} ms, ${requests.length} requests (${puts} PutObject, ` +
          `${s3.length - puts} other S3, ${requests.length - s3.length} CloudFormation); ` +
          `stack ${io.recorded.outputs.status ?? '?'}, changed ${io.recorded.outputs.changed ?? '?'}`,
      ]);
    }
    const reruns = putObjects[1] ?? -1;
    const rows: BenchSuite['rows'] = [
      {
        work: 'second run of the same checkout: uploads',
        ours: `${reruns} PutObject`,
        goal: { text: '0 PutObject', met: reruns === 0 },
        reproduce: 'npm run bench -- china-region-deploy (the step in-process against moto, run twice)',
      },
    ];
    return {
      name: `china-region-deploy: package + deploy of ${FUNCTIONS} local Lambda artifacts (moto, ${REGION})`,
      rows,
      details,
    };
  } finally {
    rmSync(workspace, { recursive: true, force: true });
    await moto.stop();
  }
}
