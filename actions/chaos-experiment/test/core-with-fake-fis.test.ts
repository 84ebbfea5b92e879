/**
 * The pure core over real FIS-shaped answers: the fake FIS (packages/testing/src/fake-fis, SigV4-checked) runs the
 * experiments, and the core's change lines, pre-flight, verdict, clean-up plan and report judge what
 * GetExperiment returns (https://docs.aws.amazon.com/fis/latest/APIReference/API_GetExperiment.html). The stop
 * condition case reads a real CloudWatch alarm in moto.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { signRequest } from '@aws-delivery/aws/signing';
import { describeWithServices, startMoto, type MotoService } from '@aws-delivery/testing';
import { junitXsdErrors, startFakeFis, type FakeFis } from '@aws-delivery/testing';
import { cleanupPlan } from '../src/core/cleanup-plan.js';
import { clientToken } from '../src/core/client-token.js';
import type { ExperimentView } from '../src/core/fis-shapes.js';
import { preflightChecks, preflightRefusal, stopConditionAlarms } from '../src/core/preflight.js';
import { decideVerdict, type VerdictInput } from '../src/core/verdict.js';
import { changeLine, isFinished, stateChanges } from '../src/core/watch.js';
import { buildReport } from '../src/report/chaos-report.js';
import { junitXml } from '../src/report/junit.js';

const CREDENTIALS = { accessKeyId: 'AKIACHAOSCORETEST001', secretAccessKey: 'chaos-core-test-secret' };
const RUN = { repository: 'octo/shop', runId: '1234', runAttempt: '1', stepId: 'chaos' };

async function call(fis: FakeFis, method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const url = new URL(path, fis.url);
  const text = body === undefined ? '' : JSON.stringify(body);
  const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
  const signed = signRequest({
    service: 'fis',
    region: 'us-east-1',
    credentials: CREDENTIALS,
    method,
    url,
    headers,
    body: text,
  });
  const response = await fetch(url, {
    method,
    headers: { ...headers, ...signed },
    ...(body === undefined ? {} : { body: text }),
  });
  const answer = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(answer)}`);
  return answer;
}

/** REST-JSON timestamps are epoch seconds; the core reads Dates, as the AWS SDK gives them. */
function view(json: unknown): ExperimentView {
  const toDate = (value: unknown) => (typeof value === 'number' ? new Date(value * 1000) : undefined);
  const e = json as Record<string, unknown> & { actions?: Record<string, Record<string, unknown>> };
  return {
    ...(e as ExperimentView),
    creationTime: toDate(e.creationTime),
    startTime: toDate(e.startTime),
    endTime: toDate(e.endTime),
    actions: Object.fromEntries(
      Object.entries(e.actions ?? {}).map(([name, a]) => [
        name,
        { ...a, startTime: toDate(a.startTime), endTime: toDate(a.endTime) },
      ]),
    ),
  } as ExperimentView;
}

function template(
  actions: Record<string, unknown>,
  stopConditions: unknown[] = [{ source: 'none' }],
): Record<string, unknown> {
  return {
    clientToken: `tpl-${Math.random()}`,
    description: 'core test',
    roleArn: 'arn:aws:iam::123456789012:role/fis',
    stopConditions,
    targets: {
      web: {
        resourceType: 'aws:ec2:instance',
        resourceArns: ['arn:aws:ec2:us-east-1:123456789012:instance/i-1'],
        selectionMode: 'ALL',
      },
    },
    actions,
  };
}

/** The watch loop in miniature: poll, log the core's change lines, until the experiment finishes. */
async function watch(
  fis: FakeFis,
  id: string,
  lines: string[],
  until: (e: ExperimentView) => boolean = isFinished,
): Promise<ExperimentView> {
  let previous: ExperimentView | undefined;
  for (let i = 0; i < 2000; i++) {
    const current = view((await call(fis, 'GET', `/experiments/${id}`)).experiment);
    lines.push(...stateChanges(previous, current).map((c) => changeLine(c, id)));
    if (until(current)) return current;
    previous = current;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`experiment ${id} did not get there`);
}

async function start(
  fis: FakeFis,
  templateId: string,
  token: string,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const answer = await call(fis, 'POST', '/experiments', {
    clientToken: token,
    experimentTemplateId: templateId,
    ...extra,
  });
  return (answer.experiment as { id: string }).id;
}

async function createTemplate(fis: FakeFis, body: Record<string, unknown>): Promise<string> {
  return ((await call(fis, 'POST', '/experimentTemplates', body)).experimentTemplate as { id: string }).id;
}

function judge(experiment: ExperimentView, extra: Partial<VerdictInput> = {}) {
  return decideVerdict({ experiment, expectStopCondition: false, ...extra });
}

describe('the core over the fake FIS', () => {
  let fis: FakeFis;
  beforeAll(async () => {
    fis = await startFakeFis({ credentials: [CREDENTIALS], timeScale: 600 });
  });
  afterAll(() => fis.stop());

  it('passes a completed experiment and logs every state change once', async () => {
    const templateId = await createTemplate(
      fis,
      template({ inject: { actionId: 'aws:fis:wait', parameters: { duration: 'PT5M' } } }),
    );
    const id = await start(fis, templateId, clientToken(RUN, 'experiment'));
    const lines: string[] = [];
    const done = await watch(fis, id, lines);
    const verdict = judge(done);
    expect(verdict).toMatchObject({ passed: true, outcome: 'passed', fisReason: 'Experiment completed.' });
    // Which intermediate states a poll sees depends on how fast the machine answers; what the watch must do is log
    // each change it saw once, from the state it last saw, in the order FIS went through them.
    const experimentLines = lines.filter((l) => l.startsWith('experiment'));
    expect(experimentLines.at(-1)).toMatch(
      new RegExp(`^experiment ${id}: (pending|initiating|running) → completed \\(Experiment completed\\.\\)$`),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^action inject \(aws:fis:wait\): (pending|initiating|running) → completed \(Action was completed\.\)$/,
      ),
    );
    expect(new Set(lines).size).toBe(lines.length);
    const history = fis
      .experiments()
      .find((e) => e.id === id)!
      .history.filter((t) => t.action === undefined)
      .map((t) => t.status);
    expect(history).toEqual(['pending', 'initiating', 'running', 'completed']);
    const seen = experimentLines.map((l) => /^experiment \S+: (?:\w+ → )?(\w+)/.exec(l)![1]!);
    expect(seen).toEqual(history.filter((status) => seen.includes(status)));
    const xml = junitXml(buildReport({ experiment: done, verdict }));
    expect(await junitXsdErrors(xml)).toEqual([]);
    expect(xml).toMatch(/<testcase name="inject \(aws:fis:wait\)" classname="fis\.EXT\w+" time="[\d.]+">/);
  });

  it('finds the first experiment again on a re-run of the same attempt (clientToken)', async () => {
    const templateId = await createTemplate(
      fis,
      template({ a: { actionId: 'aws:fis:wait', parameters: { duration: 'PT1M' } } }),
    );
    const run = { ...RUN, runId: '5678' };
    const first = await start(fis, templateId, clientToken(run, 'experiment'));
    const again = await start(fis, templateId, clientToken(run, 'experiment'));
    const nextAttempt = await start(fis, templateId, clientToken({ ...run, runAttempt: '2' }, 'experiment'));
    expect(again).toBe(first);
    expect(nextAttempt).not.toBe(first);
    const listed = (await call(fis, 'GET', `/experiments?experimentTemplateId=${templateId}`)).experiments as unknown[];
    expect(listed).toHaveLength(2);
  });

  it('fails when an action fails, with FIS’s reason in the verdict', async () => {
    const templateId = await createTemplate(
      fis,
      template({ inject: { actionId: 'aws:fis:wait', parameters: { duration: 'PT1M' } } }),
    );
    fis.helpers.failAction(templateId, 'inject', 'Unable to start the action.');
    const done = await watch(fis, await start(fis, templateId, `t-${Math.random()}`), []);
    expect(judge(done)).toMatchObject({
      passed: false,
      outcome: 'action-failed',
      failedActions: [{ name: 'inject', reason: 'Unable to start the action.' }],
    });
  });

  it('rehearses with skip-all and checks the resolved targets before the real run', async () => {
    const templateId = await createTemplate(
      fis,
      template({ inject: { actionId: 'aws:ec2:reboot-instances', targets: { Instances: 'web' } } }),
    );
    const rehearsal = await watch(
      fis,
      await start(fis, templateId, clientToken(RUN, 'rehearsal'), { experimentOptions: { actionsMode: 'skip-all' } }),
      [],
    );
    expect(rehearsal.actions?.inject?.state?.status).toBe('skipped');
    const resolved = (await call(fis, 'GET', `/experiments/${rehearsal.id}/resolvedTargets`)).resolvedTargets as {
      targetName: string;
    }[];
    const counts = Object.fromEntries(
      ['web'].map((name) => [name, resolved.filter((r) => r.targetName === name).length]),
    );
    const tpl = (await call(fis, 'GET', `/experimentTemplates/${templateId}`)).experimentTemplate as never;
    const checks = preflightChecks(
      { template: tpl, alarms: new Map(), resolvedTargets: counts },
      { allowNoStopConditions: true, allowedAlarmStates: [] },
    );
    expect(checks.map((c) => [c.check, c.outcome])).toEqual([
      ['stop conditions', 'warning'],
      ['target web', 'passed'],
    ]);
    expect(preflightRefusal(checks)).toBeUndefined();
  });

  it('at the timeout stops the experiment and fails; post after a killed main stops what is still running', async () => {
    const templateId = await createTemplate(
      fis,
      template({ long: { actionId: 'aws:fis:wait', parameters: { duration: 'PT2H' } } }),
    );
    // main timed out: it stops the experiment itself.
    const timedOut = await start(fis, templateId, `t-${Math.random()}`);
    await watch(fis, timedOut, [], (e) => e.state?.status === 'running');
    await call(fis, 'DELETE', `/experiments/${timedOut}`);
    const stopped = await watch(fis, timedOut, []);
    expect(judge(stopped, { stoppedBy: 'timeout' })).toMatchObject({ passed: false, outcome: 'timed-out' });
    // main was killed mid-watch (a cancelled job): post reads the saved id and stops it.
    const orphan = await start(fis, templateId, `t-${Math.random()}`);
    await watch(fis, orphan, [], (e) => e.state?.status === 'running');
    const status = view((await call(fis, 'GET', `/experiments/${orphan}`)).experiment).state?.status;
    const plan = cleanupPlan({ experimentId: orphan }, status);
    expect(plan.stopExperiment).toBe(orphan);
    await call(fis, 'DELETE', `/experiments/${plan.stopExperiment ?? ''}`);
    expect((await fis.helpers.waitFor(orphan, ['stopped'])).state.status).toBe('stopped');
    expect(cleanupPlan({ experimentId: orphan }, 'stopped').stopExperiment).toBeUndefined();
  });
});

describeWithServices(['moto'], 'the core over the fake FIS with a stop-condition alarm in moto', () => {
  let moto: MotoService;
  let fis: FakeFis;
  const motoCredentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };

  async function cloudWatch(params: Record<string, string>): Promise<string> {
    const url = new URL('/', moto.endpoint);
    const body = new URLSearchParams({ Version: '2010-08-01', ...params }).toString();
    const headers = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
    const signed = signRequest({
      service: 'monitoring',
      region: 'us-east-1',
      credentials: motoCredentials,
      method: 'POST',
      url,
      headers,
      body,
    });
    const response = await fetch(url, { method: 'POST', headers: { ...headers, ...signed }, body });
    return response.text();
  }

  beforeAll(async () => {
    moto = await startMoto();
    fis = await startFakeFis({
      credentials: [CREDENTIALS],
      timeScale: 600,
      cloudWatch: { endpoint: moto.endpoint, credentials: motoCredentials },
    });
  }, 90_000);
  afterAll(async () => {
    await fis?.stop();
    await moto?.stop();
  });

  it('fails when the stop condition fires, passes when that was declared expected', async () => {
    await cloudWatch({
      Action: 'PutMetricAlarm',
      AlarmName: 'web-5xx',
      MetricName: 'Errors',
      Namespace: 'Shop',
      Statistic: 'Sum',
      Period: '60',
      EvaluationPeriods: '1',
      Threshold: '1',
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    await cloudWatch({ Action: 'SetAlarmState', AlarmName: 'web-5xx', StateValue: 'OK', StateReason: 'test' });
    const alarmArn =
      /<AlarmArn>([^<]+)<\/AlarmArn>/.exec(
        await cloudWatch({ Action: 'DescribeAlarms', 'AlarmNames.member.1': 'web-5xx' }),
      )?.[1] ?? '';
    const body = template({ inject: { actionId: 'aws:fis:wait', parameters: { duration: 'PT2H' } } }, [
      { source: 'aws:cloudwatch:alarm', value: alarmArn },
    ]);
    const templateId = await createTemplate(fis, body);
    const tpl = (await call(fis, 'GET', `/experimentTemplates/${templateId}`)).experimentTemplate as never;
    expect(stopConditionAlarms(tpl)).toEqual([alarmArn]);
    const id = await start(fis, templateId, `t-${Math.random()}`);
    await watch(fis, id, [], (e) => e.state?.status === 'running');
    await cloudWatch({ Action: 'SetAlarmState', AlarmName: 'web-5xx', StateValue: 'ALARM', StateReason: 'errors' });
    const done = await watch(fis, id, []);
    expect(done.state?.status).toBe('stopped');
    expect(judge(done, { alarmsInAlarm: ['web-5xx'] })).toMatchObject({ passed: false, outcome: 'stop-condition' });
    expect(judge(done, { alarmsInAlarm: ['web-5xx'], expectStopCondition: true })).toMatchObject({
      passed: true,
      outcome: 'stop-condition-expected',
    });
  });
});
