// Benchmark of grafana-provision against the fake Grafana (issue 13): plan + apply of 500 dashboards in 20 folders,
// in-process through the skeleton with the real clients — requests made and wall time, for the first run (goal: one
// read per listing page plus one write per changed resource, under 3 s) and the unchanged second run (goal: zero
// writes, under 1 s). On the /api dialect (before 12) search answers no version, so by default (verify-unchanged:
// true) each managed dashboard's model is read too, to see a UI edit that kept the tags; with verify-unchanged:
// false the content hash in the tags stands for it and only the list pages are read (README: "Reads and UI edits").
// Run: npm run bench -- grafana-provision.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runMain } from '@aws-delivery/action-kit';
import { recordingRunner } from '@aws-delivery/action-kit/recording';
import { startFakeGrafana, type GrafanaVersion } from '@aws-delivery/testing';
import { grafanaProvision } from '../../actions/grafana-provision/src/action.js';
import type { BenchSuite } from './measure.js';

const FOLDERS = 20;
const DASHBOARDS = 500;

function writeResources(dir: string): void {
  for (let i = 0; i < DASHBOARDS; i++) {
    const path = join(dir, 'grafana/dashboards', `Team ${i % FOLDERS}`, `board-${i}.json`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(
      path,
      JSON.stringify({
        uid: `bench-${i}`,
        title: `Board ${i}`,
        tags: ['bench'],
        schemaVersion: 39,
        panels: [{ id: 1, type: 'stat', title: `Panel ${i}`, gridPos: { x: 0, y: 0, w: 6, h: 4 } }],
      }),
    );
  }
}

const RUNS: Record<string, Record<string, string>> = {
  'first run': {},
  'unchanged run': {},
  'unchanged run, verify-unchanged: false': { 'verify-unchanged': 'false' },
};

async function runs(version: GrafanaVersion, workspace: string, labels: string[]): Promise<[string, string][]> {
  const fake = await startFakeGrafana({ version });
  try {
    const rows: [string, string][] = [];
    for (const label of labels) {
      const io = recordingRunner({
        inputs: {
          'grafana-url': fake.url,
          token: fake.createServiceAccountToken().key,
          concurrency: '8',
          ...RUNS[label],
        },
        env: { GITHUB_WORKSPACE: workspace },
      });
      const before = fake.requests.length;
      const connectionsBefore = fake.connections;
      const started = process.hrtime.bigint();
      const outcome = await runMain(grafanaProvision, { io });
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (!outcome?.ok) throw new Error(io.lines('error').join(' '));
      const requests = fake.requests.slice(before);
      const writes = requests.filter((r) => r.method !== 'GET').length;
      rows.push([
        `${version} ${label}`,
        `${ms.toFixed(0)} ms, ${requests.length} requests (${writes} writes, ${requests.length - writes} reads) on ` +
          `${fake.connections - connectionsBefore} connections`,
      ]);
    }
    return rows;
  } finally {
    await fake.stop();
  }
}

export async function bench(): Promise<BenchSuite> {
  const workspace = mkdtempSync(join(tmpdir(), 'bench-grafana-provision-'));
  try {
    writeResources(workspace);
    const rows = [
      ...(await runs('11.6', workspace, Object.keys(RUNS))),
      ...(await runs('12.x', workspace, ['first run', 'unchanged run'])),
    ];
    return {
      name: `grafana-provision: ${DASHBOARDS} dashboards in ${FOLDERS} folders (fake Grafana)`,
      rows: [],
      details: rows,
    };
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}
