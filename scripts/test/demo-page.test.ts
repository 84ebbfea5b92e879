import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { MERMAID_FILE, renderPage, renderSummary, writePage } from '../demo/render-page.js';
import { PLAN_SUMMARY as SUMMARY } from './fixtures/demo-stages.js';

// The demo's page: job summaries rendered as GitHub shows them (GFM tables, <details>, Mermaid drawn in the page).
describe('the demo page', () => {
  it('renders a GFM table, keeps <details>, and turns a mermaid block into the element mermaid draws into', () => {
    const html = renderSummary(SUMMARY);
    expect(html).toContain('<table>');
    expect(html).toMatch(/<td>create<\/td>/);
    expect(html).toContain('<details><summary>Rewrite diff</summary>');
    expect(html).toContain('<code class="language-diff">');
    expect(html).toContain('<pre class="mermaid">gantt\n  title A -&gt; B &amp; "C"\n');
  });

  it('says so for a stage that wrote no summary', () => {
    expect(renderSummary('  \n')).toBe('<p><em>This stage wrote no job summary.</em></p>\n');
  });

  it('lists every stage with its result, says why an intended failure is ok, and leaves out stages not built', () => {
    const page = renderPage([
      { name: 'tfsec-gate', title: 'scan', status: 'ok — gate failed as intended: 5 HIGH', summary: SUMMARY },
      { name: 'china-region-deploy', title: 'China', status: 'not built yet', summary: '' },
    ]);
    expect(page).toContain('<td class="ok">ok<span class="reason">gate failed as intended: 5 HIGH</span></td>');
    expect(page).toContain('<td>China</td><td');
    expect(page).toContain('<section class="stage" id="tfsec-gate">');
    expect(page).not.toContain('id="china-region-deploy"');
    expect(page).toContain(`<script src="${MERMAID_FILE}"></script>`);
    expect(page).not.toMatch(/https?:\/\/[^"]*\.js/);
  });

  it('writes the page with mermaid beside it, so it opens offline', () => {
    const dir = mkdtempSync(join(tmpdir(), 'demo-page-'));
    const page = writePage(dir, [{ name: 'hello-world', title: 'check', status: 'ok', summary: '# Hello' }]);
    expect(page).toBe(join(dir, 'index.html'));
    expect(readFileSync(page, 'utf8')).toContain('<h1>Hello</h1>');
    expect(existsSync(join(dir, MERMAID_FILE))).toBe(true);
  });
});
