/**
 * Stop conditions that watch CloudWatch alarms held by a real moto server (moto's SetAlarmState moves them), as
 * https://docs.aws.amazon.com/fis/latest/userguide/stop-conditions.html describes: an alarm in ALARM stops the
 * experiment. Alarm states: https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarms.html.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { signRequest } from '@aws-delivery/aws/signing';
import { describeWithServices } from '../../src/describe-with-services.js';
import { startMoto, type MotoService } from '../../src/services/moto.js';
import { FAKE_FIS_REASONS, startFakeFis, type FakeFis } from '../../src/fake-fis/index.js';
import { CREDENTIALS, fisCall, templateBody } from './fis-client.js';

const MOTO_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };

async function cloudWatch(moto: MotoService, params: Record<string, string>): Promise<string> {
  const url = new URL('/', moto.endpoint);
  const body = new URLSearchParams({ Version: '2010-08-01', ...params }).toString();
  const headers = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
  const signed = signRequest({
    service: 'monitoring',
    region: 'us-east-1',
    credentials: MOTO_CREDENTIALS,
    method: 'POST',
    url,
    headers,
    body,
  });
  const response = await fetch(url, { method: 'POST', headers: { ...headers, ...signed }, body });
  const text = await response.text();
  if (!response.ok) throw new Error(`CloudWatch ${params.Action}: HTTP ${response.status} ${text}`);
  return text;
}

async function createAlarm(moto: MotoService, name: string): Promise<string> {
  await cloudWatch(moto, {
    Action: 'PutMetricAlarm',
    AlarmName: name,
    MetricName: 'Errors',
    Namespace: 'Test',
    Statistic: 'Sum',
    Period: '60',
    EvaluationPeriods: '1',
    Threshold: '1',
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
  });
  await setAlarm(moto, name, 'OK');
  const described = await cloudWatch(moto, { Action: 'DescribeAlarms', 'AlarmNames.member.1': name });
  const arn = /<AlarmArn>([^<]+)<\/AlarmArn>/.exec(described)?.[1];
  if (!arn) throw new Error(`moto returned no AlarmArn: ${described}`);
  return arn;
}

function setAlarm(moto: MotoService, name: string, state: 'OK' | 'ALARM'): Promise<string> {
  return cloudWatch(moto, { Action: 'SetAlarmState', AlarmName: name, StateValue: state, StateReason: 'test' });
}

describeWithServices(
  ['moto'],
  'fake FIS: stop conditions on CloudWatch alarms in moto (https://docs.aws.amazon.com/fis/latest/userguide/stop-conditions.html)',
  () => {
    let moto: MotoService;
    let fis: FakeFis;

    beforeAll(async () => {
      moto = await startMoto();
      fis = await startFakeFis({
        credentials: [CREDENTIALS],
        timeScale: 600,
        cloudWatch: { endpoint: moto.endpoint, credentials: MOTO_CREDENTIALS },
      });
    }, 90_000);
    afterAll(async () => {
      await fis?.stop();
      await moto?.stop();
    });

    async function startWithAlarm(alarmArn: string, duration: string): Promise<string> {
      const created = await fisCall(
        fis.url,
        'POST',
        '/experimentTemplates',
        templateBody({ wait: { duration } }, { stopConditions: [{ source: 'aws:cloudwatch:alarm', value: alarmArn }] }),
      );
      const templateId = (created.body.experimentTemplate as { id: string }).id;
      const started = await fisCall(fis.url, 'POST', '/experiments', {
        clientToken: `t-${Math.random()}`,
        experimentTemplateId: templateId,
      });
      return (started.body.experiment as { id: string }).id;
    }

    it('completes while the alarm stays OK', async () => {
      const arn = await createAlarm(moto, 'stays-ok');
      const id = await startWithAlarm(arn, 'PT2M');
      const done = await fis.helpers.waitFor(id, ['completed', 'stopped', 'failed']);
      expect(done.state.status).toBe('completed');
      expect(fis.alarmErrors).toEqual([]);
    });

    it('stops the experiment when the alarm goes to ALARM, with the stop condition in the reason', async () => {
      const arn = await createAlarm(moto, 'goes-off');
      const id = await startWithAlarm(arn, 'PT1H');
      for (let i = 0; i < 500 && fis.experiments().find((e) => e.id === id)?.state.status !== 'running'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await setAlarm(moto, 'goes-off', 'ALARM');
      const done = await fis.helpers.waitFor(id, ['stopped', 'completed', 'failed']);
      expect(done.state).toEqual({ status: 'stopped', reason: FAKE_FIS_REASONS.experiment.stopCondition(arn) });
      expect(done.history.filter((t) => t.action === undefined).map((t) => t.status)).toEqual([
        'pending',
        'initiating',
        'running',
        'stopping',
        'stopped',
      ]);
      expect(done.actions.wait?.state.status).toBe('stopped');
    });

    it('never runs an action when the alarm is already in ALARM as the experiment starts', async () => {
      const arn = await createAlarm(moto, 'already-off');
      await setAlarm(moto, 'already-off', 'ALARM');
      const id = await startWithAlarm(arn, 'PT1M');
      const done = await fis.helpers.waitFor(id, ['stopped', 'completed', 'failed']);
      expect(done.state.status).toBe('stopped');
      expect(done.history.some((t) => t.status === 'running')).toBe(false);
    });

    it('fails the experiment when the stop-condition alarm does not exist', async () => {
      const arn = 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:no-such-alarm';
      const id = await startWithAlarm(arn, 'PT1M');
      const done = await fis.helpers.waitFor(id, ['stopped', 'completed', 'failed']);
      expect(done.state).toEqual({ status: 'failed', reason: FAKE_FIS_REASONS.experiment.alarmMissing(arn) });
    });
  },
);
