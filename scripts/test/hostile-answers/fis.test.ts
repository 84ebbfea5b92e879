/**
 * A hostile FIS answer through the chaos-experiment bundle, on the fake FIS (alarms on moto): an experiment whose
 * failed action gives a state reason that carries workflow commands and delimiter collisions. The reason is
 * printed, put in the summary and report, and written as the `reason` output: none of it may run or add a key.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { describeWithServices, HOSTILE_TEXT, simulateStep } from '@aws-delivery/testing';
import {
  alarm,
  createTemplate,
  runEnv,
  startServices,
  templateBody,
  workspace,
  type Services,
} from '../../../actions/chaos-experiment/test/integration/harness.js';
import { expectCleanFailure } from './clean-failure.js';

describeWithServices(['moto'], 'chaos-experiment against a FIS that answers hostile text', () => {
  let services: Services;
  let alarmArn: string;
  beforeAll(async () => {
    services = await startServices(300);
    alarmArn = await alarm(services.moto, 'hostile-5xx', 'OK');
  }, 90_000);
  afterAll(async () => {
    await services?.stop();
  });

  it("prints and writes nothing live of a failed experiment's state reason", async () => {
    const templateId = await createTemplate(
      services.fis,
      templateBody({ inject: { actionId: 'aws:fis:wait', parameters: { duration: 'PT1M' } } }, [
        { source: 'aws:cloudwatch:alarm', value: alarmArn },
      ]),
    );
    services.fis.helpers.failAction(templateId, 'inject', `Action failed\n${HOSTILE_TEXT}`);
    const dir = workspace();
    const result = await simulateStep({
      action: 'chaos-experiment',
      workspace: dir,
      inputs: {
        'template-id': templateId,
        'fis-endpoint': services.fis.url,
        'cloudwatch-endpoint': services.moto.endpoint,
      },
      env: runEnv('3001', dir),
      timeoutMs: 60_000,
    });
    expectCleanFailure(result, 'chaos-experiment');
    expect(result.outputs.state).toBe('failed');
    // The reason reached the step (quoted, inert, or as its one output): the check above read it.
    expect(result.stdout + result.summary + (result.outputs.reason ?? '')).toContain('INJ-value');
  });
});
