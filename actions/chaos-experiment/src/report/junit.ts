/**
 * The JUnit XML report: one test case per FIS action, and one per probe and pre-flight check, in the shape
 * Jenkins' JUnit schema accepts (junit-10.xsd of the xunit plugin: testsuites › testsuite with name, tests,
 * failures and errors › testcase with name, classname, time › failure | skipped). @aws-delivery/findings' JUnit
 * writer is made for findings (and puts `skipped` on <testsuites>, which that schema has no attribute for), so
 * this is its own small writer.
 */
import type { ChaosReport } from './chaos-report.js';

type CaseOutcome = { kind: 'passed' } | { kind: 'failed' | 'skipped'; type: string; message: string };

interface TestCase {
  name: string;
  classname: string;
  seconds?: number;
  outcome: CaseOutcome;
  output?: string;
}

interface TestSuite {
  name: string;
  timestamp?: string;
  seconds?: number;
  properties?: [string, string][];
  cases: TestCase[];
}

// eslint-disable-next-line no-control-regex -- XML 1.0 allows no control characters but tab, newline, return
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function xmlEscape(text: string): string {
  return text.replace(NOT_XML, '').replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

function time(seconds: number | undefined): string {
  return (seconds ?? 0).toFixed(3);
}

function caseXml(test: TestCase): string {
  const open = `    <testcase name="${xmlEscape(test.name)}" classname="${xmlEscape(test.classname)}" time="${time(test.seconds)}"`;
  const inner: string[] = [];
  if (test.outcome.kind !== 'passed') {
    const { kind, type, message } = test.outcome;
    inner.push(
      `      <${kind === 'failed' ? 'failure' : 'skipped'} type="${xmlEscape(type)}" message="${xmlEscape(message)}"/>`,
    );
  }
  if (test.output) inner.push(`      <system-out>${xmlEscape(test.output)}</system-out>`);
  return inner.length === 0 ? `${open}/>` : `${open}>\n${inner.join('\n')}\n    </testcase>`;
}

function suiteXml(suite: TestSuite): string {
  const failures = suite.cases.filter((c) => c.outcome.kind === 'failed').length;
  const skipped = suite.cases.filter((c) => c.outcome.kind === 'skipped').length;
  const attributes = [
    `name="${xmlEscape(suite.name)}"`,
    `tests="${suite.cases.length}"`,
    `failures="${failures}"`,
    'errors="0"',
    `skipped="${skipped}"`,
    `time="${time(suite.seconds)}"`,
    ...(suite.timestamp ? [`timestamp="${xmlEscape(suite.timestamp)}"`] : []),
  ];
  const properties = suite.properties?.length
    ? [
        '    <properties>',
        ...suite.properties.map(([n, v]) => `      <property name="${xmlEscape(n)}" value="${xmlEscape(v)}"/>`),
        '    </properties>',
      ]
    : [];
  return [`  <testsuite ${attributes.join(' ')}>`, ...properties, ...suite.cases.map(caseXml), '  </testsuite>'].join(
    '\n',
  );
}

function actionOutcome(status: string, reason: string | undefined, verdictPassed: boolean): CaseOutcome {
  const message = reason ?? status;
  switch (status) {
    case 'completed':
      return { kind: 'passed' };
    case 'skipped':
      return { kind: 'skipped', type: status, message };
    case 'stopped':
    case 'cancelled':
      // An expected stop condition passes the experiment: its stopped actions did what was expected.
      return verdictPassed ? { kind: 'skipped', type: status, message } : { kind: 'failed', type: status, message };
    case 'failed':
      return { kind: 'failed', type: status, message };
    default:
      return { kind: 'failed', type: 'not-finished', message: `still ${status} when the experiment ended` };
  }
}

/** The JUnit XML text of a report. */
export function junitXml(report: ChaosReport): string {
  const id = report.experiment.id ?? 'experiment';
  const classname = `fis.${report.experiment.templateId ?? 'template'}`;
  const suites: TestSuite[] = [
    {
      name: `FIS experiment ${id}`,
      ...(report.experiment.startTime ? { timestamp: report.experiment.startTime.replace(/\.\d{3}Z$/, '') } : {}),
      ...(report.experiment.durationSeconds !== undefined ? { seconds: report.experiment.durationSeconds } : {}),
      properties: [
        ['experiment-id', id],
        ['template-id', report.experiment.templateId ?? ''],
        ['state', report.experiment.status],
        ['reason', report.experiment.reason ?? ''],
        ['verdict', report.verdict.outcome],
      ],
      cases: report.actions.map((a) => ({
        name: a.actionId ? `${a.name} (${a.actionId})` : a.name,
        classname,
        ...(a.durationSeconds !== undefined ? { seconds: a.durationSeconds } : {}),
        outcome: actionOutcome(a.status, a.reason, report.verdict.passed),
        ...(a.reason ? { output: a.reason } : {}),
      })),
    },
  ];
  if (report.probes.length > 0) {
    suites.push({
      name: `probes of ${id}`,
      cases: report.probes.map((p) => ({
        name: `${p.name} (${p.phase})`,
        classname: `probe.${p.kind}`,
        outcome: p.passed ? { kind: 'passed' } : { kind: 'failed', type: 'probe', message: p.detail },
        output: p.detail,
      })),
    });
  }
  if (report.preflight.length > 0) {
    suites.push({
      name: `pre-flight of ${id}`,
      cases: report.preflight.map((c) => ({
        name: c.check,
        classname: 'preflight',
        outcome:
          c.outcome === 'failed'
            ? { kind: 'failed', type: 'preflight', message: c.detail }
            : c.outcome === 'not-checked'
              ? { kind: 'skipped', type: 'not-checked', message: c.detail }
              : { kind: 'passed' },
        output: c.detail,
      })),
    });
  }
  const tests = suites.reduce((n, s) => n + s.cases.length, 0);
  const failures = suites.reduce((n, s) => n + s.cases.filter((c) => c.outcome.kind === 'failed').length, 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="chaos-experiment" tests="${tests}" failures="${failures}" errors="0" time="${time(report.experiment.durationSeconds)}">`,
    ...suites.map(suiteXml),
    '</testsuites>',
    '',
  ].join('\n');
}
