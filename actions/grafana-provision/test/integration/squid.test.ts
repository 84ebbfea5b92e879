/**
 * grafana-provision through a real Squid that demands basic auth: every Grafana request goes through the proxy
 * (the access log shows them), the proxy password is masked and never printed, a wrong password fails with the
 * proxy's 407 named, and no-proxy sends the requests direct.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { runMain } from '@aws-delivery/action-kit';
import { recordingRunner } from '@aws-delivery/action-kit/recording';
import {
  describeWithServices,
  startFakeGrafana,
  startSquid,
  type FakeGrafana,
  type SquidService,
} from '@aws-delivery/testing';
import { grafanaProvision } from '../../src/action.js';
import { RESOURCES, SECRETS } from '../resources.js';
import { workspace, type Workspace } from '../workspace.js';

const PROXY_PASSWORD = 'grafana/proxy:p@ss';

describeWithServices(['squid'], 'grafana-provision through Squid with basic auth', () => {
  let squid: SquidService;
  let fake: FakeGrafana;
  let token: string;
  let ws: Workspace;

  beforeAll(async () => {
    squid = await startSquid({ password: PROXY_PASSWORD });
    fake = await startFakeGrafana({ version: '10.4' });
    token = fake.createServiceAccountToken().key;
    ws = workspace(RESOURCES);
  }, 90_000);
  afterAll(async () => {
    await squid?.stop();
    await fake?.stop();
    ws?.remove();
  });

  const step = (proxy: string, extra: Record<string, string> = {}) => {
    const io = recordingRunner({
      inputs: {
        'grafana-url': fake.url,
        token,
        'http-proxy': proxy,
        'max-attempts': '1',
        secrets: Object.entries(SECRETS)
          .map(([k, v]) => `${k}=${v}`)
          .join('\n'),
        ...extra,
      },
      env: { GITHUB_WORKSPACE: ws.dir },
      debug: true,
    });
    return { io, done: runMain(grafanaProvision, { io }) };
  };

  it('provisions with every request through the proxy, the proxy password masked', async () => {
    const { io, done } = step(squid.urlWithCredentials);
    const outcome = await done;
    expect(io.lines('error')).toEqual([]);
    expect(outcome?.ok).toBe(true);
    expect(io.recorded.outputs.created).toBe('9');
    await squid.waitForAccessLog(`GET ${fake.url}/api/health`);
    const log = await squid.waitForAccessLog(`POST ${fake.url}/api/dashboards/db`);
    expect(log).toContain(`POST ${fake.url}/api/folders`);
    expect(io.lines('debug')).toContainEqual(
      expect.stringMatching(/^Grafana requests to 127\.0\.0\.1:\d+ go through proxy/),
    );
    expect(io.recorded.masks).toContain(squid.urlWithCredentials);
    const printed = io.recorded.log.map((l) => l.message).join('\n');
    expect(printed).not.toContain(PROXY_PASSWORD);
    expect(printed).not.toContain(encodeURIComponent(PROXY_PASSWORD));
  });

  it('a wrong proxy password fails with the proxy named (redacted) and its 407', async () => {
    const wrong = `http://${squid.username}:${encodeURIComponent('not-the-password')}@127.0.0.1:${squid.port}`;
    const { io, done } = step(wrong);
    expect((await done)?.ok).toBe(false);
    expect(io.lines('error')).toEqual([expect.stringContaining('407 Proxy Authentication Required')]);
    expect(io.lines('error')[0]).not.toContain('not-the-password');
    await squid.waitForAccessLog(/\/407 /);
  });

  it('no-proxy sends the requests direct', async () => {
    const before = squid.accessLog().split('\n').length;
    const { io, done } = step(squid.urlWithCredentials, { 'no-proxy': '127.0.0.1' });
    expect((await done)?.ok).toBe(true);
    expect(io.lines('debug')).toContainEqual(
      expect.stringMatching(/^Grafana requests to 127\.0\.0\.1:\d+ go direct \(NO_PROXY\)/),
    );
    expect(squid.accessLog().split('\n').length).toBe(before);
  });
});
