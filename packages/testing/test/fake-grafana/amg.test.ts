/**
 * The fake Amazon Managed Grafana control plane: CreateWorkspaceServiceAccountToken / DeleteWorkspaceServiceAccountToken
 * (https://docs.aws.amazon.com/grafana/latest/APIReference/API_CreateWorkspaceServiceAccountToken.html,
 * https://docs.aws.amazon.com/grafana/latest/APIReference/API_DeleteWorkspaceServiceAccountToken.html), each request
 * SigV4-signed for service `grafana` (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { signRequest } from '@aws-delivery/aws/signing';
import { startFakeAmg, startFakeGrafana, type FakeAmg, type FakeGrafana } from '../../src/fake-grafana/index.js';
import { call } from './client.js';

const KEY = { accessKeyId: 'AKIDAMGTEST', secretAccessKey: 'amg-secret/key+value', sessionToken: 'session-token-1' };
const WORKSPACE = 'g-0123456789';

let grafana: FakeGrafana;
let amg: FakeAmg;
let accountId = 0;

beforeAll(async () => {
  grafana = await startFakeGrafana({ version: '10.4' });
  const { serviceAccountId } = grafana.createServiceAccountToken({ role: 'Admin', name: 'amg-admin' });
  accountId = serviceAccountId;
  amg = await startFakeAmg({ grafana, workspaceId: WORKSPACE, region: 'eu-west-1', credentials: [KEY] });
});
afterAll(async () => {
  await amg.stop();
  await grafana.stop();
});

interface AwsAnswer {
  serviceAccountToken: { id: string; key: string; name: string };
  [field: string]: unknown;
}

async function signed(
  method: string,
  path: string,
  body?: unknown,
  overrides: { service?: string; secret?: string; region?: string; now?: Date } = {},
) {
  const url = `${amg.url}${path}`;
  const text = body === undefined ? '' : JSON.stringify(body);
  const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
  const auth = signRequest({
    method,
    url,
    headers,
    body: text,
    service: overrides.service ?? 'grafana',
    region: overrides.region ?? 'eu-west-1',
    credentials: { ...KEY, secretAccessKey: overrides.secret ?? KEY.secretAccessKey },
    now: overrides.now,
  });
  const response = await fetch(url, {
    method,
    headers: { ...headers, ...auth },
    body: body === undefined ? undefined : text,
  });
  return {
    status: response.status,
    type: response.headers.get('x-amzn-errortype'),
    body: (await response.json()) as AwsAnswer,
  };
}

describe('fake Amazon Managed Grafana control plane', () => {
  it('mints a token the fake Grafana accepts, then deletes it (docs: CreateWorkspaceServiceAccountToken, DeleteWorkspaceServiceAccountToken)', async () => {
    const created = await signed('POST', `/workspaces/${WORKSPACE}/serviceaccounts/${accountId}/tokens`, {
      name: 'run-1',
      secondsToLive: 900,
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      serviceAccountId: String(accountId),
      workspaceId: WORKSPACE,
      serviceAccountToken: { name: 'run-1' },
    });
    const key = created.body.serviceAccountToken.key as string;
    expect((await call(grafana, 'GET', '/api/folders', { token: key })).status).toBe(200);
    const tokenId = created.body.serviceAccountToken.id as string;
    const deleted = await signed('DELETE', `/workspaces/${WORKSPACE}/serviceaccounts/${accountId}/tokens/${tokenId}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ serviceAccountId: String(accountId), tokenId, workspaceId: WORKSPACE });
    expect((await call(grafana, 'GET', '/api/folders', { token: key })).status).toBe(401);
  });

  it('refuses a wrong secret, service or region with 403 InvalidSignatureException (docs: SigV4 signed requests)', async () => {
    const path = `/workspaces/${WORKSPACE}/serviceaccounts/${accountId}/tokens`;
    const wrongSecret = await signed('POST', path, { name: 'x', secondsToLive: 60 }, { secret: 'not-the-secret' });
    expect([wrongSecret.status, wrongSecret.type]).toEqual([403, 'InvalidSignatureException']);
    const wrongService = await signed('POST', path, { name: 'x', secondsToLive: 60 }, { service: 'execute-api' });
    expect([wrongService.status, wrongService.type]).toEqual([403, 'InvalidSignatureException']);
    const wrongRegion = await signed('POST', path, { name: 'x', secondsToLive: 60 }, { region: 'us-east-1' });
    expect(wrongRegion.status).toBe(403);
    const old = await signed(
      'POST',
      path,
      { name: 'x', secondsToLive: 60 },
      { now: new Date(Date.now() - 20 * 60_000) },
    );
    expect(old.status).toBe(403);
    expect(grafana.store.tokens.size).toBe(1);
  });

  it('refuses an unsigned request, a body changed after signing, and unknown access keys (docs: SigV4 signed requests)', async () => {
    const url = `${amg.url}/workspaces/${WORKSPACE}/serviceaccounts/${accountId}/tokens`;
    const unsigned = await fetch(url, { method: 'POST', body: '{}' });
    expect(unsigned.status).toBe(403);
    expect(unsigned.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
    const headers = signRequest({
      method: 'POST',
      url,
      body: '{"name":"a","secondsToLive":60}',
      service: 'grafana',
      region: 'eu-west-1',
      credentials: KEY,
    });
    const tampered = await fetch(url, { method: 'POST', headers, body: '{"name":"b","secondsToLive":60}' });
    expect(tampered.status).toBe(403);
    const stranger = signRequest({
      method: 'POST',
      url,
      body: '{}',
      service: 'grafana',
      region: 'eu-west-1',
      credentials: { accessKeyId: 'AKIDOTHER', secretAccessKey: 's' },
    });
    const refused = await fetch(url, { method: 'POST', headers: stranger, body: '{}' });
    expect(refused.headers.get('x-amzn-errortype')).toBe('UnrecognizedClientException');
  });

  it('validates the workspace, the service account, name and secondsToLive (docs: CreateWorkspaceServiceAccountToken, errors)', async () => {
    expect(
      (
        await signed('POST', `/workspaces/g-ffffffffff/serviceaccounts/${accountId}/tokens`, {
          name: 'x',
          secondsToLive: 60,
        })
      ).type,
    ).toBe('ResourceNotFoundException');
    expect(
      (await signed('POST', `/workspaces/${WORKSPACE}/serviceaccounts/999/tokens`, { name: 'x', secondsToLive: 60 }))
        .type,
    ).toBe('ResourceNotFoundException');
    expect(
      (
        await signed('POST', `/workspaces/${WORKSPACE}/serviceaccounts/${accountId}/tokens`, {
          name: 'x',
          secondsToLive: 40 * 24 * 3600,
        })
      ).type,
    ).toBe('ValidationException');
    expect(
      (
        await signed('POST', `/workspaces/${WORKSPACE}/serviceaccounts/${accountId}/tokens`, {
          name: '',
          secondsToLive: 60,
        })
      ).type,
    ).toBe('ValidationException');
    expect(
      (
        await signed('POST', `/workspaces/not-a-workspace/serviceaccounts/${accountId}/tokens`, {
          name: 'x',
          secondsToLive: 60,
        })
      ).type,
    ).toBe('ValidationException');
  });
});
