import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { createS3Bucket, describeWithServices, startMoto, type MotoService } from '@aws-delivery/testing';
import { startFakeCloudFormation, type FakeCloudFormation } from '@aws-delivery/testing';
import { bundledAvailability } from '../src/bundled-availability.js';
import { createCloudFormationClient, type CloudFormationClient } from '../src/deploy/cloudformation-client.js';
import { deployStack, type ChangeSetRequest, type DeployOptions } from '../src/deploy/deploy-stack.js';
import { packageAndUpload } from '../src/package/package-and-upload.js';
import { createS3ArtifactStore } from '../src/package/s3-artifact-store.js';
import { rewriteTemplate } from '../src/rewrite.js';

const credentials = { accessKeyId: 'AKIDSAMPLE', secretAccessKey: 'sample-secret' };
const SAMPLE = new URL('./fixtures/sample-app/', import.meta.url);

const options: DeployOptions = {
  execute: true,
  deleteFailedStack: false,
  pollIntervalMs: 10,
  timeoutMs: 30_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now: () => Date.now(),
};

describeWithServices(
  ['moto'],
  'the sample Lambda application: lint, package, upload, deploy to China and a global region',
  () => {
    let moto: MotoService;
    let fake: FakeCloudFormation;
    const clients: CloudFormationClient[] = [];
    const client = (region: string, endpoint: string, keys = credentials) => {
      const created = createCloudFormationClient({
        region,
        endpoint,
        credentials: keys,
        maxAttempts: 1,
        log: () => {},
      });
      clients.push(created);
      return created;
    };

    beforeAll(async () => {
      moto = await startMoto();
      fake = await startFakeCloudFormation();
      await createS3Bucket(moto.endpoint, 'sample-artifacts-cn', 'cn-north-1', credentials);
      await createS3Bucket(moto.endpoint, 'sample-artifacts-global', 'us-east-1', credentials);
    });
    afterAll(async () => {
      for (const created of clients) created.destroy();
      await fake?.stop();
      await moto?.stop();
    });

    /** Lint, rewrite and package for a region; upload to that region's bucket on moto. */
    async function prepare(region: string, bucket: string) {
      const root = mkdtempSync(join(tmpdir(), 'sample-app-'));
      cpSync(SAMPLE, root, { recursive: true });
      const lint = rewriteTemplate(readFileSync(join(root, 'template.yaml'), 'utf8'), 'template.yaml', {
        region,
        availability: bundledAvailability(),
      });
      const store = createS3ArtifactStore({
        bucket,
        region,
        endpoint: moto.endpoint,
        credentials,
        encryption: { type: 'AES256' },
        maxAttempts: 1,
        log: () => {},
      });
      try {
        const packaged = await packageAndUpload({
          template: join(root, 'template.yaml'),
          root,
          target: { bucket, region, prefix: 'sample' },
          store,
          rewrite: (file, source) => rewriteTemplate(source, file, { region: 'cn-north-1' }).text,
        });
        return { lint, ...packaged };
      } finally {
        store.destroy();
      }
    }

    const request = (body: string, changeSetName: string): ChangeSetRequest => ({
      stackName: 'sample-app',
      changeSetName,
      changeSetType: 'UPDATE',
      template: { body },
      parameters: [{ key: 'Stage', value: 'ci' }],
      capabilities: ['CAPABILITY_IAM'],
      tags: [{ key: 'app', value: 'sample' }],
      notificationArns: [],
    });

    it('finds the commercial-partition ARN and host, and rewrites them keeping the comments', async () => {
      const { lint, delivery, packaged } = await prepare('cn-north-1', 'sample-artifacts-cn');
      expect(lint.findings.map((finding) => [finding.line, finding.kind, finding.outcome])).toEqual([
        [22, 'partition-arn', 'rewrite'],
        [34, 'url-suffix', 'rewrite'],
      ]);
      expect(lint.diff).toContain(
        '+        - !Sub arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
      );
      expect(delivery.form).toBe('body');
      expect(packaged.text).toContain('# packaged: zipped, uploaded under its content hash');
      expect(packaged.text).toMatch(
        /Code: \{"S3Bucket": "sample-artifacts-cn", "S3Key": "sample\/[0-9a-f]{64}\.zip"\}/,
      );
      expect(packaged.text).toContain(
        "QUEUE_URL: !Sub 'https://sqs.${AWS::Region}.${AWS::URLSuffix}/${AWS::AccountId}/jobs'",
      );
    });

    it('deploys the same packaged template to cn-north-1 and us-east-1 on the fake, each output in its partition', async () => {
      const china = await prepare('cn-north-1', 'sample-artifacts-cn');
      const global = await prepare('us-east-1', 'sample-artifacts-global');
      // The rewritten template is partition-neutral: China's and the global one differ only in their bucket.
      expect(global.packaged.text.replace(/sample-artifacts-global/g, 'sample-artifacts-cn')).toBe(china.packaged.text);
      const toChina = await deployStack(
        client('cn-north-1', fake.endpoint, fake.credentials),
        request(china.packaged.text, 'run-1'),
        options,
      );
      const toGlobal = await deployStack(
        client('us-east-1', fake.endpoint, fake.credentials),
        request(global.packaged.text, 'run-1'),
        options,
      );
      expect(toChina).toMatchObject({ outcome: 'deployed', status: 'CREATE_COMPLETE' });
      expect(toGlobal).toMatchObject({ outcome: 'deployed', status: 'CREATE_COMPLETE' });
      if (toChina.outcome !== 'deployed' || toGlobal.outcome !== 'deployed') throw new Error('not deployed');
      const arn = (outputs: { key: string; value: string }[]) =>
        outputs.find((output) => output.key === 'FunctionArn')?.value;
      expect(arn(toChina.outputs)).toMatch(/^arn:aws-cn:lambda:cn-north-1:123456789012:sample-app-Function-/);
      expect(arn(toGlobal.outputs)).toMatch(/^arn:aws:lambda:us-east-1:123456789012:sample-app-Function-/);
      expect(toChina.outputs.find((output) => output.key === 'Stage')?.value).toBe('ci');
    });

    it('deploys it on moto in cn-north-1, the code read from the uploaded zip; the second run changes nothing', async () => {
      const { packaged, upload } = await prepare('cn-north-1', 'sample-artifacts-cn');
      expect(upload.uploaded).toEqual([]);
      const cfn = client('cn-north-1', moto.endpoint);
      const first = await deployStack(cfn, request(packaged.text, 'moto-1'), options);
      expect(first).toMatchObject({ outcome: 'deployed', status: 'CREATE_COMPLETE' });
      const second = await deployStack(cfn, request(packaged.text, 'moto-2'), options);
      expect(second.outcome).toBe('no-changes');
    });
  },
);
