import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { runMain } from '@aws-delivery/action-kit';
import { recordingRunner } from '@aws-delivery/action-kit/recording';
import { createSignedSender } from '@aws-delivery/aws';
import { signRequest } from '@aws-delivery/aws/signing';
import { createS3Bucket, describeWithServices, startMoto, type MotoService } from '@aws-delivery/testing';
import { chinaRegionDeploy } from '../../src/action.js';
import { startSigningRecorder, type SigningRecorder } from './signing-recorder.js';

const CHINA = { accessKeyId: 'AKIDCHINAUSER', secretAccessKey: 'china-user-secret-from-ssm' };
const GLOBAL = { accessKeyId: 'AKIDGLOBALACCT', secretAccessKey: 'global-account-secret' };
const SAMPLE = fileURLToPath(new URL('../fixtures/sample-app', import.meta.url));

describeWithServices(
  ['moto'],
  'china-region-deploy with the aws-cn keys from SSM SecureString parameters (moto)',
  () => {
    let moto: MotoService;
    let recorder: SigningRecorder;
    let workspace: string;

    async function putParameter(name: string, value: string, type = 'SecureString') {
      const sender = createSignedSender({
        service: 'ssm',
        region: 'us-east-1',
        endpoint: moto.endpoint,
        maxAttempts: 1,
        log: () => {},
        sign: async (request) => signRequest({ ...request, credentials: GLOBAL }),
      });
      try {
        await sender.send({
          operation: 'ssm:PutParameter',
          method: 'POST',
          path: '/',
          headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonSSM.PutParameter' },
          body: JSON.stringify({ Name: name, Value: value, Type: type, Overwrite: true }),
        });
      } finally {
        sender.destroy();
      }
    }

    beforeAll(async () => {
      moto = await startMoto();
      recorder = await startSigningRecorder(moto.endpoint);
      await createS3Bucket(moto.endpoint, 'artifacts-cn', 'cn-north-1', CHINA);
      await putParameter('/deploy/china/access-key-id', CHINA.accessKeyId);
      await putParameter('/deploy/china/secret-access-key', CHINA.secretAccessKey);
      await putParameter('/deploy/same/access-key-id', GLOBAL.accessKeyId);
      await putParameter('/deploy/same/secret-access-key', 'another-secret');
      await putParameter('/deploy/plain/secret-access-key', CHINA.secretAccessKey, 'String');
      workspace = mkdtempSync(join(tmpdir(), 'china-ssm-'));
      cpSync(SAMPLE, workspace, { recursive: true });
    });
    afterAll(async () => {
      await recorder?.stop();
      await moto?.stop();
    });

    const run = async (extra: Record<string, string> = {}, runId = '1') => {
      recorder.calls.length = 0;
      const io = recordingRunner({
        inputs: {
          template: 'template.yaml',
          'stack-name': `ssm-sample-${runId}`,
          region: 'cn-north-1',
          bucket: 'artifacts-cn',
          capabilities: 'CAPABILITY_IAM',
          'ssm-access-key-id-parameter': '/deploy/china/access-key-id',
          'ssm-secret-access-key-parameter': '/deploy/china/secret-access-key',
          'ssm-endpoint': recorder.endpoint,
          'cloudformation-endpoint': recorder.endpoint,
          's3-endpoint': recorder.endpoint,
          ...extra,
        },
        env: {
          GITHUB_WORKSPACE: workspace,
          GITHUB_RUN_ID: runId,
          AWS_ACCESS_KEY_ID: GLOBAL.accessKeyId,
          AWS_SECRET_ACCESS_KEY: GLOBAL.secretAccessKey,
        },
      });
      const outcome = await runMain(chinaRegionDeploy, { io });
      const everything = [...io.lines(), ...io.recorded.summary, ...Object.values(io.recorded.outputs)].join('\n');
      return { io, ok: outcome?.ok, everything, calls: [...recorder.calls] };
    };

    it('reads the keys in us-east-1 with the global credentials, masks them, and signs every aws-cn call with them only', async () => {
      const { io, ok, everything, calls } = await run();
      expect(io.lines('error')).toEqual([]);
      expect(ok).toBe(true);
      expect(io.recorded.outputs.status).toBe('CREATE_COMPLETE');
      expect(io.recorded.masks).toEqual(expect.arrayContaining([CHINA.accessKeyId, CHINA.secretAccessKey]));
      expect(everything).not.toContain(CHINA.secretAccessKey);

      const ssm = calls.filter((call) => call.service === 'ssm');
      const china = calls.filter((call) => call.service !== 'ssm');
      expect(ssm).toHaveLength(2);
      expect(new Set(ssm.map((call) => `${call.accessKeyId} ${call.region}`))).toEqual(
        new Set([`${GLOBAL.accessKeyId} us-east-1`]),
      );
      expect(new Set(china.map((call) => call.service))).toEqual(new Set(['cloudformation', 's3']));
      expect(new Set(china.map((call) => `${call.accessKeyId} ${call.region}`))).toEqual(
        new Set([`${CHINA.accessKeyId} cn-north-1`]),
      );

      const info = io.lines('info').join('\n');
      expect(info).toContain(
        'SSM GetParameter in us-east-1 (partition aws): signed with AWS_ACCESS_KEY_ID of the step environment.',
      );
      expect(info).toContain(
        'CloudFormation and S3 in cn-north-1 (partition aws-cn): signed with SSM parameters /deploy/china/access-key-id and /deploy/china/secret-access-key (us-east-1).',
      );
    });

    it('fails before any aws-cn call when a parameter does not exist, naming the input', async () => {
      const { ok, io, calls } = await run({ 'ssm-secret-access-key-parameter': '/deploy/china/missing' }, '2');
      expect(ok).toBe(false);
      const error = io.lines('error').join('\n');
      expect(error).toContain('ParameterNotFound');
      expect(error).toContain('ssm-secret-access-key-parameter');
      expect(calls.filter((call) => call.service !== 'ssm')).toEqual([]);
    });

    it('refuses keys that are the global account’s own, and a secret key kept in a plain String', async () => {
      const same = await run(
        {
          'ssm-access-key-id-parameter': '/deploy/same/access-key-id',
          'ssm-secret-access-key-parameter': '/deploy/same/secret-access-key',
        },
        '3',
      );
      expect(same.ok).toBe(false);
      expect(same.io.lines('error').join('\n')).toContain('same access key as the global account');
      expect(same.calls.filter((call) => call.service !== 'ssm')).toEqual([]);

      const plain = await run({ 'ssm-secret-access-key-parameter': '/deploy/plain/secret-access-key' }, '4');
      expect(plain.ok).toBe(false);
      expect(plain.io.lines('error').join('\n')).toContain('is a String, so the secret key is stored unencrypted');
      expect(plain.io.recorded.masks).toContain(CHINA.secretAccessKey);
      expect(plain.everything).not.toContain(CHINA.secretAccessKey);
      expect(plain.calls.filter((call) => call.service !== 'ssm')).toEqual([]);
    });
  },
);
