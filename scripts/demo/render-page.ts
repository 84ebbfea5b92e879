// Renders the demo's stages into one page, the way GitHub shows job summaries: each stage's GitHub-flavoured
// Markdown (tables, <details>) as HTML, its Mermaid blocks drawn in the browser by the mermaid package copied next
// to the page (no CDN: the page works offline). Each summary's HTML is untrusted and sanitised first (sanitise.ts).
// renderPage is pure; writePage writes the page and mermaid's file.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Marked } from 'marked';
import { splitStatus } from './pipeline-table.js';
import { sanitiseSummaryHtml } from './sanitise.js';

export interface StagePage {
  /** The stage's file name, also its folder under demo-output/. */
  name: string;
  title: string;
  /** What the pipeline table says: "ok", "FAILED", "not built yet", or "ok — <why a failure was intended>". */
  status: string;
  /** The Markdown the stage's step wrote to GITHUB_STEP_SUMMARY (empty when it wrote none). */
  summary: string;
}

/** mermaid's browser bundle, as the page loads it from beside itself. */
export const MERMAID_FILE = 'mermaid.min.js';

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const markdown = new Marked({ gfm: true, async: false });
markdown.use({
  renderer: {
    // A ```mermaid block becomes the element mermaid draws into; everything else stays marked's own.
    code({ text, lang }) {
      if (lang?.trim() === 'mermaid') return `<pre class="mermaid">${escapeHtml(text)}</pre>\n`;
      return false;
    },
  },
});

/** One stage's summary as HTML, sanitised as GitHub sanitises job summaries (sanitise.ts). */
export function renderSummary(summary: string): string {
  if (summary.trim() === '') return '<p><em>This stage wrote no job summary.</em></p>\n';
  return sanitiseSummaryHtml(markdown.parse(summary) as string);
}

const STYLE = `body{font-family:-apple-system,BlinkMacSystemFont,"Segoe UI",Helvetica,Arial,sans-serif;max-width:1012px;margin:2em auto;padding:0 1em;color:#1f2328;line-height:1.5}
table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #d1d9e0;padding:6px 13px}tr:nth-child(2n){background:#f6f8fa}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:85%}pre{background:#f6f8fa;padding:16px;overflow:auto;border-radius:6px}
pre.mermaid{background:none}section.stage{border:1px solid #d1d9e0;border-radius:6px;padding:0 1.5em;margin:2em 0}
.ok{color:#1a7f37}.failed{color:#d1242f}td{vertical-align:top}td.stage{white-space:nowrap}
.reason{display:block;color:#59636e;font-size:90%;overflow-wrap:anywhere}`;

/**
 * A result in the pipeline table: its word, and an intended failure's reason on a line of its own that wraps
 * anywhere, so a long reason (an image reference) neither widens the column nor squeezes the stage names.
 */
function resultCell(status: string): string {
  const { word, reason } = splitStatus(status);
  const why = reason === undefined ? '' : `<span class="reason">${escapeHtml(reason)}</span>`;
  return `<td class="${statusClass(status)}">${escapeHtml(word)}${why}</td>`;
}

function statusClass(status: string): string {
  return status.startsWith('ok') ? 'ok' : status === 'FAILED' ? 'failed' : '';
}

/** The whole page: the pipeline table, then each stage's summary. */
export function renderPage(stages: readonly StagePage[]): string {
  const rows = stages
    .map(
      (s) =>
        `<tr><td class="stage"><a href="#${escapeHtml(s.name)}">${escapeHtml(s.name)}</a></td>` +
        `<td>${escapeHtml(s.title)}</td>${resultCell(s.status)}</tr>`,
    )
    .join('\n');
  const sections = stages
    .filter((s) => s.status !== 'not built yet')
    .map(
      (s) =>
        `<section class="stage" id="${escapeHtml(s.name)}">\n<h2>${escapeHtml(s.name)}: ${escapeHtml(s.title)}</h2>\n` +
        `<p>Status: <span class="${statusClass(s.status)}">${escapeHtml(s.status)}</span> — files in ` +
        `<code>${escapeHtml(s.name)}/</code></p>\n${renderSummary(s.summary)}</section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Demo pipeline: job summaries</title><style>${STYLE}</style></head>
<body>
<h1>Demo pipeline</h1>
<table><thead><tr><th>Stage</th><th>What it shows</th><th>Result</th></tr></thead>
<tbody>
${rows}
</tbody></table>
${sections}
<script src="${MERMAID_FILE}"></script>
<script>mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
mermaid.run({ querySelector: 'pre.mermaid' }).then(() => { document.body.dataset.mermaid = 'done'; },
  (error) => { document.body.dataset.mermaid = 'failed'; console.error(error); });</script>
</body></html>
`;
}

/** Writes index.html and mermaid's browser bundle into `dir`; returns the page's path. */
export function writePage(dir: string, stages: readonly StagePage[]): string {
  mkdirSync(dir, { recursive: true });
  const require = createRequire(import.meta.url);
  copyFileSync(join(require.resolve('mermaid/package.json'), '..', 'dist', MERMAID_FILE), join(dir, MERMAID_FILE));
  const page = join(dir, 'index.html');
  writeFileSync(page, renderPage(stages));
  return page;
}
