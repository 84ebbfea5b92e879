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
