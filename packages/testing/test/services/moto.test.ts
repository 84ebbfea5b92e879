import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { request } from 'node:https';
import { readFileSync } from 'node:fs';
import { describeWithServices, startMoto, type MotoService } from '@aws-delivery/testing';
import { leftovers } from './process-leaks.js';

/** A SigV4-shaped Authorization header: moto routes by the credential scope's service and does not check the signature. */
function authorization(service: string): string {
  return `AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=0`;
}

const getCallerIdentity = {
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: authorization('sts') },
  body: 'Action=GetCallerIdentity&Version=2011-06-15',
};

function ssmCall(endpoint: string, target: string, body: object): Promise<Response> {
  return fetch(`${endpoint}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AmazonSSM.${target}`,
      authorization: authorization('ssm'),
    },
    body: JSON.stringify(body),
  });
}

/** fetch() cannot take a CA, so the TLS call goes through node:https with moto's CA bundle. */
function httpsPost(url: string, ca: string, init: typeof getCallerIdentity): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method, headers: init.headers, ca }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

/** fetch() rejects with a TypeError whose cause carries the network or TLS error code. */
function causeCode(error: unknown): string | undefined {
  return ((error as { cause?: { code?: string } }).cause ?? {}).code;
}

describeWithServices(['moto'], 'startMoto', () => {
  describe('plain HTTP', () => {
    let moto: MotoService;
    beforeAll(async () => {
      moto = await startMoto();
    });
    afterAll(() => moto?.stop());

    it('listens on a loopback endpoint and answers STS GetCallerIdentity', async () => {
      expect(moto.endpoint).toBe(`http://127.0.0.1:${moto.port}`);
      expect(moto.caBundle).toBeUndefined();
      const response = await fetch(`${moto.endpoint}/`, getCallerIdentity);
      expect(response.status).toBe(200);
      const body = await response.text();
      expect(body).toContain('<GetCallerIdentityResponse');
      expect(body).toMatch(/<Account>\d{12}<\/Account>/);
    });

    it('requests() lists the requests moto answered, with method, path and status', async () => {
      const before = moto.requests().length;
      expect((await fetch(`${moto.endpoint}/`, getCallerIdentity)).status).toBe(200);
      const head = await fetch(`${moto.endpoint}/no-such-bucket/some/key?x=1`, { method: 'HEAD' });
      expect(head.status).toBe(404);
      expect(moto.requests().slice(before)).toEqual([
        { method: 'POST', path: '/', status: 200 },
        { method: 'HEAD', path: '/no-such-bucket/some/key?x=1', status: 404 },
      ]);
    });

    it('reset() forgets the resources moto holds', async () => {
      const put = await ssmCall(moto.endpoint, 'PutParameter', { Name: '/harness/flag', Value: 'on', Type: 'String' });
      expect(put.status).toBe(200);
      const before = await ssmCall(moto.endpoint, 'GetParameter', { Name: '/harness/flag' });
      expect(((await before.json()) as { Parameter: { Value: string } }).Parameter.Value).toBe('on');

      await moto.reset();

      const after = await ssmCall(moto.endpoint, 'GetParameter', { Name: '/harness/flag' });
      expect(after.status).toBe(400);
      expect(await after.text()).toContain('ParameterNotFound');
    });

    it('stop() ends the server and removes its folder', async () => {
      await moto.stop();
      expect(moto.stoppedPids().length).toBeGreaterThan(0);
      expect(leftovers(moto)).toEqual({ pids: [], dirExists: false });
      const failure = await fetch(`${moto.endpoint}/`, getCallerIdentity).then(() => undefined, causeCode);
      expect(failure).toBe('ECONNREFUSED');
      await moto.stop(); // idempotent
    });
  });

  describe('TLS', () => {
    let moto: MotoService;
    beforeAll(async () => {
      moto = await startMoto({ tls: true });
    });
    afterAll(() => moto?.stop());

    it('serves https://localhost with a certificate from its CA bundle', async () => {
      expect(moto.endpoint).toBe(`https://localhost:${moto.port}`);
      const ca = readFileSync(moto.caBundle as string, 'utf8');
      const response = await httpsPost(`${moto.endpoint}/`, ca, getCallerIdentity);
      expect(response.status).toBe(200);
      expect(response.body).toContain('<GetCallerIdentityResponse');
    });

    it('is not trusted without the CA bundle', async () => {
      const failure = await fetch(`${moto.endpoint}/`, getCallerIdentity).then(() => undefined, causeCode);
      expect(failure).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    });

    it('stop() ends the server and removes its folder, CA included', async () => {
      const caBundle = moto.caBundle as string;
      await moto.stop();
      expect(leftovers(moto)).toEqual({ pids: [], dirExists: false });
      expect(caBundle.startsWith(moto.dir)).toBe(true);
    });
  });
});
