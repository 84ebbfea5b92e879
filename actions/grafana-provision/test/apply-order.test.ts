import { describe, expect, it } from '@jest/globals';
import { phases } from '../src/grafana/apply.js';
import { mapBounded } from '../src/grafana/pool.js';
import type { PlanItem } from '../src/plan-types.js';

const folder = (key: string, depth: number, verb: PlanItem['verb'] = 'create') =>
  ({ kind: 'folder', key, name: key, uid: key, title: key, depth, verb, changes: [], notes: [] }) as PlanItem;
const item = (kind: PlanItem['kind'], key: string, verb: PlanItem['verb'] = 'create') =>
  ({ kind, key, name: key, verb, changes: [], notes: [], folderUid: '', secureToSend: [] }) as unknown as PlanItem;

describe('phases', () => {
  it('keeps the plan order and puts only items of one kind, depth and direction together', () => {
    const plan = [
      folder('a', 1),
      folder('b', 1),
      folder('a1', 2),
      item('datasource', 'ds'),
      item('dashboard', 'd1'),
      item('dashboard', 'd2', 'update'),
      item('dashboard', 'old', 'delete'),
      folder('gone', 2, 'delete'),
      folder('gone-parent', 1, 'delete'),
    ];
    expect(phases(plan).map((p) => p.map((i) => i.key))).toEqual([
      ['a', 'b'],
      ['a1'],
      ['ds'],
      ['d1', 'd2'],
      ['old'],
      ['gone'],
      ['gone-parent'],
    ]);
  });
});

describe('mapBounded', () => {
  it('never runs more than the limit at once and keeps the results in order', async () => {
    let running = 0;
    let peak = 0;
    const results = await mapBounded([5, 1, 4, 2, 3, 0], 3, async (n) => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, n * 3));
      running -= 1;
      return n * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30, 0]);
    expect(peak).toBe(3);
  });

  it('does nothing for no items', async () => {
    expect(await mapBounded([], 4, async () => 1)).toEqual([]);
  });
});
