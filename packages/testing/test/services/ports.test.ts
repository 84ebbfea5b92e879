import { expect, it } from '@jest/globals';
import { createServer } from 'node:net';
import { freePort } from '@aws-delivery/testing';

it('freePort returns a port that can be bound on 127.0.0.1 right away', async () => {
  const port = await freePort();
  expect(Number.isInteger(port)).toBe(true);
  expect(port).toBeGreaterThan(0);
  expect(port).toBeLessThan(65536);
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  expect(server.address()).toMatchObject({ address: '127.0.0.1', port });
  await new Promise((resolve) => server.close(resolve));
});
