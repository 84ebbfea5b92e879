/**
 * The real FIS endpoint is HTTPS (https://docs.aws.amazon.com/general/latest/gr/fis.html); with `tls` the fake
 * serves HTTPS too, with a certificate from its own throwaway CA.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { request } from 'node:https';
import { signRequest } from '@aws-delivery/aws/signing';
import { startFakeFis, type FakeFis } from '../../src/fake-fis/index.js';
import { CREDENTIALS } from './fis-client.js';

function get(url: string, headers: Record<string, string>, ca?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers, ...(ca ? { ca } : {}) }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

let fis: FakeFis;
beforeAll(async () => {
  fis = await startFakeFis({ credentials: [CREDENTIALS], tls: true });
});
afterAll(() => fis.stop());

describe('fake FIS over HTTPS', () => {
  it('answers signed requests over TLS when its CA is trusted', async () => {
    expect(fis.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(fis.caPem).toMatch(/^-----BEGIN CERTIFICATE-----/);
    const url = `${fis.url}/experiments`;
    const signed = signRequest({ service: 'fis', region: 'us-east-1', credentials: CREDENTIALS, method: 'GET', url });
    const answer = await get(url, signed, fis.caPem);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ experiments: [] });
  });

  it('is refused by a client that does not trust its CA', async () => {
    await expect(get(`${fis.url}/experiments`, {})).rejects.toThrow(/self[- ]signed|unable to (get|verify)/i);
  });
});
