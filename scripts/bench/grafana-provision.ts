// Benchmark of grafana-provision against the fake Grafana (issue 13): plan + apply of 500 dashboards in 20 folders,
// in-process through the skeleton with the real clients — requests made and wall time, for the first run (goal: one
// read per listing page plus one write per changed resource, under 3 s) and the unchanged second run (goal: zero
// writes, under 1 s). On the /api dialect (before 12) search answers no version, so by default (verify-unchanged:
// true) each managed dashboard's model is read too, to see a UI edit that kept the tags; with verify-unchanged:
// false the content hash in the tags stands for it and only the list pages are read (README: "Reads and UI edits").
// Each turn starts a fresh fake; the rows are medians over the turns (3, or --runs N).
// Run: npm run bench -- grafana-provision.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runMain } from '@aws-delivery/action-kit';
import { recordingRunner } from '@aws-delivery/action-kit/recording';
import { startFakeGrafana, type GrafanaVersion } from '@aws-delivery/testing';
import { grafanaProvision } from '../../actions/grafana-provision/src/action.js';
import { benchRuns, fmt, median, type BenchRow, type BenchSuite } from './measure.js';

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

interface Run {
  label: string;
  inputs: Record<string, string>;
  goal: { ms: number; writes: number; text: string };
}

const CHANGED = FOLDERS + DASHBOARDS;
const FIRST: Run = {
  label: 'first run',
  inputs: {},
  goal: { ms: 3000, writes: CHANGED, text: `< 3 s, ${CHANGED} writes (one per resource)` },
};
const UNCHANGED: Run = { label: 'unchanged run', inputs: {}, goal: { ms: 1000, writes: 0, text: '< 1 s, 0 writes' } };
const UNVERIFIED: Run = {
  label: 'unchanged run, verify-unchanged: false',
  inputs: { 'verify-unchanged': 'false' },
  goal: UNCHANGED.goal,
};

interface Figures {
  ms: number[];
  /** CPU time of the benchmark process (the step and the fake together): steadier than wall time on a busy machine. */
  cpuMs: number[];
  requests: number;
  writes: number;
  connections: number;
}

/** One turn on a fresh fake: each run in order, its wall time and what it asked of Grafana. */
async function turn(version: GrafanaVersion, workspace: string, plan: readonly Run[]): Promise<Figures[]> {
  const fake = await startFakeGrafana({ version });
  try {
    const figures: Figures[] = [];
    for (const run of plan) {
      const io = recordingRunner({
        inputs: {
          'grafana-url': fake.url,
          token: fake.createServiceAccountToken().key,
          ...run.inputs,
        },
        env: { GITHUB_WORKSPACE: workspace },
      });
      const before = fake.requests.length;
      const connectionsBefore = fake.connections;
      const started = process.hrtime.bigint();
      const cpu = process.cpuUsage();
      const outcome = await runMain(grafanaProvision, { io });
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const used = process.cpuUsage(cpu);
      if (!outcome?.ok) throw new Error(io.lines('error').join(' '));
      const requests = fake.requests.slice(before);
      figures.push({
        ms: [ms],
        cpuMs: [(used.user + used.system) / 1000],
        requests: requests.length,
        writes: requests.filter((r) => r.method !== 'GET').length,
        connections: fake.connections - connectionsBefore,
      });
    }
    return figures;
  } finally {
    await fake.stop();
  }
}

async function rows(version: GrafanaVersion, workspace: string, plan: readonly Run[], turns: number) {
  const all: Figures[] = [];
  for (let i = 0; i < turns; i++) {
    (await turn(version, workspace, plan)).forEach((figures, index) => {
      const seen = all[index];
      if (seen) {
        seen.ms.push(...figures.ms);
        seen.cpuMs.push(...figures.cpuMs);
      } else all[index] = figures;
    });
  }
  return plan.map((run, index): BenchRow => {
    const { ms, cpuMs, requests, writes, connections } = all[index]!;
    const mid = median(ms);
    return {
      work: `${version} ${run.label}`,
      ours:
        `${fmt.ms(mid)} (median of ${ms.length}; CPU ${fmt.ms(median(cpuMs))}), ${requests} requests (${writes} writes, ${requests - writes} reads) ` +
        `on ${connections} connection${connections === 1 ? '' : 's'}`,
      goal: { text: run.goal.text, met: mid < run.goal.ms && writes === run.goal.writes },
      reproduce: 'npm run bench -- grafana-provision (the fake Grafana runs in the benchmark process)',
    };
  });
}

export async function bench(): Promise<BenchSuite> {
  const workspace = mkdtempSync(join(tmpdir(), 'bench-grafana-provision-'));
  try {
    writeResources(workspace);
    const turns = benchRuns(3);
    return {
      name: `grafana-provision: ${DASHBOARDS} dashboards in ${FOLDERS} folders (fake Grafana, the default concurrency)`,
      rows: [
        ...(await rows('11.6', workspace, [FIRST, UNCHANGED, UNVERIFIED], turns)),
        ...(await rows('12.x', workspace, [FIRST, UNCHANGED], turns)),
      ],
      notes: [
        'each turn starts a fresh fake Grafana in the benchmark process (one event loop with the step), then runs the step in order: the figures are the step in-process, not whole processes; the CPU figure is that of the benchmark process, the fake included.',
      ],
    };
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}
