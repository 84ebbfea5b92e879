import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import {
  actionOutputs,
  createS3Bucket,
  describeWithServices,
  findUnmaskedSecrets,
  simulateStep,
  startMoto,
  type MotoService,
} from '@aws-delivery/testing';

const REGION = 'cn-north-1';
const credentials = { accessKeyId: 'AKIDBUNDLE', secretAccessKey: 'china-bundle-secret-key' };
const globalCredentials = { accessKeyId: 'AKIDBUNDLEGLOBAL', secretAccessKey: 'global-bundle-secret-key' };
const SAMPLE = fileURLToPath(new URL('../fixtures/sample-app', import.meta.url));

describeWithServices(['moto'], 'china-region-deploy bundle through the runner simulator', () => {
  let moto: MotoService;
  beforeAll(async () => {
    moto = await startMoto();
    await createS3Bucket(moto.endpoint, 'bundle-cn', REGION, credentials);
    await createS3Bucket(moto.endpoint, 'bundle-global', 'us-east-1', globalCredentials);
  });
  afterAll(async () => {
    await moto?.stop();
  });

  it.each(['node20', 'node24'] as const)(
    'leaves a change set for review on both sides and sets every output (%s)',
    async (node) => {
      const dir = mkdtempSync(join(tmpdir(), 'china-bundle-'));
      cpSync(SAMPLE, dir, { recursive: true });
      const result = await simulateStep({
        action: 'china-region-deploy',
        node,
        workspace: dir,
        inputs: {
          template: 'template.yaml',
          'stack-name': `bundle-${node}`,
          bucket: 'bundle-cn',
          capabilities: 'CAPABILITY_IAM',
          execute: 'false',
          'access-key-id': credentials.accessKeyId,
          'secret-access-key': credentials.secretAccessKey,
          'cloudformation-endpoint': moto.endpoint,
          's3-endpoint': moto.endpoint,
          'global-region': 'us-east-1',
          'global-bucket': 'bundle-global',
          'global-cloudformation-endpoint': moto.endpoint,
          'global-s3-endpoint': moto.endpoint,
        },
        env: {
          GITHUB_RUN_ID: `31${node}`,
          GITHUB_RUN_ATTEMPT: '1',
          AWS_ACCESS_KEY_ID: globalCredentials.accessKeyId,
          AWS_SECRET_ACCESS_KEY: globalCredentials.secretAccessKey,
        },
        timeoutMs: 60_000,
      });
      expect(result).toMatchObject({ exitCode: 0, outcome: 'success' });
      expect(Object.keys(result.outputs).sort()).toEqual(actionOutputs('actions/china-region-deploy').sort());
      expect(result.outputs['change-set-name']).toMatch(new RegExp(`^china-region-deploy-31${node}-1-[0-9a-f]{10}$`));
      expect(result.outputs['global-stack-id']).toMatch(/^arn:aws:cloudformation:us-east-1:/);
      expect(result.summary).toContain('| Add | Function | AWS::Lambda::Function |');
      expect(result.masks).toEqual(
        expect.arrayContaining([credentials.secretAccessKey, globalCredentials.secretAccessKey]),
      );
      expect(findUnmaskedSecrets(result, [credentials.secretAccessKey, globalCredentials.secretAccessKey])).toEqual([]);
    },
  );
});
