// Demo stage "verify": a short FIS experiment from the bundle, against the fake FIS (the local AWS emulator holds
// its stop-condition alarm, which stays OK) and a stand-in for the deployed service's health endpoint, probed
// before, during and after. Shows the verdict and the Mermaid timeline the job summary carries.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signRequest } from '@aws-delivery/aws/signing';
import { simulateStep, startFakeFis } from '@aws-delivery/testing';
import type { DemoContext, StageResult } from './context.js';

const REGION = 'eu-west-1';
const ACCOUNT = '111122223333';
// The emulators accept these; in a workflow the keys come from the assume-role step.
const KEYS = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

async function signed(service: string, endpoint: string, path: string, body: string, type: string): Promise<string> {
  const url = new URL(path, endpoint);
  const headers = { 'content-type': type };
  const signature = signRequest({ service, region: REGION, credentials: KEYS, method: 'POST', url, headers, body });
  const response = await fetch(url, { method: 'POST', headers: { ...headers, ...signature }, body });
  const text = await response.text();
  if (!response.ok) throw new Error(`${service} ${path}: HTTP ${response.status} ${text}`);
  return text;
}

const query = (endpoint: string, params: Record<string, string>) =>
  signed(
    'monitoring',
    endpoint,
    '/',
    new URLSearchParams({ Version: '2010-08-01', ...params }).toString(),
    'application/x-www-form-urlencoded; charset=utf-8',
  );

export async function demo(context: DemoContext): Promise<StageResult> {
  const aws = await context.aws();
  const fis = await startFakeFis({
    credentials: [KEYS],
    region: REGION,
    accountId: ACCOUNT,
    timeScale: 120, // the four-minute experiment below takes about two seconds
    cloudWatch: { endpoint: aws.endpoint, credentials: KEYS },
  });
  context.onStop(() => fis.stop());
  const service = createServer((_request, response) => response.writeHead(200).end('ok'));
  await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve));
  context.onStop(() => new Promise<void>((resolve) => service.close(() => resolve())));
  const health = `http://127.0.0.1:${(service.address() as AddressInfo).port}/health`;

  await query(aws.endpoint, {
    Action: 'PutMetricAlarm',
    AlarmName: 'shop-web-5xx',
    MetricName: '5XXError',
    Namespace: 'Shop',
    Statistic: 'Sum',
    Period: '60',
    EvaluationPeriods: '1',
    Threshold: '5',
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
  });
  await query(aws.endpoint, {
    Action: 'SetAlarmState',
    AlarmName: 'shop-web-5xx',
    StateValue: 'OK',
    StateReason: 'healthy',
  });
  const alarmArn = /<AlarmArn>([^<]+)<\/AlarmArn>/.exec(
    await query(aws.endpoint, { Action: 'DescribeAlarms', 'AlarmNames.member.1': 'shop-web-5xx' }),
  )?.[1];
  const template = JSON.parse(
    await signed(
      'fis',
      fis.url,
      '/experimentTemplates',
      JSON.stringify({
        clientToken: 'demo-shop-web-latency',
        description: 'shop web: stop one instance, then wait',
        roleArn: `arn:aws:iam::${ACCOUNT}:role/fis-experiments`,
        stopConditions: [{ source: 'aws:cloudwatch:alarm', value: alarmArn }],
        targets: {
          web: {
            resourceType: 'aws:ec2:instance',
            resourceArns: [`arn:aws:ec2:${REGION}:${ACCOUNT}:instance/i-0demo0000000000web`],
            selectionMode: 'ALL',
          },
        },
        actions: {
          'stop-web': {
            actionId: 'aws:ec2:stop-instances',
            targets: { Instances: 'web' },
            parameters: { startInstancesAfterDuration: 'PT1M' },
          },
          observe: { actionId: 'aws:fis:wait', parameters: { duration: 'PT3M' }, startAfter: ['stop-web'] },
        },
        tags: { service: 'shop', experiment: 'web-latency' },
      }),
      'application/json',
    ),
  ) as { experimentTemplate: { id: string } };

  const result = await simulateStep({
    action: 'chaos-experiment',
    inputs: {
      'template-tags': 'service=shop, experiment=web-latency',
      region: REGION,
      rehearsal: true,
      probes: `- name: shop health\n  http: ${health}\n  every: 5s`,
      'fis-endpoint': fis.url,
      'cloudwatch-endpoint': aws.endpoint,
    },
    env: {
      AWS_ACCESS_KEY_ID: KEYS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: KEYS.secretAccessKey,
      GITHUB_REPOSITORY: 'my-org/shop',
      GITHUB_RUN_ID: '4242',
    },
    timeoutMs: 60_000,
  });
  const gantt = /```mermaid\n([\s\S]*?)```/.exec(result.summary)?.[1]?.trimEnd().split('\n') ?? [];
  return {
    ok: result.exitCode === 0 && result.post?.exitCode === 0 && result.outputs.state === 'completed',
    lines: [
      `template ${template.experimentTemplate.id} chosen by its tags; experiment ${result.outputs['experiment-id']}: ${result.outputs.state} (${result.outputs.reason})`,
      ...result.stdout
        .split('\n')
        .filter((line) => /^(rehearsal: |pre-flight|probe|experiment|action) /.test(line))
        .map((line) => `  ${line}`),
      'timeline (job summary):',
      ...gantt.map((line) => `  ${line}`),
    ],
    outputs: result.outputs,
    summary: result.summary,
  };
}
