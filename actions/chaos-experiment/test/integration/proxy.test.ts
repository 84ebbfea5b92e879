/**
 * Every FIS and CloudWatch call through a real Squid with basic auth (http-proxy input), as behind a corporate
 * proxy: the access log shows the calls, and the proxy password (a secret input) is masked and never printed.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { runMain } from '@aws-delivery/action-kit';
import { recordingRunner } from '@aws-delivery/action-kit/recording';
import { describeWithServices, startSquid, type SquidService } from '@aws-delivery/testing';
import { chaosExperiment } from '../../src/action.js';
import { realClients } from '../../src/clients.js';
import {
  alarm,
  createTemplate,
  runEnv,
  scaledClock,
  startServices,
  templateBody,
  workspace,
  type Services,
} from './harness.js';

describeWithServices(['moto', 'squid'], 'chaos-experiment through Squid', () => {
  let services: Services;
  let squid: SquidService;
  beforeAll(async () => {
    [services, squid] = await Promise.all([startServices(600), startSquid()]);
  }, 90_000);
  afterAll(async () => {
    await Promise.all([services?.stop(), squid?.stop()]);
  });

  it('sends FIS and CloudWatch calls through the proxy and masks its password', async () => {
    const alarmArn = await alarm(services.moto, 'proxy-5xx', 'OK');
    const templateId = await createTemplate(
      services.fis,
      templateBody({ inject: { actionId: 'aws:fis:wait', parameters: { duration: 'PT1M' } } }, [
        { source: 'aws:cloudwatch:alarm', value: alarmArn },
      ]),
    );
    const io = recordingRunner({
      inputs: {
        'template-id': templateId,
        'fis-endpoint': services.fis.url,
        'cloudwatch-endpoint': services.moto.endpoint,
        'http-proxy': squid.urlWithCredentials,
      },
      env: runEnv('3001', workspace()),
    });
    const outcome = await runMain(chaosExperiment, {
      io,
      clients: (config, runner) => realClients(config, runner, scaledClock(600)),
    });

    expect(io.lines('error')).toEqual([]);
    expect(outcome?.ok).toBe(true);
    const fisHost = new URL(services.fis.url).host;
    const motoHost = new URL(services.moto.endpoint).host;
    const log = await squid.waitForAccessLog(`http://${fisHost}/experiments/`);
    expect(log).toContain(`POST http://${motoHost}/`);
    expect(log).toContain(squid.username);
    expect(io.recorded.masks).toContain(squid.urlWithCredentials);
    const printed = io.recorded.log.map((entry) => entry.message).join('\n');
    expect(printed).not.toContain(squid.password);
  });
});
