import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, request, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestCa, describeWithServices, type IssuedCertificate, type TestCa } from '@aws-delivery/testing';
import { subjectAltNames } from '../../src/tls.js';

function get(url: string, ca: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve(body));
    });
    req.on('error', reject);
    req.end();
  });
}

it('subjectAltNames marks IP addresses as IP and host names as DNS', () => {
  expect(subjectAltNames(['localhost', '127.0.0.1', '::1', 'registry.test'])).toBe(
    'DNS:localhost,IP:127.0.0.1,IP:::1,DNS:registry.test',
  );
  expect(() => subjectAltNames([])).toThrow('at least one host name or IP address');
});

describeWithServices(['openssl'], 'createTestCa', () => {
  let dir: string;
  let ca: TestCa;
  let leaf: IssuedCertificate;
  let server: Server;
  let port: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'test-ca-'));
    ca = createTestCa(join(dir, 'ca'));
    leaf = ca.issue(['localhost', '127.0.0.1']);
    server = createServer({ cert: readFileSync(leaf.certPath), key: readFileSync(leaf.keyPath) }, (_req, res) =>
      res.end('tls ok'),
    );
    port = await new Promise<number>((resolve) =>
      server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
    );
  });

  afterAll(() => {
    server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes private keys with mode 0600', () => {
    expect(statSync(ca.caKeyPath).mode & 0o777).toBe(0o600);
    expect(statSync(leaf.keyPath).mode & 0o777).toBe(0o600);
  });

  it('issues a certificate that chains to the CA and names localhost and 127.0.0.1', () => {
    expect(
      execFileSync('openssl', ['verify', '-CAfile', ca.caCertPath, leaf.certPath], { encoding: 'utf8' }),
    ).toContain(': OK');
    const text = execFileSync('openssl', ['x509', '-in', leaf.certPath, '-noout', '-text'], { encoding: 'utf8' });
    expect(text).toMatch(/DNS:localhost, IP Address:127\.0\.0\.1/);
    expect(text).toContain('TLS Web Server Authentication');
    const caText = execFileSync('openssl', ['x509', '-in', ca.caCertPath, '-noout', '-text'], { encoding: 'utf8' });
    expect(caText).toContain('CA:TRUE');
  });

  it('is trusted over real TLS by host name and by IP address when the CA is given', async () => {
    const caPem = readFileSync(ca.caCertPath, 'utf8');
    expect(await get(`https://localhost:${port}/`, caPem)).toBe('tls ok');
    expect(await get(`https://127.0.0.1:${port}/`, caPem)).toBe('tls ok');
  });

  it('is rejected by a client that trusts a different CA', async () => {
    const other = createTestCa(join(dir, 'other-ca'));
    await expect(get(`https://localhost:${port}/`, readFileSync(other.caCertPath, 'utf8'))).rejects.toMatchObject({
      code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    });
  });

  it('issues distinct files for each certificate', () => {
    const second = ca.issue(['localhost']);
    expect(second.certPath).not.toBe(leaf.certPath);
    expect(second.keyPath).not.toBe(leaf.keyPath);
    const subject = execFileSync('openssl', ['x509', '-in', second.certPath, '-noout', '-subject'], {
      encoding: 'utf8',
    });
    expect(subject).toMatch(/CN ?= ?localhost/);
  });
});
