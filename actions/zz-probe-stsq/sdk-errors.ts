import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { startScriptedStsServer, stsError } from '../../packages/aws/test/integration/scripted-sts-server.js';
for (const code of ['PackedPolicyTooLarge', 'InvalidIdentityToken', 'ExpiredTokenException', 'AccessDenied', 'Throttling', 'SomethingNew']) {
  const server = await startScriptedStsServer([{ status: code === 'Throttling' ? 400 : 403, body: stsError(code, 'msg &amp; more') }]);
  const client = new STSClient({ region: 'us-east-1', endpoint: server.endpoint, maxAttempts: 1, credentials: { accessKeyId: 'A', secretAccessKey: 'B' } });
  try { await client.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::123456789012:role/x', RoleSessionName: 's', Tags: [{Key: 'a', Value: 'b c'}], PolicyArns: [{arn: 'arn:aws:iam::aws:policy/x'}], TransitiveTagKeys: ['a'] })); }
  catch (e: any) { console.log(code, '=>', JSON.stringify({ name: e.name, Code: e.Code, code: e.code, message: e.message, fault: e.$fault, meta: e.$metadata, keys: Object.keys(e), Type: e.Type, Error: e.Error })); }
  console.log(server.requests[0]);
  client.destroy(); await server.close();
}
