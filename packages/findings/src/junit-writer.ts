import type { Finding } from './finding.js';

export interface JUnitCase {
  finding: Finding;
  outcome: 'failed' | 'passed' | 'skipped';
  /** Why it failed or was skipped (the policy's reason). */
  detail?: string;
}

/** XML 1.0 allows no control characters but tab, newline and carriage return. */
function withoutControlCharacters(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.charCodeAt(0);
    if (code >= 0x20 || code === 0x09 || code === 0x0a || code === 0x0d) out += char;
  }
  return out;
}

function xml(text: string): string {
  return withoutControlCharacters(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function caseName(finding: Finding): string {
  const line = finding.location.startLine ? `:${finding.location.startLine}` : '';
  return `${finding.ruleId} ${finding.resource ?? `${finding.location.file}${line}`}`;
}

/** A JUnit XML report: one test suite, one test case per finding, grouped by file through the class name. */
export function toJUnit(suiteName: string, cases: readonly JUnitCase[]): string {
  const failures = cases.filter((c) => c.outcome === 'failed').length;
  const skipped = cases.filter((c) => c.outcome === 'skipped').length;
  const body = cases.map(({ finding, outcome, detail }) => {
    const open = `    <testcase classname="${xml(finding.location.file)}" name="${xml(caseName(finding))}">`;
    const message = xml(detail ?? `${finding.severity}: ${finding.title}`);
    if (outcome === 'failed') {
      const text = xml(`${finding.message}\n${finding.location.file}:${finding.location.startLine ?? ''}`);
      return `${open}\n      <failure message="${message}" type="${xml(finding.severity)}">${text}</failure>\n    </testcase>`;
    }
    if (outcome === 'skipped') return `${open}\n      <skipped message="${message}"/>\n    </testcase>`;
    return `${open}</testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites tests="${cases.length}" failures="${failures}" skipped="${skipped}">`,
    `  <testsuite name="${xml(suiteName)}" tests="${cases.length}" failures="${failures}" skipped="${skipped}">`,
    ...body,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
