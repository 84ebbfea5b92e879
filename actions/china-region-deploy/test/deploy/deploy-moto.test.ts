import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { createS3Bucket, describeWithServices, startMoto, type MotoService } from '@aws-delivery/testing';
import { createCloudFormationClient, type CloudFormationClient } from '../../src/deploy/cloudformation-client.js';
import { deployStack, type DeployOptions } from '../../src/deploy/deploy-stack.js';
import { packageAndUpload } from '../../src/package/package-and-upload.js';
import { createS3ArtifactStore } from '../../src/package/s3-artifact-store.js';

const REGION = 'cn-north-1';
const credentials = { accessKeyId: 'AKIDCHINA', secretAccessKey: 'china-secret' };

const options: DeployOptions = {
  execute: true,
  deleteFailedStack: false,
  pollIntervalMs: 10,
  timeoutMs: 30_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now: () => Date.now(),
};

describeWithServices(['moto'], 'deploying on moto in cn-north-1 with the action client', () => {
  let moto: MotoService;
  let client: CloudFormationClient;

  beforeAll(async () => {
    moto = await startMoto();
    client = createCloudFormationClient({
      region: REGION,
      endpoint: moto.endpoint,
      credentials,
      maxAttempts: 1,
      log: () => {},
    });
  });
  afterAll(async () => {
    client?.destroy();
    await moto?.stop();
  });

  it('creates the stack, then reports no changes for the same template', async () => {
    const body = 'Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: jobs\n';
    const request = {
      stackName: 'moto-app',
      changeSetType: 'UPDATE' as const,
      template: { body },
      parameters: [],
      capabilities: [],
      tags: [],
      notificationArns: [],
    };
    const first = await deployStack(client, { ...request, changeSetName: 'run-1' }, options);
    expect(first).toMatchObject({ outcome: 'deployed', status: 'CREATE_COMPLETE' });
    const second = await deployStack(client, { ...request, changeSetName: 'run-2' }, options);
    expect(second.outcome).toBe('no-changes');
  });

  it('deploys a packaged template over 51,200 bytes by its regional China URL', async () => {
    await createS3Bucket(moto.endpoint, 'artifacts-cn', REGION, credentials);

    const root = mkdtempSync(join(tmpdir(), 'moto-deploy-'));
    const topics = Array.from(
      { length: 600 },
      (_, index) =>
        `  Topic${index}:\n    Type: AWS::SNS::Topic\n    Properties:\n      DisplayName: topic-number-${index}\n`,
    );
    writeFileSync(join(root, 'template.yaml'), `Resources:\n${topics.join('')}`);
    const store = createS3ArtifactStore({
      bucket: 'artifacts-cn',
      region: REGION,
      endpoint: moto.endpoint,
      credentials,
      encryption: { type: 'AES256' },
      maxAttempts: 1,
      log: () => {},
    });
    try {
      const { delivery } = await packageAndUpload({
        template: join(root, 'template.yaml'),
        root,
        target: { bucket: 'artifacts-cn', region: REGION },
        store,
      });
      expect(delivery.form).toBe('url');
      if (delivery.form !== 'url') return;
      expect(delivery.url.startsWith('https://artifacts-cn.s3.cn-north-1.amazonaws.com.cn/')).toBe(true);
      const result = await deployStack(
        client,
        {
          stackName: 'big',
          changeSetName: 'run-1',
          changeSetType: 'UPDATE',
          template: { url: delivery.url },
          parameters: [],
          capabilities: [],
          tags: [],
          notificationArns: [],
        },
        options,
      );
      expect(result).toMatchObject({ outcome: 'deployed', status: 'CREATE_COMPLETE' });
    } finally {
      store.destroy();
    }
  });
});
