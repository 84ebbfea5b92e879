// The demo's closing table on the console: one row per stage, its result, then what it shows. Results vary in
// length ("ok", "not built yet", "ok — gate failed as intended: 5 HIGH"), so the result column is as wide as the
// longest one and every title starts in the same column. Pure.

export interface PipelineRow {
  status: string;
  title: string;
}

/** Characters as a terminal counts them (an em dash is one, as it is one code point). */
function width(text: string): number {
  return [...text].length;
}

/** The rows as aligned lines, indented by two spaces. */
export function pipelineTable(rows: readonly PipelineRow[]): string[] {
  const column = Math.max(0, ...rows.map((row) => width(row.status)));
  return rows.map((row) => `  ${row.status}${' '.repeat(column - width(row.status))}  ${row.title}`);
}
