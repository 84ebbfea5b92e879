import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { startScriptedStsServer } from '../../packages/aws/test/integration/scripted-sts-server.js';
for (const [status, body] of [[502, '<html><body>Bad gateway</body></html>'], [429, ''], [403, 'Forbidden by proxy'], [200, 'not xml'], [500, '<Error><Code>InternalError</Code><Message>oops</Message></Error>']] as const) {
  const server = await startScriptedStsServer([{ status, body }]);
  const client = new STSClient({ region: 'us-east-1', endpoint: server.endpoint, maxAttempts: 1, credentials: { accessKeyId: 'A', secretAccessKey: 'B' } });
  try { const out = await client.send(new GetCallerIdentityCommand({})); console.log(status, 'OK', JSON.stringify(out)); }
  catch (e: any) { console.log(status, '=>', JSON.stringify({ name: e.name, Code: e.Code, message: e.message, fault: e.$fault, meta: e.$metadata })); }
  client.destroy(); await server.close();
}
