// The committed bundles (dist/chaos-experiment/{main,post}) run as a runner runs them, on Node 20 and Node 24,
// against the fake FIS and moto's alarms: a passing experiment, and a job cancelled mid-watch whose post step stops
// the experiment from main's saved state. Build first: node scripts/build.mjs --action chaos-experiment --skip-typecheck
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { actionOutputs, describeWithServices, findUnmaskedSecrets, simulateStep } from '@aws-delivery/testing';
import { alarm, createTemplate, runEnv, startServices, templateBody, workspace, type Services } from './harness.js';

describeWithServices(['moto'], 'chaos-experiment bundle through the runner simulator', () => {
  let services: Services;
  let alarmArn: string;
  beforeAll(async () => {
    services = await startServices(300);
    alarmArn = await alarm(services.moto, 'bundle-5xx', 'OK');
  }, 90_000);
  afterAll(async () => {
    await services?.stop();
  });

  const template = (duration: string) =>
    createTemplate(
      services.fis,
      templateBody({ inject: { actionId: 'aws:fis:wait', parameters: { duration } } }, [
        { source: 'aws:cloudwatch:alarm', value: alarmArn },
      ]),
    );

  const step = (node: 'node20' | 'node24', runId: string, templateId: string, timeoutMs: number) => {
    const dir = workspace();
    return simulateStep({
      action: 'chaos-experiment',
      node,
      workspace: dir,
      inputs: {
        'template-id': templateId,
        'fis-endpoint': services.fis.url,
        'cloudwatch-endpoint': services.moto.endpoint,
      },
      env: runEnv(runId, dir),
      timeoutMs,
    });
  };

  it.each(['node20', 'node24'] as const)('passes a short experiment and sets every output (%s)', async (node) => {
    const templateId = await template('PT1M');
    const result = await step(node, `2001${node}`, templateId, 60_000);

    expect(result.annotations).toEqual([]);
    expect(result).toMatchObject({ exitCode: 0, outcome: 'success', stderr: '' });
    expect(Object.keys(result.outputs).sort()).toEqual(actionOutputs('actions/chaos-experiment').sort());
    expect(result.outputs.state).toBe('completed');
    expect(result.outputs['experiment-id']).toMatch(/^EXP/);
    // The real clock polls every 2 s or more, so the lines show the states seen, ending in completed.
    expect(result.stdout).toMatch(new RegExp(`^experiment ${result.outputs['experiment-id']}: \\w+ → completed`, 'm'));
    expect(result.summary).toContain('gantt');
    expect(result.masks).toContain('chaos-wire-test-secret-key');
    expect(findUnmaskedSecrets(result, ['chaos-wire-test-secret-key'])).toEqual([]);
    expect(result.post).toMatchObject({ exitCode: 0, outcome: 'success' });
    expect(result.post?.stdout).toMatch(/post: experiment EXP\w+ ended in main \(completed\); nothing to clean up\./);
  });

  it.each(['node20', 'node24'] as const)(
    'a job cancelled mid-watch: the post step stops the experiment, and the fake shows stopped (%s)',
    async (node) => {
      const templateId = await template('PT2H');
      // Long enough for main to start the experiment on a loaded machine; the experiment runs 24 s.
      const result = await step(node, `2002${node}`, templateId, 8_000);

      expect(result.timedOut).toBe(true);
      const experiments = services.fis.experiments().filter((e) => e.experimentTemplateId === templateId);
      expect(experiments).toHaveLength(1);
      const id = experiments[0]!.id;
      expect(result.state['chaos-experiment']).toContain(id);
      expect(result.post).toMatchObject({ exitCode: 0, outcome: 'success' });
      expect(result.post?.stdout).toContain(
        `post: Experiment ${id} is running after the step ended: stopping it so it is not left running.`,
      );
      expect((await services.fis.helpers.waitFor(id, ['stopped'])).state.status).toBe('stopped');
    },
  );
});
