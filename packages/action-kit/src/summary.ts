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

/** Appends Markdown to the step summary; outside a runner (no GITHUB_STEP_SUMMARY) it does nothing. */
export async function writeSummary(...parts: string[]): Promise<void> {
  appendSummary(parts.join('\n'));
}
