import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import type { ActionFigures } from '@aws-delivery/testing';
import {
  NETWORK_ACTIONS,
  publishFaultFigures,
  readActionFigures,
  summaryTable,
  withFaultFigures,
} from '../../src/fault-server/publish-figures.js';

const demo: ActionFigures = {
  action: 'demo',
  complete: true,
  rows: [
    {
      fault: '503 burst of 2',
      outcome: 'survived',
      calls: 3,
      retries: 2,
      seconds: 0.4,
      operation: 'op A',
      column: '503 burst of 2',
    },
    {
      fault: 'persistent 503',
      outcome: 'failed',
      calls: 4,
      retries: 3,
      seconds: 1.25,
      operation: 'op A',
      column: 'persistent 503 / 429',
    },
    { fault: 'latency', outcome: 'survived', calls: 1, retries: 0, seconds: 0.3, operation: 'op A' },
    {
      fault: 'proxy',
      outcome: 'failed',
      calls: 1,
      retries: 0,
      seconds: 5.5,
      operation: 'op B',
      column: 'proxy never answers CONNECT',
    },
  ],
};

describe('the fault figures in docs/security.md', () => {
  it('gives one row per action and operation: calls and retries, and the time to fail of a failure', () => {
    const lines = summaryTable([demo]).trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^\| action \| faulted operation \| 503 burst of 2 \| 429 burst of 2 \|/);
    const cells = (line: string) => line.split(' | ');
    expect(cells(lines[2]!).slice(0, 6)).toEqual([
      '| demo',
      'op A',
      '3 calls, 2 retries',
      '—',
      '—',
      'persistent 503: 4 calls, 3 retries, failed after 1.3 s',
    ]);
    // A case without a column (the latency) is only in the action's own table.
    expect(lines[2]).not.toContain('1 call');
    expect(lines[2]).not.toContain('latency');
    expect(lines[3]).toMatch(/^\| demo \| op B \| — .*\| 1 connection, 0 retries, failed after 5\.5 s \|$/);
  });

  it('replaces only what lies between the markers, and refuses a document without them', () => {
    const doc = 'before\n<!-- fault-figures:start -->\nold\n<!-- fault-figures:end -->\nafter\n';
    expect(withFaultFigures(doc, 'new\n')).toBe(
      'before\n<!-- fault-figures:start -->\nnew\n<!-- fault-figures:end -->\nafter\n',
    );
    expect(() => withFaultFigures('no markers', 'new\n')).toThrow(/markers/);
  });

  it('publishes only when every network action has figures from a run that passed every case', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fault-figures-'));
    const write = (action: string, complete: boolean) =>
      writeFileSync(join(dir, `${action}.json`), JSON.stringify({ ...demo, action, complete }));
    for (const action of NETWORK_ACTIONS.slice(1)) write(action, true);
    write('eks-deploy', false);
    expect(() => readActionFigures(dir)).toThrow(
      /assume-role: no figures[\s\S]*eks-deploy: its last fault-suite run did not run and pass every case/,
    );

    write('assume-role', true);
    write('eks-deploy', true);
    const doc = join(dir, 'security.md');
    writeFileSync(doc, '# doc\n<!-- fault-figures:start -->\n<!-- fault-figures:end -->\n');
    publishFaultFigures(doc, dir);
    const published = readFileSync(doc, 'utf8');
    for (const action of NETWORK_ACTIONS) expect(published).toContain(`| ${action} | op A | 3 calls, 2 retries |`);
  });
});
