// Job summaries are untrusted: a step writes whatever its tools and the servers it talks to gave it. GitHub shows
// them through an allow-list of harmless HTML; the demo page does the same with sanitize-html, after marked has
// turned the Markdown into HTML and before the page is written. Kept: text formatting, lists, tables (with their
// column alignment), <details>/<summary>, code (its language-* class), images over http(s), task-list checkboxes,
// and the <pre class="mermaid"> element the renderer makes for a Mermaid block. Gone: scripts, styles, forms,
// frames, event handlers (onerror=…), javascript: and data: links, and every other attribute or class.
import sanitizeHtml from 'sanitize-html';

const TAGS = [
  ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'blockquote', 'div', 'span'],
  ...['b', 'i', 'strong', 'em', 'del', 's', 'ins', 'sup', 'sub', 'kbd', 'mark', 'small', 'abbr', 'q', 'cite'],
  ...['a', 'img', 'pre', 'code', 'samp', 'var'],
  ...['ul', 'ol', 'li', 'dl', 'dt', 'dd', 'input'],
  ...['table', 'caption', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td'],
  ...['details', 'summary', 'figure', 'figcaption'],
];

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: TAGS,
  allowedAttributes: {
    a: ['href', 'title', 'id'],
    img: ['src', 'alt', 'title', 'width', 'height'],
    th: ['align', 'colspan', 'rowspan'],
    td: ['align', 'colspan', 'rowspan'],
    ol: ['start'],
    details: ['open'],
    input: ['type', 'checked', 'disabled'],
    abbr: ['title'],
  },
  allowedClasses: { pre: ['mermaid'], code: ['language-*'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
  // A task-list checkbox only: any other input is dropped with its attributes' values.
  exclusiveFilter: (frame) => frame.tag === 'input' && frame.attribs.type !== 'checkbox',
  disallowedTagsMode: 'discard',
};

/** The summary's HTML with everything GitHub would not show removed. */
export function sanitiseSummaryHtml(html: string): string {
  return sanitizeHtml(html, OPTIONS);
}
