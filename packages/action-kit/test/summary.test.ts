import { describe, expect, it } from '@jest/globals';
import { codeBlock, details, mermaidPie, table } from '@aws-delivery/action-kit';

describe('summary builders', () => {
  it('builds a Markdown table, escaping pipes and newlines in cells', () => {
    expect(table(['name', 'value'], [['a|b', 'line1\nline2'], ['missing']])).toBe(
      '| name | value |\n| --- | --- |\n| a\\|b | line1<br>line2 |\n| missing |  |\n',
    );
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

  it('uses a longer fence when the text holds a fence', () => {
    expect(codeBlock('```x```', 'diff')).toBe('````diff\n```x```\n````\n');
  });
});
