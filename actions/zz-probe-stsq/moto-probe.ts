import { AssumeRoleCommand, AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { startMoto } from '@aws-delivery/testing';
import { createStsQueryClient } from '../../packages/aws/src/sts-query.js';
const moto = await startMoto();
const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
try {
  const sdk = new STSClient({ region: 'us-east-1', endpoint: moto.endpoint, credentials });
  const mine = createStsQueryClient({ region: 'us-east-1', endpoint: moto.endpoint, credentials, env: {}, log: (l) => console.log('LOG', l) });
  const input = { RoleArn: 'arn:aws:iam::123456789012:role/deploy', RoleSessionName: 'ci', DurationSeconds: 900, Tags: [{ Key: 'repo', Value: 'o/r' }], TransitiveTagKeys: ['repo'], ExternalId: 'x', Policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}', PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }] };
  console.log('SDK ', await sdk.send(new AssumeRoleCommand(input)));
  console.log('MINE', await mine.assumeRole(input));
  const wi = { RoleArn: 'arn:aws:iam::123456789012:role/deploy', RoleSessionName: 'ci', WebIdentityToken: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJyZXBvOm8vcjpyZWY6cmVmcy9oZWFkcy9tYWluIn0.', DurationSeconds: 900 };
  console.log('SDK ', await sdk.send(new AssumeRoleWithWebIdentityCommand(wi)));
  console.log('MINE', await mine.assumeRoleWithWebIdentity(wi));
  console.log('SDK ', await sdk.send(new GetCallerIdentityCommand({})));
  console.log('MINE', await mine.getCallerIdentity());
  sdk.destroy(); mine.destroy();
} finally { await moto.stop(); }
