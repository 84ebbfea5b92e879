/**
 * The fake checks every request's SigV4 signature the way AWS does, answering 403 with the error types of
 * https://docs.aws.amazon.com/fis/latest/APIReference/CommonErrors.html and
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-troubleshooting.html.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/core/serde';
import { startFakeFis, type FakeFis } from '../../src/fake-fis/index.js';
import { CREDENTIALS, fisCall } from './fis-client.js';

let fis: FakeFis;
beforeAll(async () => {
  fis = await startFakeFis({ credentials: [CREDENTIALS] });
});
afterAll(() => fis.stop());

describe('fake FIS: SigV4 (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-troubleshooting.html)', () => {
  it('accepts a request signed for service fis in its region', async () => {
    const answer = await fisCall(fis.url, 'GET', '/experimentTemplates');
    expect(answer.status).toBe(200);
    expect(answer.body.experimentTemplates).toEqual([]);
    expect(fis.requests.at(-1)).toMatchObject({
      operation: 'ListExperimentTemplates',
      accessKeyId: CREDENTIALS.accessKeyId,
    });
  });

  it('answers MissingAuthenticationTokenException to an unsigned request', async () => {
    const answer = await fisCall(fis.url, 'GET', '/experiments', undefined, { unsigned: true });
    expect(answer).toMatchObject({ status: 403, errorType: 'MissingAuthenticationTokenException' });
    expect(answer.body.message).toBe('Missing Authentication Token');
  });

  it('answers UnrecognizedClientException to an access key it does not know', async () => {
    const answer = await fisCall(fis.url, 'GET', '/experiments', undefined, {
      credentials: { accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: 'x' },
    });
    expect(answer).toMatchObject({ status: 403, errorType: 'UnrecognizedClientException' });
    expect(answer.body.message).toBe('The security token included in the request is invalid.');
  });

  it('answers InvalidSignatureException to a wrong secret key', async () => {
    const answer = await fisCall(fis.url, 'GET', '/experiments', undefined, {
      credentials: { accessKeyId: CREDENTIALS.accessKeyId, secretAccessKey: 'not-the-secret' },
    });
    expect(answer).toMatchObject({ status: 403, errorType: 'InvalidSignatureException' });
    expect(answer.body.message).toMatch(/^The request signature we calculated does not match/);
  });

  it('answers InvalidSignatureException to a body changed after signing', async () => {
    const url = new URL('/experiments', fis.url);
    const { signRequest } = await import('@aws-delivery/aws/signing');
    const headers = { 'content-type': 'application/json' };
    const signed = signRequest({
      service: 'fis',
      region: 'us-east-1',
      credentials: CREDENTIALS,
      method: 'POST',
      url,
      headers,
      body: '{"a":1}',
    });
    const response = await fetch(url, { method: 'POST', headers: { ...headers, ...signed }, body: '{"a":2}' });
    expect(response.status).toBe(403);
    expect(response.headers.get('x-amzn-errortype')).toBe('InvalidSignatureException');
  });

  it('refuses a signature scoped to another service or region', async () => {
    const service = await fisCall(fis.url, 'GET', '/experiments', undefined, { service: 'ec2' });
    expect(service).toMatchObject({ status: 403, errorType: 'InvalidSignatureException' });
    expect(service.body.message).toMatch(/scoped to correct service: 'fis'/);
    const region = await fisCall(fis.url, 'GET', '/experiments', undefined, { region: 'eu-west-1' });
    expect(region).toMatchObject({ status: 403, errorType: 'InvalidSignatureException' });
    expect(region.body.message).toMatch(/valid region/);
  });

  it('refuses a signature more than five minutes old', async () => {
    const answer = await fisCall(fis.url, 'GET', '/experiments', undefined, { now: new Date(Date.now() - 6 * 60_000) });
    expect(answer).toMatchObject({ status: 403, errorType: 'InvalidSignatureException' });
    expect(answer.body.message).toMatch(/^Signature expired/);
  });

  it('accepts what the AWS SDK signer (@smithy/signature-v4) signs, path-encoded ARN included', async () => {
    const signer = new SignatureV4({
      service: 'fis',
      region: 'us-east-1',
      credentials: CREDENTIALS,
      sha256: Hash.bind(null, 'sha256'),
    });
    const url = new URL(fis.url);
    const arn = 'arn:aws:fis:us-east-1:123456789012:experiment/EXPnotthere';
    const request = await signer.sign({
      method: 'GET',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: `/tags/${encodeURIComponent(arn)}`,
      headers: { host: url.host },
    });
    const response = await fetch(`${fis.url}${request.path}`, { headers: request.headers as Record<string, string> });
    // Signed correctly: the answer is about the resource, not the signature.
    expect(response.status).toBe(404);
    expect(response.headers.get('x-amzn-errortype')).toBe('ResourceNotFoundException');
  });

  it('accepts a POST with a JSON body as the AWS SDK signer signs it (content-type and content-length signed)', async () => {
    const signer = new SignatureV4({
      service: 'fis',
      region: 'us-east-1',
      credentials: CREDENTIALS,
      sha256: Hash.bind(null, 'sha256'),
    });
    const url = new URL(fis.url);
    const body = JSON.stringify({ clientToken: 'sdk-1', experimentTemplateId: 'EXTmissing' });
    const request = await signer.sign({
      method: 'POST',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: '/experiments',
      headers: {
        host: url.host,
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
      },
      body,
    });
    const response = await fetch(`${fis.url}/experiments`, {
      method: 'POST',
      headers: request.headers as Record<string, string>,
      body,
    });
    expect(response.headers.get('x-amzn-errortype')).toBe('ResourceNotFoundException');
  });
});
