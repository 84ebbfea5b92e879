/**
 * The report: JSON, JUnit XML (checked against Jenkins' junit-10.xsd, packages/testing/schemas/junit) and the job summary with a
 * Mermaid Gantt chart (https://mermaid.js.org/syntax/gantt.html).
 */
import { describe, expect, it } from '@jest/globals';
import { junitXsdErrors } from '@aws-delivery/testing';
import { toJUnit } from '@aws-delivery/findings';
import type { ExperimentView } from '../src/core/fis-shapes.js';
import { decideVerdict, type ProbeResult } from '../src/core/verdict.js';
import { buildReport, reportJson, type ChaosReport } from '../src/report/chaos-report.js';
import { junitXml, xmlEscape } from '../src/report/junit.js';
import { ganttChart, summaryMarkdown } from '../src/report/summary.js';

const T0 = Date.parse('2026-03-01T12:00:00Z');
const at = (s: number) => new Date(T0 + s * 1000);

function experiment(status: string, reason: string, actions: ExperimentView['actions']): ExperimentView {
  return {
    id: 'EXPabc',
    experimentTemplateId: 'EXTdef',
    state: { status, reason },
    creationTime: at(-5),
    startTime: at(0),
    endTime: at(400),
    actions,
  };
}

const PASSED = experiment('completed', 'Experiment completed.', {
  stop: {
    actionId: 'aws:ec2:stop-instances',
    state: { status: 'completed', reason: 'Action was completed.' },
    startTime: at(1),
    endTime: at(301),
  },
  wait: {
    actionId: 'aws:fis:wait',
    startAfter: ['stop'],
    state: { status: 'completed', reason: 'Action was completed.' },
    startTime: at(301),
    endTime: at(361),
  },
});

const FAILED = experiment('failed', 'Experiment failed: action <inject> "failed" & more', {
  inject: {
    actionId: 'aws:ssm:send-command',
    state: { status: 'failed', reason: 'Unable to start: target i-1 has no SSM agent & <no> "role".' },
    startTime: at(1),
    endTime: at(20),
  },
  after: { actionId: 'aws:fis:wait', state: { status: 'cancelled', reason: 'Action was cancelled.' } },
  skip: { actionId: 'aws:fis:wait', state: { status: 'skipped', reason: 'Action was skipped.' } },
});

const PROBES: ProbeResult[] = [
  { name: 'health', phase: 'before', kind: 'http', passed: true, detail: 'HTTP 200', at: at(-2) },
  {
    name: 'health: main #1',
    phase: 'during',
    kind: 'http',
    passed: false,
    detail: 'HTTP 503, expected 200',
    at: at(100),
  },
];

function report(view: ExperimentView, probes: ProbeResult[] = []): ChaosReport {
  const verdict = decideVerdict({ experiment: view, expectStopCondition: false, probes });
  return buildReport({
    experiment: view,
    verdict,
    probes,
    preflight: [
      { check: 'stop conditions', outcome: 'passed', detail: '1 CloudWatch alarm(s) stop the experiment.' },
      { check: 'targets', outcome: 'not-checked', detail: 'Targets are resolved by FIS when the experiment starts.' },
    ],
  });
}

describe('buildReport / reportJson', () => {
  it('holds the experiment, verdict, actions with times and durations, checks and probes', () => {
    const r = report(PASSED);
    expect(r.experiment).toEqual({
      id: 'EXPabc',
      templateId: 'EXTdef',
      status: 'completed',
      reason: 'Experiment completed.',
      startTime: '2026-03-01T12:00:00.000Z',
      endTime: '2026-03-01T12:06:40.000Z',
      durationSeconds: 400,
    });
    expect(r.verdict).toEqual({
      passed: true,
      outcome: 'passed',
      headline: 'Experiment EXPabc completed. FIS: Experiment completed.',
    });
    expect(r.actions[1]).toEqual({
      name: 'wait',
      actionId: 'aws:fis:wait',
      status: 'completed',
      reason: 'Action was completed.',
      startTime: '2026-03-01T12:05:01.000Z',
      endTime: '2026-03-01T12:06:01.000Z',
      durationSeconds: 60,
    });
    expect(JSON.parse(reportJson(r))).toEqual(r);
  });

  it('takes observed times for actions FIS gave none for', () => {
    const view = experiment('running', 'Experiment is running.', { a: { state: { status: 'running' } } });
    const verdict = decideVerdict({ experiment: view, expectStopCondition: false });
    const r = buildReport({ experiment: view, verdict, observedTimes: new Map([['a', { start: at(10) }]]) });
    expect(r.actions[0]).toEqual({ name: 'a', status: 'running', startTime: '2026-03-01T12:00:10.000Z' });
  });
});

describe('junitXml (Jenkins junit-10.xsd)', () => {
  it('writes one test case per action, with failure and skipped as the schema has them', async () => {
    const xml = junitXml(report(FAILED, PROBES));
    expect(await junitXsdErrors(xml)).toEqual([]);
    expect(xml).toContain('<testsuites name="chaos-experiment" tests="7" failures="3" errors="0" time="400.000">');
    expect(xml).toContain(
      '<testsuite name="FIS experiment EXPabc" tests="3" failures="2" errors="0" skipped="1" time="400.000" timestamp="2026-03-01T12:00:00">',
    );
    expect(xml).toContain(
      '<testcase name="inject (aws:ssm:send-command)" classname="fis.EXTdef" time="19.000">\n' +
        '      <failure type="failed" message="Unable to start: target i-1 has no SSM agent &amp; &lt;no&gt; &quot;role&quot;."/>',
    );
    expect(xml).toContain('<failure type="cancelled" message="Action was cancelled."/>');
    expect(xml).toContain('<skipped type="skipped" message="Action was skipped."/>');
    expect(xml).toContain(
      '<property name="reason" value="Experiment failed: action &lt;inject&gt; &quot;failed&quot; &amp; more"/>',
    );
    expect(xml).toContain('<testcase name="health: main #1 (during)" classname="probe.http" time="0.000">');
    expect(xml).toContain(
      '<testcase name="targets" classname="preflight" time="0.000">\n      <skipped type="not-checked"',
    );
  });

  it('passes completed actions, and skips stopped ones when the stop was expected', async () => {
    const passed = junitXml(report(PASSED));
    expect(await junitXsdErrors(passed)).toEqual([]);
    expect(passed).toContain(
      '<testcase name="stop (aws:ec2:stop-instances)" classname="fis.EXTdef" time="300.000">\n      <system-out>Action was completed.</system-out>',
    );
    const stopped = experiment('stopped', 'Stopped by stop condition.', {
      a: { state: { status: 'stopped', reason: 'Action was stopped.' } },
    });
    const verdict = decideVerdict({ experiment: stopped, expectStopCondition: true });
    const xml = junitXml(buildReport({ experiment: stopped, verdict }));
    expect(xml).toContain('<skipped type="stopped" message="Action was stopped."/>');
    expect(await junitXsdErrors(xml)).toEqual([]);
  });

  it('strips characters XML 1.0 cannot hold', () => {
    expect(xmlEscape('a\u0000b\u001bc\td')).toBe('abc\td');
  });

  it('catches what the schema refuses (the checker is not a rubber stamp)', async () => {
    const misplaced = '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites><testcase name="x"/></testsuites>';
    expect((await junitXsdErrors(misplaced)).join('\n')).toContain('testcase');
    const badTime = '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites time="1.5s"></testsuites>';
    expect((await junitXsdErrors(badTime)).join('\n')).toContain('time');
    // @aws-delivery/findings' writer fits the same schema.
    expect(await junitXsdErrors(toJUnit('x', []))).toEqual([]);
  });
});

describe('summaryMarkdown / ganttChart', () => {
  it('draws a Gantt chart of the actions, coloured by state, and the probes as milestones', () => {
    const chart = ganttChart(report(FAILED, PROBES), at(500));
    expect(chart).toBe(
      [
        'gantt',
        '    title FIS experiment EXPabc',
        '    dateFormat YYYY-MM-DD HH:mm:ss',
        '    axisFormat %H:%M:%S',
        '    section Actions',
        '    inject failed :crit, a0, 2026-03-01 12:00:01, 19s',
        '    section Probes',
        '    health before passed :milestone, p0, 2026-03-01 11:59:58, 0s',
        '    health main 1 during failed :milestone, crit, p1, 2026-03-01 12:01:40, 0s',
      ].join('\n'),
    );
  });

  it('gives a still-running action a bar up to now, at least a second long', () => {
    const view = experiment('running', 'Experiment is running.', {
      a: { state: { status: 'running' }, startTime: at(10) },
    });
    const r = buildReport({
      experiment: view,
      verdict: decideVerdict({ experiment: view, expectStopCondition: false }),
    });
    expect(ganttChart(r, at(10))).toContain('a running :active, a0, 2026-03-01 12:00:10, 1s');
    expect(ganttChart(r, at(75))).toContain('a running :active, a0, 2026-03-01 12:00:10, 65s');
    expect(ganttChart({ ...r, actions: [{ name: 'x', status: 'pending' }] })).toBeUndefined();
  });

  it('shows the verdict, the experiment, the timeline and the tables', () => {
    const markdown = summaryMarkdown(report(FAILED, PROBES), at(500));
    expect(markdown).toMatch(/^## Chaos experiment EXPabc: failed\n/);
    expect(markdown).toContain('❌ Experiment EXPabc failed: action(s) failed: inject');
    expect(markdown).toContain(
      '| EXPabc | EXTdef | failed | Experiment failed: action <inject> "failed" & more | 6 min 40 s |',
    );
    expect(markdown).toContain('```mermaid\ngantt\n');
    expect(markdown).toContain('| inject | aws:ssm:send-command | failed | 2026-03-01T12:00:01.000Z | 19 s |');
    expect(markdown).toContain('| health: main #1 | http | during | failed |');
    expect(markdown).toContain('<details><summary>Pre-flight checks (0 failed)</summary>');
    expect(summaryMarkdown(report(PASSED))).toMatch(
      /^## Chaos experiment EXPabc: passed\n\n✅ Experiment EXPabc completed\./,
    );
  });
});
