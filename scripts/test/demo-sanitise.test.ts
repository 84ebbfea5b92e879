import { describe, expect, it } from '@jest/globals';
import { renderSummary } from '../demo/render-page.js';
import { PLAN_SUMMARY } from './fixtures/demo-stages.js';

// A job summary is untrusted text: the demo page keeps what GitHub shows of it and drops anything that could run.
describe('a summary on the demo page', () => {
  it('loses <script> elements and their content', () => {
    const html = renderSummary('## Scan\n\n<script>alert(document.cookie)</script>\n\nafter');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain('alert(');
    expect(html).toContain('<h2>Scan</h2>');
    expect(html).toContain('<p>after</p>');
  });

  it('loses event handlers such as onerror, and javascript: links, but keeps the image and the link text', () => {
    const html = renderSummary(
      '<img src="https://example.com/x.png" onerror="alert(1)" alt="chart">\n\n' +
        '[report](javascript:alert(2)) <a href="https://example.com/r" onclick="alert(3)">run</a>',
    );
    expect(html).not.toMatch(/onerror|onclick|javascript:|alert/i);
    expect(html).toContain('<img src="https://example.com/x.png" alt="chart" />');
    expect(html).toContain('<a href="https://example.com/r">run</a>');
    expect(html).toContain('report');
  });

  it('loses styles, iframes, forms and foreign classes', () => {
    const html = renderSummary(
      '<style>body{display:none}</style><iframe src="https://example.com"></iframe>' +
        '<form action="https://example.com"><input type="text" name="q"></form>' +
        '<div class="x" style="color:red">kept</div>',
    );
    expect(html).not.toMatch(/<style|<iframe|<form|type="text"|class="x"|style=/i);
    expect(html).toContain('<div>kept</div>');
  });

  it('keeps what GitHub shows: tables with alignment, <details>, code with its language, the mermaid element', () => {
    const html = renderSummary(PLAN_SUMMARY + '\n\n| a | b |\n| :-: | --: |\n| 1 | 2 |\n\n- [x] done');
    expect(html).toContain('<table>');
    expect(html).toContain('<td>create</td>');
    expect(html).toMatch(/<th align="center">a<\/th>/);
    expect(html).toContain('<details><summary>Rewrite diff</summary>');
    expect(html).toContain('<code class="language-diff">');
    expect(html).toContain('<pre class="mermaid">gantt\n');
    expect(html).toMatch(/<input (checked="" disabled="" type="checkbox"|[^>]*type="checkbox")/);
  });

  it('keeps a Mermaid block as text mermaid can read, with markup inside it inert', () => {
    const html = renderSummary('```mermaid\nflowchart LR\n  a["<img src=x onerror=alert(1)>"] --> b\n```');
    expect(html).toContain('<pre class="mermaid">flowchart LR\n');
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});
