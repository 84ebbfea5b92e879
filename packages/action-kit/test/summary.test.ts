import { describe, expect, it } from '@jest/globals';
import { codeBlock, details, heading, mermaid, mermaidLabel, mermaidPie, table } from '@aws-delivery/action-kit';

/** The text between a fenced block's opening and the first line CommonMark reads as its closing fence. */
function fencedBody(markdown: string): { info: string; body: string[]; after: string[] } {
  const lines = markdown.split(/\r\n|\r|\n/);
  const open = /^(`{3,})(.*)$/.exec(lines[0] ?? '');
  if (!open) throw new Error(`not a fenced block: ${markdown}`);
  const fence = open[1]!;
  const close = lines.findIndex((line, i) => i > 0 && new RegExp(`^ {0,3}\`{${fence.length},}[ \\t]*$`).test(line));
  if (close < 0) throw new Error(`no closing fence: ${markdown}`);
  return { info: open[2]!, body: lines.slice(1, close), after: lines.slice(close + 1) };
}

/** Lines as CommonMark splits them (CRLF, CR and LF each end one). */
const markdownLines = (text: string) => text.replace(/\n$/, '').split(/\r\n|\r|\n/);

describe('summary builders', () => {
  it('builds a Markdown table, escaping pipes and newlines in cells', () => {
    expect(table(['name', 'value'], [['a|b', 'line1\nline2'], ['missing']])).toBe(
      '| name | value |\n| --- | --- |\n| a\\|b | line1<br>line2 |\n| missing |  |\n',
    );
  });

  it('keeps every row on one line whatever line break a cell holds (CRLF, a lone CR, LF)', () => {
    const markdown = table(
      ['k', 'v'],
      [
        ['a\rb', 'c\r\nd'],
        ['e\n\rf', '\r'],
      ],
    );
    expect(markdownLines(markdown)).toEqual([
      '| k | v |',
      '| --- | --- |',
      '| a<br>b | c<br>d |',
      '| e<br><br>f | <br> |',
    ]);
  });

  it('keeps a heading on one line', () => {
    expect(heading('Grafana 11.0\r## injected\nmore', 3)).toBe('### Grafana 11.0 ## injected more\n');
  });

  it('wraps a body in a collapsed details block', () => {
    expect(details('3 suppressed', '- one\n')).toBe(
      '<details><summary>3 suppressed</summary>\n\n- one\n\n</details>\n',
    );
  });

  it('draws a Mermaid pie without empty slices', () => {
    expect(
      mermaidPie('Findings by severity', [
        ['CRITICAL', 0],
        ['HIGH', 2],
        ['say "hi"', 1],
      ]),
    ).toBe('```mermaid\npie title Findings by severity\n  "HIGH" : 2\n  "say \'hi\'" : 1\n```\n');
  });

  it('keeps pie labels and titles from closing the fence or adding statements', () => {
    const markdown = mermaidPie('t\n```\n::error::x', [['a"\n```\n%%{init: {"theme":"dark"}}%%\n"b" : 99', 1]]);
    const { info, body, after } = fencedBody(markdown);
    expect(info).toBe('mermaid');
    expect(after).toEqual(['']);
    expect(body).toEqual(["pie title t ''' error x", `  "a' ''' % init 'theme' 'dark' % 'b' 99" : 1`]);
  });

  it('makes one Mermaid label of any text', () => {
    expect(mermaidLabel('a:b;c#d\ne')).toBe('a b c d e');
    expect(mermaidLabel(':::')).toBe('?');
    expect(mermaidLabel('x\ry\u2028z\u0085w\tv')).toBe('x y z w v');
    expect(mermaidLabel('<b>bold</b> {x}')).toBe('b bold /b x');
    expect(mermaidLabel('%%{init}%% %%% c')).toBe('% init % % c');
    expect(mermaidLabel('`x`')).toBe("'x'");
    expect(mermaidLabel('y'.repeat(200))).toBe(`${'y'.repeat(79)}…`);
    expect(mermaidLabel('abcdef', 4)).toBe('abc…');
  });

  it('fences a Mermaid diagram so its text cannot close the fence', () => {
    const { info, body, after } = fencedBody(mermaid('gantt\n  title a\n````\nb'));
    expect(info).toBe('mermaid');
    expect(body).toEqual(['gantt', '  title a', '````', 'b']);
    expect(after).toEqual(['']);
  });

  it('uses a longer fence when the text holds a fence', () => {
    expect(codeBlock('```x```', 'diff')).toBe('````diff\n```x```\n````\n');
  });

  it('uses a fence longer than any run of backticks in the text', () => {
    const text = 'a\n`````\n  ````\nb';
    const { info, body, after } = fencedBody(codeBlock(text, 'diff\nx'));
    expect(info).toBe('diff x');
    expect(body).toEqual(text.split('\n'));
    expect(after).toEqual(['']);
  });
});
