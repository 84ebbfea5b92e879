import { underAct } from './act.js';
import { log } from './log.js';
import { appendSummary } from './protocol.js';

/** Markdown for the job summary. Pure builders return strings; `writeSummary` appends them to the step summary. */

function cell(value: unknown): string {
  return String(value ?? '')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, '<br>');
}

export function table(headers: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const head = `| ${headers.map(cell).join(' | ')} |`;
  const rule = `| ${headers.map(() => '---').join(' | ')} |`;
  const body = rows.map((row) => `| ${headers.map((_, i) => cell(row[i])).join(' | ')} |`);
  return [head, rule, ...body].join('\n') + '\n';
}

export function heading(text: string, level: 1 | 2 | 3 | 4 = 2): string {
  return `${'#'.repeat(level)} ${text}\n`;
}

/** A collapsed section; the body is Markdown. */
export function details(summary: string, body: string): string {
  return `<details><summary>${cell(summary)}</summary>\n\n${body.trimEnd()}\n\n</details>\n`;
}

export function mermaid(diagram: string): string {
  return '```mermaid\n' + diagram.trimEnd() + '\n```\n';
}

/** A Mermaid pie chart; slices with zero are left out (Mermaid draws them as noise). */
export function mermaidPie(title: string, slices: readonly (readonly [string, number])[]): string {
  const lines = slices.filter(([, n]) => n > 0).map(([label, n]) => `  "${label.replace(/"/g, "'")}" : ${n}`);
  return mermaid([`pie title ${title}`, ...lines].join('\n'));
}

export function codeBlock(text: string, language = ''): string {
  const fence = text.includes('```') ? '````' : '```';
  return `${fence}${language}\n${text.trimEnd()}\n${fence}\n`;
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
