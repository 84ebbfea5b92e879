/**
 * Every FIS and CloudWatch call through a real Squid with basic auth (http-proxy input), as behind a corporate
 * proxy: the access log shows the calls, and the proxy password (a secret input) is masked and never printed.
 */
import { request } from 'node:https';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { signRequest } from '@aws-delivery/aws/signing';
import { runMain } from '@aws-delivery/action-kit';
import { recordingRunner } from '@aws-delivery/action-kit/recording';
import { describeWithServices, startFakeFis, startSquid, type SquidService } from '@aws-delivery/testing';
import { chaosExperiment } from '../../src/action.js';
import { realClients } from '../../src/clients.js';
import {
  KEYS,
  MOTO_KEYS,
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

  it('reaches an HTTPS endpoint through a CONNECT tunnel, trusting the ca-bundle input', async () => {
    const tlsFis = await startFakeFis({
      credentials: [KEYS],
      timeScale: 600,
      tls: true,
      cloudWatch: { endpoint: services.moto.endpoint, credentials: MOTO_KEYS },
    });
    try {
      const templateId = await createTlsTemplate(tlsFis.url, tlsFis.caPem ?? '');
      const io = recordingRunner({
        inputs: {
          'template-id': templateId,
          'allow-no-stop-conditions': 'true',
          'fis-endpoint': tlsFis.url,
          'cloudwatch-endpoint': services.moto.endpoint,
          'http-proxy': squid.urlWithCredentials,
          'ca-bundle': tlsFis.caCertPath ?? '',
        },
        env: runEnv('3002', workspace()),
      });
      const outcome = await runMain(chaosExperiment, {
        io,
        clients: (config, runner) => realClients(config, runner, scaledClock(600)),
      });
      expect(io.lines('error')).toEqual([]);
      expect(outcome?.ok).toBe(true);
      expect(await squid.waitForAccessLog(`CONNECT ${new URL(tlsFis.url).host}`)).toContain(squid.username);
    } finally {
      await tlsFis.stop();
    }
  });
});

/** CreateExperimentTemplate on the HTTPS fake, trusting its throwaway CA (a template without stop conditions). */
async function createTlsTemplate(url: string, caPem: string): Promise<string> {
  const target = new URL('/experimentTemplates', url);
  const body = JSON.stringify({
    clientToken: `tls-${Math.random()}`,
    ...templateBody({ inject: { actionId: 'aws:fis:wait', parameters: { duration: 'PT1M' } } }, [{ source: 'none' }]),
  });
  const headers = { 'content-type': 'application/json', host: target.host };
  const signed = signRequest({
    service: 'fis',
    region: 'us-east-1',
    credentials: KEYS,
    method: 'POST',
    url: target,
    headers,
    body,
  });
  return new Promise((resolve, reject) => {
    const sent = request(target, { method: 'POST', headers: { ...headers, ...signed }, ca: caPem }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const answer = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { experimentTemplate?: { id: string } };
        if (answer.experimentTemplate) resolve(answer.experimentTemplate.id);
        else reject(new Error(JSON.stringify(answer)));
      });
    });
    sent.on('error', reject);
    sent.end(body);
  });
}
