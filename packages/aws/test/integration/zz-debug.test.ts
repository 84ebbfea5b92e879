import { it, expect } from '@jest/globals';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { startMoto } from '@aws-delivery/testing';
import { awsClientConfig } from '@aws-delivery/aws';

it('debug', async () => {
  const moto = await startMoto({ tls: true });
  try {
    const config = awsClientConfig({ region: 'us-east-1', endpoint: moto.endpoint, caBundle: moto.caBundle, env: {}, log: console.log, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
    const url = new URL(moto.endpoint);
    try {
      const r = await config.requestHandler.handle({ protocol: 'https:', hostname: url.hostname, port: Number(url.port), method: 'GET', path: '/moto-api/data.json', headers: { host: url.host }, query: {} } as never);
      console.log('status', r.response.statusCode);
    } catch (e) { console.log('err', (e as Error).message); }
    const client = new STSClient(config);
    try {
      const r = await client.send(new GetCallerIdentityCommand({}));
      console.log('sts', r.Arn);
    } catch (e) { console.log('err2', (e as Error).message, (e as any).cause); }
    client.destroy();
  } finally {
    await moto.stop();
  }
  expect(1).toBe(1);
}, 60000);
