import { underAct } from './act.js';
import { log } from './log.js';
import { appendSummary } from './protocol.js';

/**
 * Markdown for the job summary. Pure builders return strings; `writeSummary` appends them to the step summary.
 * Text passed to them may come from inputs, servers or tools: none of it can end the table row, heading or fence
 * it sits in, or add lines to a Mermaid diagram.
 */

/** CRLF, a lone CR or LF: each ends a Markdown line (CommonMark's line endings). */
const LINE_BREAK = /\r\n|\r|\n/g;

function cell(value: unknown): string {
  return String(value ?? '')
    .replace(/\|/g, '\\|')
    .replace(LINE_BREAK, '<br>');
}

/** Text on one line: line breaks become spaces. */
function oneLine(text: string): string {
  return text.replace(LINE_BREAK, ' ');
}

/** A backtick fence longer than any run of backticks in `text` (at least three), so nothing inside can close it. */
function fenceFor(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  return '`'.repeat(Math.max(3, longest + 1));
}

export function table(headers: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const head = `| ${headers.map(cell).join(' | ')} |`;
  const rule = `| ${headers.map(() => '---').join(' | ')} |`;
  const body = rows.map((row) => `| ${headers.map((_, i) => cell(row[i])).join(' | ')} |`);
  return [head, rule, ...body].join('\n') + '\n';
}

export function heading(text: string, level: 1 | 2 | 3 | 4 = 2): string {
  return `${'#'.repeat(level)} ${oneLine(text)}\n`;
}

/** A collapsed section; the body is Markdown. */
export function details(summary: string, body: string): string {
  return `<details><summary>${cell(summary)}</summary>\n\n${body.trimEnd()}\n\n</details>\n`;
}

/** Longest label `mermaidLabel` keeps; a longer one is cut with an ellipsis. */
const MAX_MERMAID_LABEL = 80;

/**
 * Untrusted text as one Mermaid label (a pie slice, a Gantt task, section or title): on one line, without the
 * characters that end a label or a statement (`:` `;` `#`), start a comment or directive (`%%`, `{`), open HTML
 * (`<` `>`), or quote or fence (`"` and backticks become `'`). Never empty (`?`), at most 80 characters.
 */
export function mermaidLabel(text: string, maxLength = MAX_MERMAID_LABEL): string {
  const label = text
    // eslint-disable-next-line no-control-regex -- control characters are what this removes
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
    .replace(/["`]/g, "'")
    .replace(/[:;#<>{}]/g, ' ')
    .replace(/%{2,}/g, '%')
    .replace(/\s+/g, ' ')
    .trim();
  if (label === '') return '?';
  return label.length > maxLength ? `${label.slice(0, maxLength - 1).trimEnd()}…` : label;
}

/** A Mermaid diagram in a fence its text cannot close. Labels in it should come from `mermaidLabel`. */
export function mermaid(diagram: string): string {
  const fence = fenceFor(diagram);
  return `${fence}mermaid\n${diagram.trimEnd()}\n${fence}\n`;
}

/** A Mermaid pie chart; slices with zero are left out (Mermaid draws them as noise). */
export function mermaidPie(title: string, slices: readonly (readonly [string, number])[]): string {
  const lines = slices.filter(([, n]) => n > 0).map(([label, n]) => `  "${mermaidLabel(label)}" : ${n}`);
  return mermaid([`pie title ${mermaidLabel(title)}`, ...lines].join('\n'));
}

export function codeBlock(text: string, language = ''): string {
  const fence = fenceFor(text);
  return `${fence}${oneLine(language)}\n${text.trimEnd()}\n${fence}\n`;
}

/**
 * The summary as plain log lines (each one neutralised by the logger, so none runs as a workflow command), for a
 * runner that would otherwise lose it.
 */
function logSummary(markdown: string, why: string): void {
  log.info(`Job summary (${why}):`);
  for (const line of markdown.trimEnd().split(/\r?\n/)) log.info(line);
}

/**
 * Appends Markdown to the step summary. Where no runner would show it, it is logged instead of lost: when
 * GITHUB_STEP_SUMMARY is not set (a bundle run by hand, act before v0.2.43), and under act, which never shows it.
 */
export async function writeSummary(...parts: string[]): Promise<void> {
  const markdown = parts.join('\n');
  if (!appendSummary(markdown)) logSummary(markdown, 'GITHUB_STEP_SUMMARY is not set, so it is logged here');
  else if (underAct(process.env)) logSummary(markdown, 'act does not show job summaries, so it is logged here');
}
