// A watch stream that carries a line that is no watch event (a proxy's page, a broken stream), through the fault
// server in front of the fake API server: a named error that quotes the line escaped and shortened, and, as
// client-go's reflector does after its stream watcher reports a decoding error, a reconnect from the last
// resourceVersion.
import { afterAll, beforeAll, beforeEach, expect, it } from '@jest/globals';
import {
  describeWithServices,
  startFakeKubernetes,
  startFaultServer,
  type FakeKubernetes,
  type FaultServer,
} from '@aws-delivery/testing';
import { KubeClient, type WatchEvent } from '../../src/kube-client.js';
import { KubeWatchDecodeError } from '../../src/kube-errors.js';
import { Discovery } from '../../src/discovery.js';
import { applyObject } from '../../src/apply.js';
import { ObjectWatch } from '../../src/object-watch.js';
import { configMap, namespaceObject } from './helpers.js';

const isWatch = (path: string) => new URL(path, 'http://x').searchParams.get('watch') === '1';
const PAGE = '<html>proxy error</html>\n::error title=proxy::injected\r\n';

describeWithServices(['openssl'], 'a watch stream with a line that is no watch event', () => {
  let fake: FakeKubernetes;
  let faults: FaultServer;
  let client: KubeClient;

  beforeAll(async () => {
    fake = await startFakeKubernetes({ tickMs: 20 });
    faults = await startFaultServer({ upstream: fake.url, upstreamCa: fake.caPem });
    client = new KubeClient({ server: faults.endpoint, token: async () => fake.token });
    const discovery = new Discovery(client);
    await applyObject(client, await discovery.require('v1', 'Namespace'), namespaceObject('garbage'), {
      fieldManager: 't',
    });
    await applyObject(client, await discovery.require('v1', 'ConfigMap'), configMap('a', 'garbage', { v: '1' }), {
      fieldManager: 't',
    });
  });
  beforeEach(() => faults.reset());
  afterAll(async () => {
    client?.close();
    await faults?.stop();
    await fake?.stop();
  });

  it('yields the events before the line, then fails naming the watch and the server, the line quoted on one line', async () => {
    const event = { type: 'ADDED', object: configMap('x', 'garbage', { v: '0' }) };
    faults.setFaults({
      match: (r) => isWatch(r.path),
      faults: [{ kind: 'garbage', body: `${JSON.stringify(event)}\n${PAGE}` }],
    });
    const seen: WatchEvent[] = [];
    const stop = new AbortController();
    const error = await (async () => {
      for await (const e of client.watch(
        '/api/v1/namespaces/garbage/configmaps',
        {},
        stop.signal,
        'configmaps in garbage',
      ))
        seen.push(e);
    })().catch((e: unknown) => e);
    expect(seen).toEqual([event]);
    expect(error).toBeInstanceOf(KubeWatchDecodeError);
    expect((error as Error).message).toBe(
      `WATCH configmaps in garbage on ${faults.endpoint} sent a line that is not a watch event (24 bytes: "<html>proxy error</html>")`,
    );
    expect((error as KubeWatchDecodeError).hint).toContain('rewrites streamed answers');
  });

  it('refuses JSON that is no watch event, and quotes a long line shortened with its line breaks escaped', async () => {
    const notEvent = JSON.stringify({ type: 'CHANGED', object: {} });
    const long = `::warning::${'x'.repeat(100)}\r::error::y`;
    faults.setFaults({
      match: (r) => isWatch(r.path),
      faults: [
        { kind: 'garbage', body: `${notEvent}\n` },
        { kind: 'garbage', body: `${long}\n` },
      ],
    });
    const messages: string[] = [];
    for (let i = 0; i < 2; i++) {
      const error = await (async () => {
        for await (const _ of client.watch('/api/v1/namespaces/garbage/configmaps', {}, new AbortController().signal));
      })().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(KubeWatchDecodeError);
      messages.push((error as Error).message);
    }
    expect(messages[0]).toContain(`not a watch event (${notEvent.length} bytes: ${JSON.stringify(notEvent)})`);
    expect(messages[1]).toContain(
      `not a watch event (${long.length} bytes: "::warning::${'x'.repeat(29)}"… (${long.length} characters))`,
    );
    for (const message of messages) expect(message).not.toMatch(/[\r\n]/);
  });

  it('an object watch reconnects from where it was after the line, says why, and misses no change', async () => {
    faults.setFaults({ match: (r) => isWatch(r.path), faults: [{ kind: 'garbage', body: PAGE }] });
    const log: string[] = [];
    const watch = new ObjectWatch(
      client,
      { path: '/api/v1/namespaces/garbage/configmaps', what: 'configmaps in garbage' },
      { log: (line) => log.push(line), sleep: () => Promise.resolve() },
    );
    const values: string[] = [];
    watch.onChange((items) =>
      values.push(
        items
          .map((i) => `${i.metadata.name}=${String((i.data as { v: string }).v)}`)
          .sort()
          .join(','),
      ),
    );
    const stop = new AbortController();
    const running = watch.run(stop.signal);
    const until = async (text: string) => {
      for (let i = 0; i < 300 && !values.includes(text); i++) await new Promise((r) => setTimeout(r, 10));
      expect(values).toContain(text);
    };
    await until('a=1');
    const info = await new Discovery(client).require('v1', 'ConfigMap');
    await applyObject(client, info, configMap('a', 'garbage', { v: '2' }), { fieldManager: 't' });
    await until('a=2');
    stop.abort();
    await running;
    expect(watch.stats).toMatchObject({ lists: 1, errors: 1 });
    expect(watch.stats.watches).toBe(2);
    expect(log).toEqual([
      expect.stringMatching(
        /^watch of configmaps in garbage failed \(WATCH configmaps in garbage on .* sent a line that is not a watch event \(24 bytes: "<html>proxy error<\/html>"\)\); reconnecting in \d+ ms$/,
      ),
    ]);
    const watches = faults.requests().filter((r) => isWatch(r.path));
    expect(watches.map((r) => r.fault)).toEqual(['garbage', 'pass']);
    // The reconnect resumes from the list's resourceVersion rather than listing again.
    expect(new URL(watches[1]!.path, 'http://x').searchParams.get('resourceVersion')).toBe(
      new URL(watches[0]!.path, 'http://x').searchParams.get('resourceVersion'),
    );
  });
});
