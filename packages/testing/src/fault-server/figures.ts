import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../action-metadata.js';
import type { FigureColumn } from './cases.js';

/** What one fault case did to one action: how it ended, how many calls the fault server saw, and how long it took. */
export interface FaultFigures {
  /** The fault, as the table names it (`503 burst of 2`). */
  fault: string;
  outcome: 'survived' | 'failed';
  /** Requests the faulted endpoint received for the faulted operation. */
  calls: number;
  /** Of those, the ones made after a failed attempt. */
  retries: number;
  /** From the start of the step to its end. */
  seconds: number;
  /** The operation the fault spoiled (`STS AssumeRole (moto)`), for the summary table. */
  operation?: string;
  /** The summary table's column for this case, if it has one. */
  column?: FigureColumn;
}

/** Where each action's figures go: .tmp/fault-suite (git ignores .tmp). */
export const FIGURES_DIR = join(repoRoot, '.tmp', 'fault-suite');

/** One action's figures as written to .tmp/fault-suite/<action>.json. */
export interface ActionFigures {
  action: string;
  /** Every declared case ran and passed: only then do the figures go into docs/security.md. */
  complete: boolean;
  rows: FaultFigures[];
}

/** The figures of one action as a Markdown table, one row per fault case, in the order they ran. */
export function faultTable(action: string, rows: readonly FaultFigures[]): string {
  const lines = [
    `| ${action}: fault | outcome | calls | retries | time (s) |`,
    '| --- | --- | ---: | ---: | ---: |',
    ...rows.map(
      (row) => `| ${row.fault} | ${row.outcome} | ${row.calls} | ${row.retries} | ${row.seconds.toFixed(1)} |`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * Writes the table to .tmp/fault-suite/<action>.md, and the figures to <action>.json for the summary in
 * docs/security.md (publish-figures.ts); returns the table's path.
 */
export function writeFaultTable(action: string, rows: readonly FaultFigures[], complete = false): string {
  mkdirSync(FIGURES_DIR, { recursive: true });
  const path = join(FIGURES_DIR, `${action}.md`);
  writeFileSync(path, faultTable(action, rows));
  const figures: ActionFigures = { action, complete, rows: [...rows] };
  writeFileSync(join(FIGURES_DIR, `${action}.json`), `${JSON.stringify(figures, null, 2)}\n`);
  return path;
}

/** What `measure` saw of one case. */
export interface MeasuredCase {
  ok: boolean;
  calls: number;
  elapsedMs: number;
}

/** Collects one action's figures while its fault suite runs, and writes the table when it is done. */
/** Where a row goes in the summary table. */
export type RowPlace = Pick<FaultFigures, 'operation' | 'column'>;

/** Collects one action's figures while its fault suite runs, and writes the table when it is done. */
export class FaultFigureLog {
  readonly rows: FaultFigures[] = [];
  private planned = 0;
  private passed = 0;
  constructor(readonly action: string) {}

  /** Runs one case (`run` resolves true when the step succeeded), timing it and counting the faulted calls. */
  async measure(
    fault: string,
    run: () => Promise<boolean>,
    calls: () => number,
    place: RowPlace = {},
  ): Promise<MeasuredCase> {
    const started = Date.now();
    const ok = await run();
    const elapsedMs = Date.now() - started;
    const count = calls();
    this.add({ fault, outcome: ok ? 'survived' : 'failed', calls: count, elapsedMs, ...place });
    return { ok, calls: count, elapsedMs };
  }

  add(row: { fault: string; outcome: FaultFigures['outcome']; calls: number; elapsedMs: number } & RowPlace): void {
    this.rows.push({
      fault: row.fault,
      outcome: row.outcome,
      calls: row.calls,
      retries: Math.max(0, row.calls - 1),
      seconds: row.elapsedMs / 1000,
      ...(row.operation !== undefined ? { operation: row.operation } : {}),
      ...(row.column !== undefined ? { column: row.column } : {}),
    });
  }

  /** The row of a bundle run behind a proxy that never answers: its connections are the attempts. */
  addSilentProxyRun(
    run: { result: { exitCode: number | null }; connections: number; elapsedMs: number },
    place: RowPlace = {},
  ): void {
    this.add({
      fault: 'proxy never answers CONNECT (bundle)',
      outcome: run.result.exitCode === 0 ? 'survived' : 'failed',
      calls: run.connections,
      elapsedMs: run.elapsedMs,
      ...place,
    });
  }

  /** One more case is declared; `casePassed` is called when it has run and met every expectation. */
  plan(): void {
    this.planned += 1;
  }

  casePassed(): void {
    this.passed += 1;
  }

  /** Every declared case ran and passed. */
  get complete(): boolean {
    return this.planned > 0 && this.passed === this.planned;
  }

  /** Writes .tmp/fault-suite/<action>.md and .json when any case ran. */
  write(): void {
    if (this.rows.length > 0) writeFaultTable(this.action, this.rows, this.complete);
  }
}
