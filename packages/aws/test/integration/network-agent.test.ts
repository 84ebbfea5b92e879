import { request, type Agent } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import {
  startMoto,
  startSquid,
  describeWithServices,
  type MotoService,
  type SquidService,
} from '@aws-delivery/testing';
import { networkAgentFor } from '../../src/transport/network-agent.js';

/** A GET with the given agent; resolves with the status code (moto answers any path). */
function get(url: string, agent: Agent): Promise<number> {
  const send = url.startsWith('https:') ? httpsRequest : request;
  return new Promise((resolve, reject) => {
    const req = send(url, { agent, timeout: 10_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

describeWithServices(
  ['moto', 'squid', 'openssl'],
  'networkAgentFor: non-SDK calls follow the same proxy and CA rules',
  () => {
    let moto: MotoService;
    let squid: SquidService;

    beforeAll(async () => {
      [moto, squid] = await Promise.all([startMoto({ tls: true }), startSquid()]);
    }, 120_000);
    afterAll(async () => {
      await Promise.all([moto?.stop(), squid?.stop()]);
    });

    const url = () => `${moto.endpoint}/moto-api/`;

    it('tunnels through the authenticated proxy and verifies the endpoint with the extra CA bundle', async () => {
      const agent = networkAgentFor(url(), { proxy: squid.urlWithCredentials, caBundle: moto.caBundle ?? '', env: {} });
      expect(await get(url(), agent)).toBe(200);
      const log = await squid.waitForAccessLog(`localhost:${moto.port}`);
      expect(log).toContain(squid.username);
    });

    it('rejects the endpoint without the CA bundle', async () => {
      const agent = networkAgentFor(url(), { proxy: squid.urlWithCredentials, env: {} });
      await expect(get(url(), agent)).rejects.toThrow(/certificate/i);
    });

    it('accepts the endpoint CA given as PEM text (a cluster CA) and goes direct for a NO_PROXY host', async () => {
      const { readFileSync } = await import('node:fs');
      const agent = networkAgentFor(url(), {
        ca: readFileSync(moto.caBundle ?? '', 'utf8'),
        env: { HTTPS_PROXY: 'http://127.0.0.1:9', NO_PROXY: 'localhost' },
      });
      // Port 9 has no proxy: a request that went to it would fail.
      expect(await get(url(), agent)).toBe(200);
    });
  },
);
