import type { Finding } from './finding.js';

export interface JUnitCase {
  finding: Finding;
  outcome: 'failed' | 'passed' | 'skipped';
  /** Why it failed or was skipped (the policy's reason). */
  detail?: string;
}

/** XML 1.0 allows no control characters but tab, newline and carriage return, nor U+FFFE, U+FFFF, lone surrogates. */
// eslint-disable-next-line no-control-regex -- control characters are what these look for
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
// eslint-disable-next-line no-control-regex
const NEEDS_WORK = /[&<>"\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff\ud800-\udfff]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const ENTITY = /[&<>"]/g;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

function xml(text: string): string {
  if (!NEEDS_WORK.test(text)) return text;
  return text
    .replace(LONE_SURROGATE, '\ufffd')
    .replace(CONTROL_CHARACTERS, '')
    .replace(ENTITY, (char) => ENTITIES[char]!);
}

function caseName(finding: Finding): string {
  const line = finding.location.startLine ? `:${finding.location.startLine}` : '';
  return `${finding.ruleId} ${finding.resource ?? `${finding.location.file}${line}`}`;
}

/** `<testcase classname="…" name="` of each file, made once per file (findings of one file share it). */
function caseStarts(): (file: string) => string {
  const starts = new Map<string, string>();
  return (file) => {
    let start = starts.get(file);
    if (start === undefined) {
      start = `    <testcase classname="${xml(file)}" name="`;
      starts.set(file, start);
    }
    return start;
  };
}

function testCase({ finding, outcome, detail }: JUnitCase, caseStart: (file: string) => string): string {
  const open = `${caseStart(finding.location.file)}${xml(caseName(finding))}">`;
  const message = xml(detail ?? `${finding.severity}: ${finding.title}`);
  if (outcome === 'failed') {
    const text = xml(`${finding.message}\n${finding.location.file}:${finding.location.startLine ?? ''}`);
    return `${open}\n      <failure message="${message}" type="${xml(finding.severity)}">${text}</failure>\n    </testcase>`;
  }
  if (outcome === 'skipped') return `${open}\n      <skipped message="${message}"/>\n    </testcase>`;
  return `${open}</testcase>`;
}

/**
 * The JUnit XML report as text in pieces, one test case at a time, so a large report is written without holding it.
 * `cases` is iterated twice (the totals come first): pass an array, or an object whose iterator starts afresh.
 */
export function* junitXmlChunks(suiteName: string, cases: Iterable<JUnitCase>): Generator<string> {
  let tests = 0;
  let failures = 0;
  let skipped = 0;
  for (const c of cases) {
    tests++;
    if (c.outcome === 'failed') failures++;
    else if (c.outcome === 'skipped') skipped++;
  }
  yield '<?xml version="1.0" encoding="UTF-8"?>\n';
  // Jenkins' junit-10.xsd allows no `skipped` on <testsuites>; <testsuite> carries it, and `errors` (always 0 here).
  yield `<testsuites tests="${tests}" failures="${failures}" errors="0">\n`;
  yield `  <testsuite name="${xml(suiteName)}" tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}">\n`;
  const caseStart = caseStarts();
  for (const c of cases) yield `${testCase(c, caseStart)}\n`;
  yield '  </testsuite>\n</testsuites>\n';
}

/** A JUnit XML report: one test suite, one test case per finding, grouped by file through the class name. */
export function toJUnit(suiteName: string, cases: readonly JUnitCase[]): string {
  return [...junitXmlChunks(suiteName, cases)].join('');
}
