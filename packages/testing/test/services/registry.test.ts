import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describeWithServices, startRegistry, type RegistryService } from '@aws-delivery/testing';
import { leftovers } from './process-leaks.js';

function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

describeWithServices(['registry'], 'startRegistry', () => {
  let registry: RegistryService;
  beforeAll(async () => {
    registry = await startRegistry();
  });
  afterAll(() => registry?.stop());

  it('listens on a loopback host:port', () => {
    expect(registry.host).toBe(`127.0.0.1:${registry.port}`);
    expect(registry.url).toBe(`http://${registry.host}`);
    expect(registry.username).not.toBe('');
    expect(registry.password.length).toBeGreaterThanOrEqual(20);
  });

  it('answers 401 with a Basic challenge without credentials', async () => {
    const response = await fetch(`${registry.url}/v2/`);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Basic realm="aws-delivery-test-registry"');
  });

  it('answers 401 to a wrong password', async () => {
    const response = await fetch(`${registry.url}/v2/`, {
      headers: { authorization: basic(registry.username, `${registry.password}x`) },
    });
    expect(response.status).toBe(401);
  });

  it('answers 200 on /v2/ with its credentials', async () => {
    const response = await fetch(`${registry.url}/v2/`, {
      headers: { authorization: basic(registry.username, registry.password) },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('docker-distribution-api-version')).toBe('registry/2.0');
  });

  it('keeps the password out of its files except as a bcrypt hash in a 0600 htpasswd file', () => {
    const htpasswdPath = join(registry.dir, 'htpasswd');
    expect(statSync(htpasswdPath).mode & 0o777).toBe(0o600);
    const htpasswd = readFileSync(htpasswdPath, 'utf8');
    expect(htpasswd).toMatch(new RegExp(`^${registry.username}:\\$2y\\$`));
    expect(htpasswd).not.toContain(registry.password);
    expect(readFileSync(join(registry.dir, 'config.yml'), 'utf8')).not.toContain(registry.password);
  });

  it('stop() ends the registry and removes its storage', async () => {
    await registry.stop();
    expect(leftovers(registry)).toEqual({ pids: [], dirExists: false });
  });
});
