import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { signRequest } from '@aws-delivery/aws/signing';
import { describeWithServices, startMoto, type MotoService } from '@aws-delivery/testing';
import { uploadArtifacts, type ArtifactStore } from '../../src/package/artifact-store.js';
import { nodeLocalFiles } from '../../src/package/local-files.js';
import { packageAndUpload } from '../../src/package/package-and-upload.js';
import { packageTemplate } from '../../src/package/package-plan.js';
import { createS3ArtifactStore, S3Error, type S3ArtifactStoreOptions } from '../../src/package/s3-artifact-store.js';
import { project } from './sample-project.js';

const credentials = { accessKeyId: 'AKIDCHINA', secretAccessKey: 'china-secret' };
const REGION = 'cn-north-1';

/** A signed request straight to moto, for setting up and for looking at what the store wrote. */
async function s3(moto: MotoService, method: string, path: string, body = '', service = 's3', target?: string) {
  const url = new URL(`${moto.endpoint}${path}`);
  const headers: Record<string, string> = { host: url.host };
  if (target) Object.assign(headers, { 'x-amz-target': target, 'content-type': 'application/x-amz-json-1.1' });
  Object.assign(
    headers,
    signRequest({ method, url, headers, body, service, region: REGION, credentials, contentSha256: true }),
  );
  return fetch(url, { method, headers, ...(body ? { body } : {}) });
}

/** Counts the store's calls: HeadObject and PutObject. */
function counting(store: ArtifactStore) {
  const calls = { head: 0, put: 0 };
  const counted: ArtifactStore = {
    has: (key) => {
      calls.head += 1;
      return store.has(key);
    },
    put: (artifact) => {
      calls.put += 1;
      return store.put(artifact);
    },
  };
  return { counted, calls };
}

describeWithServices(['moto'], 'the S3 artifact store on moto (HeadObject, PutObject with SSE)', () => {
  let moto: MotoService;
  const options = (bucket: string, encryption: S3ArtifactStoreOptions['encryption'] = { type: 'AES256' }) => ({
    bucket,
    region: REGION,
    endpoint: moto.endpoint,
    credentials,
    encryption,
    maxAttempts: 1,
    log: () => {},
  });

  beforeAll(async () => {
    moto = await startMoto();
    const created = await s3(
      moto,
      'PUT',
      '/artifacts-cn',
      `<CreateBucketConfiguration><LocationConstraint>${REGION}</LocationConstraint></CreateBucketConfiguration>`,
    );
    expect(created.status).toBe(200);
  });
  afterAll(async () => {
    await moto?.stop();
  });

  it('uploads every artifact once with SSE, and a second run of the same checkout makes zero PutObject calls', async () => {
    const root = project();
    const target = { bucket: 'artifacts-cn', region: REGION, prefix: 'app' };
    const store = createS3ArtifactStore(options('artifacts-cn'));
    try {
      const first = await packageTemplate(join(root, 'template.yaml'), nodeLocalFiles(root), target);
      const one = counting(store);
      const report = await uploadArtifacts(first.artifacts, one.counted);
      expect(report.uploaded).toEqual(first.artifacts.map((artifact) => artifact.key));
      expect(one.calls).toEqual({ head: first.artifacts.length, put: first.artifacts.length });

      const second = await packageTemplate(join(root, 'template.yaml'), nodeLocalFiles(root), target);
      const two = counting(store);
      const again = await uploadArtifacts(second.artifacts, two.counted);
      expect(two.calls.put).toBe(0);
      expect(again).toEqual({ uploaded: [], present: first.artifacts.map((artifact) => artifact.key) });

      const sample = first.artifacts[0]!;
      const head = await s3(moto, 'HEAD', `/artifacts-cn/${sample.key}`);
      expect(head.status).toBe(200);
      expect(head.headers.get('x-amz-server-side-encryption')).toBe('AES256');
      const object = await s3(moto, 'GET', `/artifacts-cn/${sample.key}`);
      expect(Buffer.from(await object.arrayBuffer()).equals(sample.body)).toBe(true);
    } finally {
      store.destroy();
    }
  });

  it('packages 50 local artifacts and a template over 51,200 bytes by URL; the second run puts nothing', async () => {
    const root = mkdtempSync(join(tmpdir(), 'fifty-'));
    const resources: string[] = [];
    for (let index = 0; index < 50; index += 1) {
      mkdirSync(join(root, `fn${index}`));
      writeFileSync(join(root, `fn${index}`, 'index.js'), `exports.handler = async () => ${index};\n`);
      resources.push(
        `  Fn${index}:\n    Type: AWS::Lambda::Function\n    Properties:\n      Handler: index.handler\n      Code: fn${index}\n`,
      );
    }
    for (let index = 0; index < 600; index += 1) {
      resources.push(
        `  Topic${index}:\n    Type: AWS::SNS::Topic\n    Properties:\n      DisplayName: topic-number-${index}\n`,
      );
    }
    writeFileSync(join(root, 'template.yaml'), `Resources:\n${resources.join('')}`);
    const target = { bucket: 'artifacts-cn', region: REGION, prefix: 'fifty' };
    const store = createS3ArtifactStore(options('artifacts-cn'));
    try {
      const one = counting(store);
      const first = await packageAndUpload({ template: join(root, 'template.yaml'), root, target, store: one.counted });
      expect(Buffer.byteLength(first.packaged.text)).toBeGreaterThan(51_200);
      expect(first.delivery.form).toBe('url');
      if (first.delivery.form !== 'url') return;
      expect(first.delivery.url).toMatch(
        /^https:\/\/artifacts-cn\.s3\.cn-north-1\.amazonaws\.com\.cn\/fifty\/[0-9a-f]{64}\.template$/,
      );
      expect(one.calls.put).toBe(51);
      const two = counting(store);
      const second = await packageAndUpload({
        template: join(root, 'template.yaml'),
        root,
        target,
        store: two.counted,
      });
      expect(two.calls).toEqual({ head: 51, put: 0 });
      expect(second.upload.present).toHaveLength(51);
      const template = await s3(moto, 'GET', `/artifacts-cn/${first.delivery.artifact.key}`);
      expect(await template.text()).toBe(first.packaged.text);
    } finally {
      store.destroy();
    }
  });

  it('writes SSE-KMS with the given key id', async () => {
    const key = await s3(moto, 'POST', '/', '{}', 'kms', 'TrentService.CreateKey');
    const keyId = ((await key.json()) as { KeyMetadata: { Arn: string } }).KeyMetadata.Arn;
    const store = createS3ArtifactStore(options('artifacts-cn', { type: 'aws:kms', keyId }));
    try {
      await store.put({ key: 'kms/object.txt', body: Buffer.from('sealed'), contentType: 'text/plain' });
      expect(await store.has('kms/object.txt')).toBe(true);
      const head = await s3(moto, 'HEAD', '/artifacts-cn/kms/object.txt');
      expect(head.headers.get('x-amz-server-side-encryption')).toBe('aws:kms');
      expect(head.headers.get('x-amz-server-side-encryption-aws-kms-key-id')).toBe(keyId);
    } finally {
      store.destroy();
    }
  });

  it('explains a missing bucket with S3’s error code', async () => {
    const store = createS3ArtifactStore(options('no-such-bucket-cn'));
    try {
      expect(await store.has('x.zip')).toBe(false);
      const failure = store.put({ key: 'x.zip', body: Buffer.from('x'), contentType: 'application/zip' });
      await expect(failure).rejects.toBeInstanceOf(S3Error);
      await expect(failure).rejects.toMatchObject({ code: 'NoSuchBucket', $metadata: { httpStatusCode: 404 } });
    } finally {
      store.destroy();
    }
  });
});
