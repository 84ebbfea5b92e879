// Rewrites the fault-suite table of docs/security.md from the figures the last run of every action's fault suite
// wrote to .tmp/fault-suite/<action>.json. Run the suites first (see docs/security.md), then:
//   node node_modules/tsx/dist/cli.mjs packages/testing/src/fault-server/publish-figures.ts
// It refuses when an action's figures are missing or come from a run in which a case failed or was left out.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../action-metadata.js';
import type { FigureColumn } from './cases.js';
import { FIGURES_DIR, type ActionFigures, type FaultFigures } from './figures.js';

/** Every action that calls a network service, in the table's order. */
export const NETWORK_ACTIONS = [
  'assume-role',
  'chaos-experiment',
  'china-region-deploy',
  'docker-build-push',
  'eks-deploy',
  'grafana-provision',
  'tfsec-gate',
] as const;

const COLUMNS: readonly FigureColumn[] = [
  '503 burst of 2',
  '429 burst of 2',
  'resets, truncation',
  'persistent 503 / 429',
  '4xx',
  'garbage 200',
  'persistent truncation',
  'no answer (1 s timeout)',
  'proxy never answers CONNECT',
];

const START = '<!-- fault-figures:start -->';
const END = '<!-- fault-figures:end -->';

/** Columns that gather several faults: their cells name the fault. */
const GATHERING: readonly FigureColumn[] = ['resets, truncation', 'persistent 503 / 429', '4xx'];

const counted = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** One case's figures in a cell: the calls and retries, and for a failure the time it took to fail. */
function cellOf(row: FaultFigures): string {
  const proxied = row.column === 'proxy never answers CONNECT';
  const calls = `${counted(row.calls, proxied ? 'connection' : 'call', proxied ? 'connections' : 'calls')}, ${counted(row.retries, 'retry', 'retries')}`;
  const figures = row.outcome === 'survived' ? calls : `${calls}, failed after ${row.seconds.toFixed(1)} s`;
  // The fault's own name, without the operation a label may start with (`S3 PutObject: persistent 503`).
  const fault = row.fault.split(': ').pop() ?? row.fault;
  return row.column !== undefined && GATHERING.includes(row.column) ? `${fault}: ${figures}` : figures;
}

/** The summary table: one row per action and faulted operation, one column per kind of fault. Pure. */
export function summaryTable(actions: readonly ActionFigures[]): string {
  const lines = [
    `| action | faulted operation | ${COLUMNS.join(' | ')} |`,
    `| --- | --- |${COLUMNS.map(() => ' --- |').join('')}`,
  ];
  for (const { action, rows } of actions) {
    const operations = [...new Set(rows.map((row) => row.operation ?? ''))];
    for (const operation of operations) {
      const cells = COLUMNS.map((column) => {
        const found = rows.filter((row) => (row.operation ?? '') === operation && row.column === column);
        return found.length === 0 ? '—' : found.map(cellOf).join('; ');
      });
      lines.push(`| ${action} | ${operation} | ${cells.join(' | ')} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The document with the text between the fault-figures markers replaced. Pure; throws without the markers. */
export function withFaultFigures(doc: string, table: string): string {
  const start = doc.indexOf(START);
  const end = doc.indexOf(END);
  if (start < 0 || end < start) throw new Error(`The document has no ${START} … ${END} markers.`);
  return `${doc.slice(0, start + START.length)}\n${table}${doc.slice(end)}`;
}

/** Reads every network action's figures; throws naming the actions whose figures are missing or incomplete. */
export function readActionFigures(dir = FIGURES_DIR): ActionFigures[] {
  const problems: string[] = [];
  const figures = NETWORK_ACTIONS.flatMap((action) => {
    const path = join(dir, `${action}.json`);
    if (!existsSync(path)) {
      problems.push(`${action}: no figures (${path})`);
      return [];
    }
    const read = JSON.parse(readFileSync(path, 'utf8')) as ActionFigures;
    if (!read.complete) problems.push(`${action}: its last fault-suite run did not run and pass every case`);
    return [read];
  });
  if (problems.length > 0)
    throw new Error(`Run the fault suites again before publishing:\n${problems.map((p) => `- ${p}`).join('\n')}`);
  return figures;
}

/** Rewrites docs/security.md's fault table from the figures; returns the document's path. */
export function publishFaultFigures(doc = join(repoRoot, 'docs', 'security.md'), dir = FIGURES_DIR): string {
  writeFileSync(doc, withFaultFigures(readFileSync(doc, 'utf8'), summaryTable(readActionFigures(dir))));
  return doc;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    process.stdout.write(`Wrote the fault figures into ${publishFaultFigures()}\n`);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}
