import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../action-metadata.js';

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

/** Writes the table to .tmp/fault-suite/<action>.md (git ignores .tmp) and returns its path. */
export function writeFaultTable(action: string, rows: readonly FaultFigures[]): string {
  const dir = join(repoRoot, '.tmp', 'fault-suite');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${action}.md`);
  writeFileSync(path, faultTable(action, rows));
  return path;
}

/** What `measure` saw of one case. */
export interface MeasuredCase {
  ok: boolean;
  calls: number;
  elapsedMs: number;
}

/** Collects one action's figures while its fault suite runs, and writes the table when it is done. */
export class FaultFigureLog {
  readonly rows: FaultFigures[] = [];
  constructor(readonly action: string) {}

  /** Runs one case (`run` resolves true when the step succeeded), timing it and counting the faulted calls. */
  async measure(fault: string, run: () => Promise<boolean>, calls: () => number): Promise<MeasuredCase> {
    const started = Date.now();
    const ok = await run();
    const elapsedMs = Date.now() - started;
    const count = calls();
    this.add({ fault, outcome: ok ? 'survived' : 'failed', calls: count, elapsedMs });
    return { ok, calls: count, elapsedMs };
  }

  add(row: { fault: string; outcome: FaultFigures['outcome']; calls: number; elapsedMs: number }): void {
    this.rows.push({
      fault: row.fault,
      outcome: row.outcome,
      calls: row.calls,
      retries: Math.max(0, row.calls - 1),
      seconds: row.elapsedMs / 1000,
    });
  }

  /** The row of a bundle run behind a proxy that never answers: its connections are the attempts. */
  addSilentProxyRun(run: { result: { exitCode: number | null }; connections: number; elapsedMs: number }): void {
    this.add({
      fault: 'proxy never answers CONNECT (bundle)',
      outcome: run.result.exitCode === 0 ? 'survived' : 'failed',
      calls: run.connections,
      elapsedMs: run.elapsedMs,
    });
  }

  /** Writes .tmp/fault-suite/<action>.md when any case ran. */
  write(): void {
    if (this.rows.length > 0) writeFaultTable(this.action, this.rows);
  }
}
