/**
 * chaos-experiment end to end in-process: runMain with a recording runner, the real FIS and CloudWatch clients
 * (signed, through packages/aws's transport) against the fake FIS, whose stop conditions watch alarms in a real
 * moto. FIS behaviour: https://docs.aws.amazon.com/fis/latest/APIReference/API_StartExperiment.html (clientToken),
 * https://docs.aws.amazon.com/fis/latest/userguide/stop-conditions.html (stop conditions).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runMain, runPost } from '@aws-delivery/action-kit';
import { recordingRunner, type RecordingRunner } from '@aws-delivery/action-kit/recording';
import { describeWithServices } from '@aws-delivery/testing';
import { chaosExperiment } from '../../src/action.js';
import { stopIfRunning } from '../../src/cleanup.js';
import { realClients, type Clock } from '../../src/clients.js';
import { CLIENT_TOKEN_TAG, STATE_KEY, type SavedState } from '../../src/state.js';
import {
  alarm,
  createTemplate,
  runEnv,
  scaledClock,
  setAlarm,
  startServices,
  templateBody,
  workspace,
  type Services,
} from './harness.js';

const SCALE = 600;

describeWithServices(['moto'], 'chaos-experiment against the fake FIS and moto', () => {
  let services: Services;
  let alarmArn: string;
  beforeAll(async () => {
    services = await startServices(SCALE);
    alarmArn = await alarm(services.moto, 'web-5xx', 'OK');
  }, 90_000);
  afterAll(async () => {
    await services?.stop();
  });

  const stopOnAlarm = () => [{ source: 'aws:cloudwatch:alarm', value: alarmArn }];

  function step(runId: string, inputs: Record<string, string>, dir = workspace()): RecordingRunner {
    return recordingRunner({
      inputs: {
        'fis-endpoint': services.fis.url,
        'cloudwatch-endpoint': services.moto.endpoint,
        'action-timeout-seconds': '60',
        ...inputs,
      },
      env: runEnv(runId, dir),
    });
  }

  function main(io: RecordingRunner, clock: Clock = scaledClock(SCALE)) {
    return runMain(chaosExperiment, { io, clients: (config, runner) => realClients(config, runner, clock) });
  }

  function savedState(io: RecordingRunner): SavedState | undefined {
    const text = io.recorded.state[STATE_KEY];
    return text === undefined ? undefined : (JSON.parse(text) as SavedState);
  }

  function experimentsOf(templateId: string) {
    return services.fis.experiments().filter((e) => e.experimentTemplateId === templateId);
  }

  async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 20_000): Promise<T> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const found = probe();
      if (found !== undefined) return found;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  it('passes a completed experiment: rehearsal, pre-flight, change lines, outputs, JSON, JUnit and the timeline', async () => {
    const templateId = await createTemplate(
      services.fis,
      templateBody({ inject: { actionId: 'aws:fis:wait', parameters: { duration: 'PT5M' } } }, stopOnAlarm()),
    );
    const dir = workspace();
    const io = step('1001', { 'template-id': templateId, rehearsal: 'true', tags: 'team=payments' }, dir);
    const outcome = await main(io);

    expect(io.lines('error')).toEqual([]);
    expect(outcome).toMatchObject({ ok: true, result: { skipped: false, verdict: { outcome: 'passed' } } });
    const experiments = experimentsOf(templateId);
    expect(experiments.map((e) => e.experimentOptions?.actionsMode).sort()).toEqual(['run-all', 'skip-all']);
    const real = experiments.find((e) => e.experimentOptions?.actionsMode === 'run-all')!;
    expect(real.state.status).toBe('completed');
    expect(real.tags).toMatchObject({
      'github:repository': 'octo/shop',
      'github:commit': 'feedfacecafe',
      'github:run-url': 'https://github.com/octo/shop/actions/runs/1001/attempts/1',
      'github:actor': 'octocat',
      team: 'payments',
      [CLIENT_TOKEN_TAG]: expect.stringMatching(/^gha-experiment-1001-1-[0-9a-f]{40}$/),
    });
    expect(io.recorded.outputs).toMatchObject({
      'experiment-id': real.id,
      state: 'completed',
      reason: 'Experiment completed.',
      'report-file': join(dir, 'chaos-report.json'),
      'junit-file': join(dir, 'chaos-junit.xml'),
    });
    // The fake stamps real time (its scale shortens the phases), so the duration is a fraction of a second here.
    expect(Number(io.recorded.outputs['duration-seconds'])).toBeGreaterThan(0);
    const info = io.lines('info');
    expect(info).toContain('pre-flight alarm web-5xx: passed, OK');
    expect(info).toContain('pre-flight target web: passed, 1 resource(s)');
    expect(info).toContainEqual(
      expect.stringMatching(/^rehearsal: action inject \(aws:fis:wait\): \w+ → skipped \(Action was skipped\.\)$/),
    );
    // The state before completed is the last one a poll saw (running, unless a loaded machine polled late).
    expect(info).toContainEqual(
      expect.stringMatching(new RegExp(`^experiment ${real.id}: \\w+ → completed \\(Experiment completed\\.\\)$`)),
    );
    expect(info).toContainEqual(
      expect.stringMatching(/^action inject \(aws:fis:wait\): \w+ → completed \(Action was completed\.\)$/),
    );
    expect(info.some((l) => l.startsWith('FIS in partition aws, region us-east-1, endpoint http://127.0.0.1:'))).toBe(
      true,
    );
    expect(info).toContain(
      `Template ${templateId} runs in account 123456789012 (its role arn:aws:iam::123456789012:role/fis-experiments).`,
    );
    const report = JSON.parse(readFileSync(join(dir, 'chaos-report.json'), 'utf8')) as Record<string, never>;
    expect(report).toMatchObject({
      experiment: { id: real.id, status: 'completed' },
      verdict: { passed: true, outcome: 'passed' },
      actions: [{ name: 'inject', status: 'completed' }],
      rehearsal: { status: 'completed' },
    });
    expect(readFileSync(join(dir, 'chaos-junit.xml'), 'utf8')).toMatch(/<testcase name="inject \(aws:fis:wait\)"/);
    expect(io.recorded.summary.join('\n')).toMatch(/```mermaid\ngantt/);
    expect(savedState(io)).toMatchObject({ experimentId: real.id, finished: true, status: 'completed' });
    // The rehearsal ended in main, so post is not left a rehearsal to stop.
    expect(savedState(io)).not.toHaveProperty('rehearsalClientToken');
    expect(savedState(io)).not.toHaveProperty('rehearsalId');
    expect(
      services.fis.requests.every((r) => r.accessKeyId === undefined || r.accessKeyId === 'AKIACHAOSWIRETEST001'),
    ).toBe(true);
  });

  it('fails when an action fails, with FIS’s reason', async () => {
    const templateId = await createTemplate(
      services.fis,
      templateBody({ inject: { actionId: 'aws:fis:wait', parameters: { duration: 'PT1M' } } }, stopOnAlarm()),
    );
    services.fis.helpers.failAction(
      templateId,
      'inject',
      'Unable to start the action: the role lacks ec2:StopInstances.',
    );
    const io = step('1002', { 'template-id': templateId });
    const outcome = await main(io);

    expect(outcome?.ok).toBe(false);
    expect(io.recorded.outputs.state).toBe('failed');
    expect(io.lines('error')).toEqual([
      expect.stringMatching(
        /^chaos-experiment: Experiment EXP\w+ failed: action\(s\) failed: inject \(Unable to start the action: the role lacks ec2:StopInstances\.\)\./,
      ),
    ]);
  });

  it('fails when the stop condition fires mid-run (moto SetAlarmState), naming the alarm', async () => {
    await alarm(services.moto, 'checkout-latency', 'OK');
    const latencyArn = await alarm(services.moto, 'checkout-latency', 'OK');
    const templateId = await createTemplate(
      services.fis,
      templateBody({ inject: { actionId: 'aws:fis:wait', parameters: { duration: 'PT2H' } } }, [
        { source: 'aws:cloudwatch:alarm', value: latencyArn },
      ]),
    );
    const io = step('1003', { 'template-id': templateId });
    const running = main(io);
    await until('the experiment to run', () =>
      experimentsOf(templateId).find((e) => e.state.status === 'running') ? true : undefined,
    );
    await setAlarm(services.moto, 'checkout-latency', 'ALARM');
    const outcome = await running;

    expect(outcome?.ok).toBe(false);
    expect(experimentsOf(templateId)[0]?.state.status).toBe('stopped');
    expect(io.recorded.outputs.state).toBe('stopped');
    expect(io.lines('error')[0]).toMatch(
      /^chaos-experiment: Experiment EXP\w+ was stopped by a stop condition \(checkout-latency in ALARM\)\./,
    );
    await setAlarm(services.moto, 'checkout-latency', 'OK');
  });

  it('refuses to start while a stop-condition alarm is in ALARM', async () => {
    const sickArn = await alarm(services.moto, 'already-sick', 'ALARM');
    const templateId = await createTemplate(
      services.fis,
      templateBody({ inject: { actionId: 'aws:fis:wait' } }, [{ source: 'aws:cloudwatch:alarm', value: sickArn }]),
    );
    const io = step('1004', { 'template-id': templateId });
    const outcome = await main(io);

    expect(outcome?.ok).toBe(false);
    expect(io.lines('error')[0]).toMatch(
      /^chaos-experiment: Pre-flight refused the experiment: alarm already-sick: ALARM/,
    );
    const summary = io.recorded.summary.join('\n');
    expect(summary).toContain(`## Chaos experiment: not started (template ${templateId})`);
    expect(summary).toMatch(/\| alarm already-sick \| failed \| ALARM: the service is not healthy/);
    expect(experimentsOf(templateId)).toEqual([]);
  });

  it('at the overall timeout stops the experiment and fails', async () => {
    const templateId = await createTemplate(
      services.fis,
      templateBody({ inject: { actionId: 'aws:fis:wait', parameters: { duration: 'PT2H' } } }, stopOnAlarm()),
    );
    const io = step('1005', { 'template-id': templateId, timeout: '2h' });
    // The action's clock runs four times as fast as the fake's: the experiment overruns its plan as the action sees it.
    const outcome = await main(io, scaledClock(SCALE * 4));

    expect(outcome?.ok).toBe(false);
    expect(io.lines('warning')).toContainEqual(
      expect.stringMatching(/^Experiment EXP\w+ is still running at the overall timeout: stopping it\.$/),
    );
    expect(io.lines('error')[0]).toMatch(
      /^chaos-experiment: Experiment EXP\w+ ran past the overall timeout and was stopped \(stopped\)\./,
    );
    expect(experimentsOf(templateId)[0]?.state.status).toBe('stopped');
  });

  it('a re-run of the same attempt finds the first experiment instead of starting a second', async () => {
    const templateId = await createTemplate(
      services.fis,
      templateBody({ inject: { actionId: 'aws:fis:wait', parameters: { duration: 'PT1M' } } }, stopOnAlarm()),
    );
    const first = step('1006', { 'template-id': templateId });
    const again = step('1006', { 'template-id': templateId });
    expect((await main(first))?.ok).toBe(true);
    expect((await main(again))?.ok).toBe(true);

    expect(experimentsOf(templateId)).toHaveLength(1);
    expect(again.recorded.outputs['experiment-id']).toBe(first.recorded.outputs['experiment-id']);
    const starts = services.fis.requests.filter(
      (r) => r.operation === 'StartExperiment' && JSON.stringify(r.body ?? '').includes(templateId),
    );
    expect(starts).toHaveLength(2);
  });

  it('creates a template from a file in the repository, and post deletes it', async () => {
    const dir = workspace();
    const file = templateBody(
      { inject: { actionId: 'aws:fis:wait', parameters: { duration: 'PT1M' } } },
      stopOnAlarm(),
      {
        owner: 'shop',
      },
    );
    writeFileSync(join(dir, 'latency.json'), JSON.stringify(file));
    const io = step('1007', { 'template-file': 'latency.json' }, dir);
    expect((await main(io))?.ok).toBe(true);
    const saved = savedState(io)!;
    expect(saved.createdTemplateId).toMatch(/^EXT/);
    expect(services.fis.templates().map((t) => t.id)).toContain(saved.createdTemplateId);

    const post = recordingRunner({ env: runEnv('1007', dir), state: { [STATE_KEY]: saved } });
    expect(await runPost('chaos-experiment', stopIfRunning, { io: post })).toEqual({ ok: true, result: undefined });
    expect(post.lines('info')).toContain(
      `post: Deleting experiment template ${saved.createdTemplateId}, created by this step.`,
    );
    expect(services.fis.templates().map((t) => t.id)).not.toContain(saved.createdTemplateId);
  });

  it('post after main is killed mid-watch stops the experiment from the saved state; the fake shows stopped', async () => {
    const templateId = await createTemplate(
      services.fis,
      templateBody({ inject: { actionId: 'aws:fis:wait', parameters: { duration: 'PT2H' } } }, stopOnAlarm()),
    );
    const io = step('1008', { 'template-id': templateId });
    const running = main(io);
    const id = await until(
      'the experiment to run',
      () => experimentsOf(templateId).find((e) => e.state.status === 'running')?.id,
    );
    // What the runner hands post after a cancelled main: the state main had saved by then.
    const saved = await until('main to save the experiment id', () =>
      savedState(io)?.experimentId === id ? savedState(io) : undefined,
    );
    expect(saved).toMatchObject({ region: 'us-east-1', fisEndpoint: services.fis.url, templateId });
    expect(saved.finished).toBeUndefined();

    const post = recordingRunner({ env: runEnv('1008', workspace()), state: { [STATE_KEY]: saved } });
    expect(await runPost('chaos-experiment', stopIfRunning, { io: post })).toEqual({ ok: true, result: undefined });
    expect(post.lines('info')).toContain(
      `post: Experiment ${id} is running after the step ended: stopping it so it is not left running.`,
    );
    expect((await services.fis.helpers.waitFor(id, ['stopped'])).state.status).toBe('stopped');

    // main (still alive in this test) sees it stopped from outside, with no stop-condition alarm in ALARM.
    const outcome = await running;
    expect(outcome?.ok).toBe(false);
    expect(io.lines('error')[0]).toMatch(/was stopped from outside this workflow/);
  });

  it('post finds an experiment by its clientToken tag when main died before reading the start answer', async () => {
    const templateId = await createTemplate(
      services.fis,
      templateBody({ inject: { actionId: 'aws:fis:wait', parameters: { duration: 'PT2H' } } }, stopOnAlarm()),
    );
    const io = step('1009', { 'template-id': templateId });
    const running = main(io);
    const id = await until(
      'the experiment to run',
      () => experimentsOf(templateId).find((e) => e.state.status === 'running')?.id,
    );
    const { experimentId: _dropped, ...beforeAnswer } = savedState(io)!;
    expect(beforeAnswer.clientToken).toMatch(/^gha-experiment-1009-1-/);

    const post = recordingRunner({ env: runEnv('1009', workspace()), state: { [STATE_KEY]: beforeAnswer } });
    expect((await runPost('chaos-experiment', stopIfRunning, { io: post })).ok).toBe(true);
    expect((await services.fis.helpers.waitFor(id, ['stopped'])).state.status).toBe('stopped');
    await running;
  });

  it('chooses the one template carrying the tags, and lists the matches when more than one does', async () => {
    const tags = { service: 'cart', experiment: `latency-${Date.now()}` };
    const wanted = await createTemplate(
      services.fis,
      templateBody({ inject: { actionId: 'aws:fis:wait' } }, stopOnAlarm(), { ...tags, stage: 'prod' }),
    );
    const io = step('1010', { 'template-tags': `service=cart, experiment=${tags.experiment}, stage=prod` });
    expect((await main(io))?.ok).toBe(true);
    expect(experimentsOf(wanted)).toHaveLength(1);

    const other = await createTemplate(
      services.fis,
      templateBody({ inject: { actionId: 'aws:fis:wait' } }, stopOnAlarm(), { ...tags, stage: 'test' }),
    );
    const ambiguous = step('1011', { 'template-tags': `service=cart\nexperiment=${tags.experiment}` });
    expect((await main(ambiguous))?.ok).toBe(false);
    const error = ambiguous.lines('error')[0] ?? '';
    expect(error).toMatch(
      /^chaos-experiment: 2 experiment templates carry the tags service=cart, experiment=latency-\d+, and exactly one must: /,
    );
    expect(error).toContain(wanted);
    expect(error).toContain(other);
    expect(experimentsOf(other)).toEqual([]);
  });

  describe('probes', () => {
    let server: Server;
    let healthy = true;
    let url = '';
    beforeAll(async () => {
      server = createServer((_request, response) => {
        response.writeHead(healthy ? 200 : 503);
        response.end();
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`;
    });
    afterAll(
      () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    );
    const probes = () =>
      [
        `- name: shop health\n  http: ${url}\n  expect-status: 200\n  every: 5s`,
        `- name: web alarm\n  alarm: ${alarmArn}\n  expect-state: OK\n  phases: [before, after]`,
      ].join('\n');

    it('runs before, during and after, and reports each in the JSON report', async () => {
      healthy = true;
      const templateId = await createTemplate(
        services.fis,
        templateBody({ inject: { actionId: 'aws:fis:wait', parameters: { duration: 'PT10M' } } }, stopOnAlarm()),
      );
      const dir = workspace();
      const io = step('1012', { 'template-id': templateId, probes: probes() }, dir);
      expect((await main(io))?.ok).toBe(true);
      const report = JSON.parse(readFileSync(join(dir, 'chaos-report.json'), 'utf8')) as {
        probes: { name: string; phase: string; passed: boolean }[];
      };
      const phases = (name: string) => [...new Set(report.probes.filter((p) => p.name === name).map((p) => p.phase))];
      expect(phases('shop health')).toEqual(['before', 'during', 'after']);
      expect(phases('web alarm')).toEqual(['before', 'after']);
      expect(report.probes.every((p) => p.passed)).toBe(true);
      expect(io.lines('info')).toContain('probe web alarm (before): passed, OK');
    });

    it('a probe failing during the experiment stops it, and the step fails naming the probe', async () => {
      healthy = true;
      const templateId = await createTemplate(
        services.fis,
        templateBody({ inject: { actionId: 'aws:fis:wait', parameters: { duration: 'PT2H' } } }, stopOnAlarm()),
      );
      const io = step('1013', { 'template-id': templateId, probes: probes() });
      const running = main(io);
      await until('the experiment to run', () =>
        experimentsOf(templateId).find((e) => e.state.status === 'running') ? true : undefined,
      );
      healthy = false;
      const outcome = await running;
      healthy = true;

      expect(outcome?.ok).toBe(false);
      expect(experimentsOf(templateId)[0]?.state.status).toBe('stopped');
      expect(io.lines('warning')).toContainEqual(
        expect.stringMatching(/^Probe shop health failed during experiment EXP\w+: stopping it\.$/),
      );
      expect(io.lines('error')[0]).toMatch(
        /^chaos-experiment: Experiment EXP\w+ stopped: probe\(s\) failed: shop health during \(HTTP 503, expected 200\)/,
      );
    });

    it('a probe failing before the experiment means it is not started', async () => {
      healthy = false;
      const templateId = await createTemplate(
        services.fis,
        templateBody({ inject: { actionId: 'aws:fis:wait' } }, stopOnAlarm()),
      );
      const io = step('1014', { 'template-id': templateId, probes: probes() });
      const outcome = await main(io);
      healthy = true;
      expect(outcome?.ok).toBe(false);
      expect(io.lines('error')[0]).toMatch(
        /^chaos-experiment: Probe\(s\) failed before the experiment: shop health \(HTTP 503, expected 200\)\./,
      );
      expect(experimentsOf(templateId)).toEqual([]);
    });
  });
});
