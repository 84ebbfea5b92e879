// The demo's pipeline table: one row per stage, its result, what it shows. A result is a word ("ok", "FAILED",
// "not built yet"), and for a failure shown on purpose, why ("ok — rollback as intended: <image> failed its
// rollout, <image> runs again"), which can be longer than the rest of the row. The word keeps its column and the
// reason goes on a line of its own, so every title starts in the same column however long a reason is. Pure.

export interface PipelineRow {
  status: string;
  title: string;
}

/** What separates a result's word from its reason. */
const REASON_SEPARATOR = ' — ';

/** A result as its word and, for an intended failure, the reason. */
export function splitStatus(status: string): { word: string; reason?: string } {
  const at = status.indexOf(REASON_SEPARATOR);
  if (at < 0) return { word: status };
  return { word: status.slice(0, at), reason: status.slice(at + REASON_SEPARATOR.length) };
}

/** Characters as a terminal counts them (an em dash is one, as it is one code point). */
function width(text: string): number {
  return [...text].length;
}

/** The rows as aligned console lines, indented by two spaces; a reason on the line below its row, under the title. */
export function pipelineTable(rows: readonly PipelineRow[]): string[] {
  const parts = rows.map((row) => ({ ...splitStatus(row.status), title: row.title }));
  const column = Math.max(0, ...parts.map((part) => width(part.word)));
  return parts.flatMap(({ word, reason, title }) => [
    `  ${word}${' '.repeat(column - width(word))}  ${title}`,
    ...(reason === undefined ? [] : [`  ${' '.repeat(column)}  ${REASON_SEPARATOR.trim()} ${reason}`]),
  ]);
}
