/**
 * What the chaos-experiment integration tests share: a real moto (CloudWatch alarms), the fake FIS watching them,
 * signed calls to both, and a clock for the action that runs at the fake's time scale.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signRequest } from '@aws-delivery/aws/signing';
import { startFakeFis, startMoto, type FakeFis, type MotoService } from '@aws-delivery/testing';
import { realClock, type Clock } from '../../src/clients.js';

export const KEYS = { accessKeyId: 'AKIACHAOSWIRETEST001', secretAccessKey: 'chaos-wire-test-secret-key' };
export const MOTO_KEYS = { accessKeyId: 'testing', secretAccessKey: 'testing' };
export const ACCOUNT = '123456789012';

/** The runner's environment of a run: credentials as assume-role exports them, and the run's identity. */
export function runEnv(runId: string, workspace: string): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: KEYS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: KEYS.secretAccessKey,
    AWS_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    GITHUB_REPOSITORY: 'octo/shop',
    GITHUB_RUN_ID: runId,
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_JOB: 'verify',
    GITHUB_ACTION: 'chaos',
    GITHUB_SHA: 'feedfacecafe',
    GITHUB_ACTOR: 'octocat',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_WORKSPACE: workspace,
  };
}

/**
 * The action's clock at `scale` × real time from now: sleeps are `scale` times shorter. A scale above the fake's
 * makes the experiment overrun its plan as the action sees it (how the timeout is tested).
 */
export function scaledClock(scale: number): Clock {
  const origin = Date.now();
  return {
    now: () => new Date(origin + (Date.now() - origin) * scale),
    sleep: (ms, signal) => realClock.sleep(Math.max(1, ms / scale), signal),
  };
}

export function workspace(): string {
  return mkdtempSync(join(tmpdir(), 'chaos-wire-'));
}

export interface Services {
  moto: MotoService;
  fis: FakeFis;
  stop(): Promise<void>;
}

export async function startServices(timeScale: number): Promise<Services> {
  const moto = await startMoto();
  const fis = await startFakeFis({
    credentials: [KEYS],
    timeScale,
    accountId: ACCOUNT,
    cloudWatch: { endpoint: moto.endpoint, credentials: MOTO_KEYS },
  });
  return {
    moto,
    fis,
    async stop() {
      await fis.stop();
      await moto.stop();
    },
  };
}

/** One CloudWatch Query call to moto, signed as the action signs it. */
export async function cloudWatch(moto: MotoService, params: Record<string, string>): Promise<string> {
  const url = new URL('/', moto.endpoint);
  const body = new URLSearchParams({ Version: '2010-08-01', ...params }).toString();
  const headers = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
  const signed = signRequest({
    service: 'monitoring',
    region: 'us-east-1',
    credentials: MOTO_KEYS,
    method: 'POST',
    url,
    headers,
    body,
  });
  const response = await fetch(url, { method: 'POST', headers: { ...headers, ...signed }, body });
  const text = await response.text();
  if (!response.ok) throw new Error(`CloudWatch ${params.Action}: ${response.status} ${text}`);
  return text;
}

/** Creates (or resets) an alarm in moto in `state`, and returns its ARN. */
export async function alarm(moto: MotoService, name: string, state: 'OK' | 'ALARM'): Promise<string> {
  await cloudWatch(moto, {
    Action: 'PutMetricAlarm',
    AlarmName: name,
    MetricName: 'Errors',
    Namespace: 'Shop',
    Statistic: 'Sum',
    Period: '60',
    EvaluationPeriods: '1',
    Threshold: '1',
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
  });
  await setAlarm(moto, name, state);
  const described = await cloudWatch(moto, { Action: 'DescribeAlarms', 'AlarmNames.member.1': name });
  return /<AlarmArn>([^<]+)<\/AlarmArn>/.exec(described)?.[1] ?? '';
}

export async function setAlarm(moto: MotoService, name: string, state: 'OK' | 'ALARM'): Promise<void> {
  await cloudWatch(moto, { Action: 'SetAlarmState', AlarmName: name, StateValue: state, StateReason: 'test' });
}

/** A CreateExperimentTemplate body (without clientToken) with one target and the given actions. */
export function templateBody(
  actions: Record<string, unknown>,
  stopConditions: unknown[],
  tags: Record<string, string> = {},
): Record<string, unknown> {
  return {
    description: 'chaos-experiment wiring test',
    roleArn: `arn:aws:iam::${ACCOUNT}:role/fis-experiments`,
    stopConditions,
    targets: {
      web: {
        resourceType: 'aws:ec2:instance',
        resourceArns: [`arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-0123456789abcdef0`],
        selectionMode: 'ALL',
      },
    },
    actions,
    tags,
  };
}

/** Creates a template in the fake FIS directly (as a platform team would have), signed. */
export async function createTemplate(fis: FakeFis, body: Record<string, unknown>): Promise<string> {
  const url = new URL('/experimentTemplates', fis.url);
  const text = JSON.stringify({ clientToken: `tpl-${Math.random()}`, ...body });
  const headers = { 'content-type': 'application/json' };
  const signed = signRequest({
    service: 'fis',
    region: 'us-east-1',
    credentials: KEYS,
    method: 'POST',
    url,
    headers,
    body: text,
  });
  const response = await fetch(url, { method: 'POST', headers: { ...headers, ...signed }, body: text });
  const answer = (await response.json()) as { experimentTemplate?: { id: string } };
  if (!response.ok || !answer.experimentTemplate)
    throw new Error(`CreateExperimentTemplate: ${JSON.stringify(answer)}`);
  return answer.experimentTemplate.id;
}
