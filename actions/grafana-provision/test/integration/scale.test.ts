/**
 * 500 dashboards in 20 folders through the action (runMain, real clients) against the fake Grafana: the requests it
 * makes, counted. First run: one write per folder and per dashboard, nothing else; second run: zero writes, and reads
 * bounded by one per listing page plus (on the /api dialect) one per dashboard model, which is what shows a UI edit;
 * both on kept-alive connections, no more than the concurrency.
 * Wall time is logged for the record, not asserted (the machine is shared).
 */
import { describe, expect, it } from '@jest/globals';
import type { GrafanaVersion } from '@aws-delivery/testing';
import type { SourceFile } from '../../src/load-resources.js';
import { useActionOnFake } from '../action-on-fake.js';
import { board } from '../resources.js';

const FOLDERS = 20;
const DASHBOARDS = 500;

const files: SourceFile[] = Array.from({ length: DASHBOARDS }, (_, i) => ({
  path: `dashboards/Team ${i % FOLDERS}/board-${i}.json`,
  text: board(`bench-${i}`, `Board ${i}`, { panels: [{ id: 1, type: 'stat', title: `Panel ${i}` }] }),
}));

describe.each(['11.6', '12.x'] as GrafanaVersion[])(
  '500 dashboards in 20 folders on the fake Grafana %s',
  (version) => {
    const g = useActionOnFake(version, { files, inputs: { concurrency: '8' } });

    const step = async () => {
      const { fake } = g;
      const before = fake.requests.length;
      const connectionsBefore = fake.connections;
      const started = Date.now();
      const { io, outcome } = await g.step();
      const requests = fake.requests.slice(before);
      const connections = fake.connections - connectionsBefore;
      process.stdout.write(
        `  grafana-provision ${version}: ${requests.length} requests on ${connections} connections in ${Date.now() - started} ms\n`,
      );
      return { io, outcome, requests, connections };
    };

    it('first run: one write per folder and dashboard; second run: zero writes', async () => {
      const first = await step();
      expect(first.io.lines('error')).toEqual([]);
      expect(first.io.recorded.outputs).toMatchObject({ created: String(FOLDERS + DASHBOARDS), changed: 'true' });
      const writes = first.requests.filter((r) => r.method !== 'GET');
      expect(writes).toHaveLength(FOLDERS + DASHBOARDS);
      expect(writes.every((r) => r.status >= 200 && r.status < 300)).toBe(true);

      const second = await step();
      expect(second.io.recorded.outputs).toMatchObject({ unchanged: String(FOLDERS + DASHBOARDS), changed: 'false' });
      expect(second.requests.filter((r) => r.method !== 'GET')).toEqual([]);
      const modelReads = second.requests.filter((r) => r.path.startsWith('/api/dashboards/uid/')).length;
      expect(modelReads).toBe(version === '12.x' ? 0 : DASHBOARDS);
      expect(second.requests.length - modelReads).toBeLessThanOrEqual(8);
      // Kept alive: at most one connection per request in flight (concurrency 8), not one per request.
      expect(first.connections).toBeLessThanOrEqual(8);
      expect(second.connections).toBeLessThanOrEqual(8);
    }, 120_000);
  },
);
