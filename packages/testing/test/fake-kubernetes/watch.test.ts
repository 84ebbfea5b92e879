/** Watch semantics of the fake, pinned to the API server's documented behaviour (API concepts: efficient detection of changes). */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { describeWithServices, startFakeKubernetes, type FakeKubernetes } from '@aws-delivery/testing';
import { call, eventually, watch } from './http-client.js';

const CM = '/api/v1/namespaces/default/configmaps';

function configMap(name: string, data: Record<string, string>, labels?: Record<string, string>) {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...(labels ? { labels } : {}) }, data };
}

describeWithServices(['openssl'], 'fake Kubernetes watch', () => {
  let fake: FakeKubernetes;
  beforeAll(async () => {
    fake = await startFakeKubernetes({ startControllers: false });
  });
  afterAll(async () => {
    await fake?.stop();
  });

  it('streams ADDED, MODIFIED and DELETED after the given resourceVersion, with increasing resourceVersions', async () => {
    const list = await call(fake, 'GET', CM);
    const from = list.json.metadata.resourceVersion as string;
    const stream = await watch(fake, `${CM}?watch=1&resourceVersion=${from}`);
    expect(stream.status).toBe(200);
    await call(fake, 'POST', CM, { body: configMap('w1', { a: '1' }) });
    await call(fake, 'PATCH', `${CM}/w1`, { body: { data: { a: '2' } }, contentType: 'application/merge-patch+json' });
    await call(fake, 'DELETE', `${CM}/w1`);
    const events = await stream.waitFor(3);
    stream.close();
    expect(events.map((e) => [e.type, e.object.metadata.name, e.object.data?.a])).toEqual([
      ['ADDED', 'w1', '1'],
      ['MODIFIED', 'w1', '2'],
      ['DELETED', 'w1', '2'],
    ]);
    const versions = events.map((e) => Number(e.object.metadata.resourceVersion));
    expect(versions[0]).toBeGreaterThan(Number(from));
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(3);
    expect(events[0]?.object).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap' });
  });

  it('replays changes that happened between the list and the watch', async () => {
    const from = (await call(fake, 'GET', CM)).json.metadata.resourceVersion as string;
    await call(fake, 'POST', CM, { body: configMap('replayed', { x: 'y' }) });
    const stream = await watch(fake, `${CM}?watch=true&resourceVersion=${from}`);
    const [event] = await stream.waitFor(1);
    stream.close();
    expect(event).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'replayed' } } });
  });

  it('starts with synthetic ADDED events for existing objects when no resourceVersion is given', async () => {
    await call(fake, 'POST', CM, { body: configMap('existing', { k: 'v' }) });
    const stream = await watch(fake, `${CM}?watch=1&fieldSelector=metadata.name%3Dexisting`);
    const [event] = await stream.waitFor(1);
    stream.close();
    expect(event).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'existing' }, data: { k: 'v' } } });
  });

  it('filters by fieldSelector metadata.name (what kubectl rollout status watches with)', async () => {
    const from = (await call(fake, 'GET', CM)).json.metadata.resourceVersion as string;
    const stream = await watch(fake, `${CM}?watch=1&resourceVersion=${from}&fieldSelector=metadata.name%3Dwanted`);
    await call(fake, 'POST', CM, { body: configMap('unwanted', {}) });
    await call(fake, 'POST', CM, { body: configMap('wanted', {}) });
    await stream.waitFor(1);
    await new Promise((r) => setTimeout(r, 100));
    stream.close();
    expect(stream.events.map((e) => e.object.metadata.name)).toEqual(['wanted']);
  });

  it('reports an object that stops matching the label selector as DELETED', async () => {
    const from = (await call(fake, 'GET', CM)).json.metadata.resourceVersion as string;
    const stream = await watch(fake, `${CM}?watch=1&resourceVersion=${from}&labelSelector=tier%3Dweb`);
    await call(fake, 'POST', CM, { body: configMap('labelled', {}, { tier: 'web' }) });
    await call(fake, 'PATCH', `${CM}/labelled`, {
      body: { metadata: { labels: { tier: 'db' } } },
      contentType: 'application/merge-patch+json',
    });
    const events = await stream.waitFor(2);
    stream.close();
    expect(events.map((e) => [e.type, e.object.metadata.labels.tier])).toEqual([
      ['ADDED', 'web'],
      ['DELETED', 'db'],
    ]);
  });

  it('answers a watch from a compacted resourceVersion with a 410 Expired ERROR event and ends the stream', async () => {
    const old = (await call(fake, 'GET', CM)).json.metadata.resourceVersion as string;
    await call(fake, 'POST', CM, { body: configMap('after-compaction', {}) });
    fake.compactWatchHistory();
    const stream = await watch(fake, `${CM}?watch=1&resourceVersion=${old}`);
    await stream.ended;
    expect(stream.status).toBe(200);
    expect(stream.events).toHaveLength(1);
    expect(stream.events[0]).toMatchObject({
      type: 'ERROR',
      object: { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Expired', code: 410 },
    });
    expect(stream.events[0]?.object.message).toMatch(new RegExp(`^too old resource version: ${old} \\(\\d+\\)$`));
  });

  it('ends the stream after timeoutSeconds', async () => {
    const started = Date.now();
    const stream = await watch(
      fake,
      `${CM}?watch=1&timeoutSeconds=1&resourceVersion=${(await call(fake, 'GET', CM)).json.metadata.resourceVersion}`,
    );
    await stream.ended;
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(900);
    expect(elapsed).toBeLessThan(5000);
    expect(
      await eventually(
        () => fake.openWatches,
        (n) => n === 0,
        3000,
      ),
    ).toBe(0);
  });

  it('ends open streams on dropWatches, and a re-watch from the last seen resourceVersion misses nothing', async () => {
    const from = (await call(fake, 'GET', CM)).json.metadata.resourceVersion as string;
    const first = await watch(fake, `${CM}?watch=1&resourceVersion=${from}&fieldSelector=metadata.name%3Ddropped`);
    await call(fake, 'POST', CM, { body: configMap('dropped', { v: '1' }) });
    const [added] = await first.waitFor(1);
    fake.dropWatches();
    await first.ended;
    await call(fake, 'PATCH', `${CM}/dropped`, {
      body: { data: { v: '2' } },
      contentType: 'application/merge-patch+json',
    });
    const again = await watch(
      fake,
      `${CM}?watch=1&resourceVersion=${added?.object.metadata.resourceVersion}&fieldSelector=metadata.name%3Ddropped`,
    );
    const [modified] = await again.waitFor(1);
    again.close();
    expect(modified).toMatchObject({ type: 'MODIFIED', object: { data: { v: '2' } } });
  });

  it('sends the initial events then a bookmark marking their end when asked with sendInitialEvents', async () => {
    await call(fake, 'POST', CM, { body: configMap('initial', {}) });
    const stream = await watch(
      fake,
      `${CM}?watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&fieldSelector=metadata.name%3Dinitial`,
    );
    const events = await stream.waitFor(2);
    stream.close();
    expect(events[0]).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'initial' } } });
    expect(events[1]).toMatchObject({
      type: 'BOOKMARK',
      object: { kind: 'ConfigMap', metadata: { annotations: { 'k8s.io/initial-events-end': 'true' } } },
    });
  });
});

describeWithServices(['openssl'], 'fake Kubernetes watch history limit', () => {
  let fake: FakeKubernetes;
  beforeAll(async () => {
    fake = await startFakeKubernetes({ startControllers: false, watchHistory: 3 });
  });
  afterAll(async () => {
    await fake?.stop();
  });

  describe('when more changes happened than the history holds', () => {
    it('expires the older resourceVersion', async () => {
      const old = (await call(fake, 'GET', CM)).json.metadata.resourceVersion as string;
      for (let i = 0; i < 5; i += 1) await call(fake, 'POST', CM, { body: configMap(`n${i}`, {}) });
      const stream = await watch(fake, `${CM}?watch=1&resourceVersion=${old}`);
      await stream.ended;
      expect(stream.events.map((e) => [e.type, e.object.code])).toEqual([['ERROR', 410]]);
      const recent = Number(fake.listObjects('', 'configmaps', 'default').at(-1)?.metadata.resourceVersion) - 1;
      const fresh = await watch(fake, `${CM}?watch=1&resourceVersion=${recent}`);
      const [event] = await fresh.waitFor(1);
      fresh.close();
      expect(event?.type).toBe('ADDED');
    });
  });
});
