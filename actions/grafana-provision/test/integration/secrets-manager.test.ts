/**
 * The token read from AWS Secrets Manager (a real moto server): the action signs GetSecretValue itself (SigV4,
 * JSON 1.1), takes the whole secret string or one key of a JSON secret, masks the token, and signs in to Grafana
 * with it. A missing secret fails with the error Secrets Manager gave and what to check.
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { runMain } from '@aws-delivery/action-kit';
import { recordingRunner } from '@aws-delivery/action-kit/recording';
import { signRequest } from '@aws-delivery/aws/signing';
import {
  describeWithServices,
  startFakeGrafana,
  startMoto,
  type FakeGrafana,
  type MotoService,
} from '@aws-delivery/testing';
import { grafanaProvision } from '../../src/action.js';
import { RESOURCES, SECRETS } from '../resources.js';
import { workspace, type Workspace } from '../workspace.js';

const CREDENTIALS = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'moto-secret-access-key' };

/** CreateSecret, signed by hand as the action signs GetSecretValue. */
async function createSecret(moto: MotoService, name: string, secretString: string): Promise<void> {
  const url = new URL(`${moto.endpoint}/`);
  const body = JSON.stringify({ Name: name, SecretString: secretString });
  const headers: Record<string, string> = {
    'content-type': 'application/x-amz-json-1.1',
    'x-amz-target': 'secretsmanager.CreateSecret',
  };
  Object.assign(
    headers,
    signRequest({
      method: 'POST',
      url,
      headers,
      body,
      service: 'secretsmanager',
      region: 'eu-west-1',
      credentials: CREDENTIALS,
    }),
  );
  const answer = await fetch(url, { method: 'POST', headers, body });
  expect(answer.status).toBe(200);
}

describeWithServices(['moto'], 'grafana-provision with the token in AWS Secrets Manager (moto)', () => {
  let moto: MotoService;
  let fake: FakeGrafana;
  let token: string;
  let ws: Workspace;

  beforeAll(async () => {
    moto = await startMoto();
    fake = await startFakeGrafana({ version: '11.6' });
    token = fake.createServiceAccountToken().key;
    ws = workspace(RESOURCES);
    await createSecret(moto, 'grafana/plain', token);
    await createSecret(moto, 'grafana/json', JSON.stringify({ url: fake.url, token, other: 'not-the-token' }));
  }, 90_000);
  afterAll(async () => {
    await moto?.stop();
    await fake?.stop();
    ws?.remove();
  });

  const step = (inputs: Record<string, string>) => {
    const io = recordingRunner({
      inputs: {
        'grafana-url': fake.url,
        'aws-region': 'eu-west-1',
        'secrets-manager-endpoint': moto.endpoint,
        secrets: Object.entries(SECRETS)
          .map(([k, v]) => `${k}=${v}`)
          .join('\n'),
        ...inputs,
      },
      env: {
        GITHUB_WORKSPACE: ws.dir,
        AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
      },
    });
    return { io, done: runMain(grafanaProvision, { io }) };
  };

  it.each([
    ['the whole secret string', { 'token-secret-id': 'grafana/plain' }],
    ['one key of a JSON secret', { 'token-secret-id': 'grafana/json', 'token-secret-key': 'token' }],
  ])('signs in with %s, masked before anything prints', async (_what, inputs) => {
    const before = fake.requests.filter((r) => r.auth === 'token').length;
    const { io, done } = step(inputs);
    const outcome = await done;
    expect(io.lines('error')).toEqual([]);
    expect(outcome?.ok).toBe(true);
    expect(io.recorded.masks).toContain(token);
    expect(io.recorded.log.map((l) => l.message).join('\n')).not.toContain(token);
    expect(io.lines('info')).toContainEqual(expect.stringContaining('a token from Secrets Manager (grafana/'));
    expect(fake.requests.filter((r) => r.auth === 'token').length).toBeGreaterThan(before);
  });

  it("a secret that does not exist fails with Secrets Manager's error and what to check", async () => {
    const { io, done } = step({ 'token-secret-id': 'grafana/missing' });
    expect((await done)?.ok).toBe(false);
    expect(io.lines('error')).toEqual([
      expect.stringMatching(
        /^grafana-provision: Secrets Manager GetSecretValue for grafana\/missing in eu-west-1 failed with \d{3} ResourceNotFoundException: .*Hint: Check token-secret-id/,
      ),
    ]);
  });
});
