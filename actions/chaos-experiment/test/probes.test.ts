/** Probes: HTTP GET with an expected status, or a CloudWatch alarm state (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricAlarm.html). */
import { describe, expect, it } from '@jest/globals';
import { judgeAlarmProbe, judgeHttpProbe, parseProbes, probesDue, type ProbeSpec } from '../src/core/probes.js';

const ALARM = 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:web-5xx';
const T = new Date('2026-03-01T12:00:00Z');

describe('parseProbes', () => {
  it('reads HTTP and alarm probes with their defaults', async () => {
    const probes = await parseProbes(
      `
- name: health
  http: https://shop.example.com/health
- name: checkout
  http: https://shop.example.com/checkout
  expect-status: [200, 302]
  phases: during
  every: 10s
- name: errors
  alarm: ${ALARM}
  phases: [before, after]
`,
      'eu-west-1',
    );
    expect(probes).toEqual([
      {
        kind: 'http',
        name: 'health',
        phases: ['before', 'during', 'after'],
        everySeconds: 30,
        url: 'https://shop.example.com/health',
        expectStatus: [200],
      },
      {
        kind: 'http',
        name: 'checkout',
        phases: ['during'],
        everySeconds: 10,
        url: 'https://shop.example.com/checkout',
        expectStatus: [200, 302],
      },
      {
        kind: 'alarm',
        name: 'errors',
        phases: ['before', 'after'],
        everySeconds: 30,
        alarmArn: ALARM,
        expectState: 'OK',
      },
    ]);
    expect(await parseProbes('  ', 'eu-west-1')).toEqual([]);
  });

  it.each([
    ['not a list', 'name: x', /is not a YAML list/],
    ['no name', '- http: https://a.example', /probe 1 has no name/],
    ['both http and alarm', `- name: x\n  http: https://a.example\n  alarm: ${ALARM}`, /exactly one of http/],
    ['a URL with credentials', '- name: x\n  http: https://user:pw@a.example', /carries credentials/],
    ['a file URL', '- name: x\n  http: file:///etc/passwd', /not an http or https URL/],
    [
      'a bad status',
      '- name: x\n  http: https://a.example\n  expect-status: ok',
      /expect-status is not an HTTP status/,
    ],
    [
      'a bad phase',
      '- name: x\n  http: https://a.example\n  phases: [while]',
      /has "while", not before, during or after/,
    ],
    ['too frequent', '- name: x\n  http: https://a.example\n  every: 1s', /every is not 5 to 3600 seconds/],
    [
      'a repeated name',
      '- name: x\n  http: https://a.example\n- name: x\n  http: https://b.example',
      /repeats the name "x"/,
    ],
    ['an unknown key', '- name: x\n  http: https://a.example\n  method: POST', /unknown key\(s\) method/],
    [
      'an alarm of another partition',
      '- name: x\n  alarm: arn:aws-cn:cloudwatch:cn-north-1:123456789012:alarm:a',
      /is in partition aws-cn/,
    ],
  ])('refuses %s', async (_what, text, message) => {
    await expect(parseProbes(text, 'eu-west-1')).rejects.toThrow(message);
  });
});

const http = (
  await parseProbes('- name: health\n  http: https://a.example/health\n  expect-status: [200, 204]', 'eu-west-1')
)[0] as Extract<ProbeSpec, { kind: 'http' }>;
const alarm = (await parseProbes(`- name: errors\n  alarm: ${ALARM}`, 'eu-west-1'))[0] as Extract<
  ProbeSpec,
  { kind: 'alarm' }
>;

describe('judging probes', () => {
  it('passes an expected HTTP status and fails another status or no answer', () => {
    expect(judgeHttpProbe(http, 'during', { status: 204 }, T)).toEqual({
      name: 'health',
      phase: 'during',
      kind: 'http',
      passed: true,
      detail: 'HTTP 204',
      at: T,
    });
    expect(judgeHttpProbe(http, 'during', { status: 503 }, T)).toMatchObject({
      passed: false,
      detail: 'HTTP 503, expected 200 or 204',
    });
    expect(judgeHttpProbe(http, 'after', { error: 'connect ECONNREFUSED' }, T)).toMatchObject({
      passed: false,
      detail: 'GET failed: connect ECONNREFUSED (expected HTTP 200 or 204)',
    });
  });

  it('passes the expected alarm state and fails another or a missing alarm', () => {
    expect(judgeAlarmProbe(alarm, 'before', 'OK', T)).toMatchObject({ passed: true, detail: 'OK' });
    expect(judgeAlarmProbe(alarm, 'during', 'ALARM', T)).toMatchObject({ passed: false, detail: 'ALARM, expected OK' });
    expect(judgeAlarmProbe(alarm, 'during', undefined, T)).toMatchObject({
      passed: false,
      detail: `alarm ${ALARM} does not exist`,
    });
  });

  it('says which probes are due in each phase, and during it by their interval', async () => {
    const specs = await parseProbes(
      '- name: a\n  http: https://a.example\n  every: 10\n- name: b\n  http: https://b.example\n  phases: [after]',
      'eu-west-1',
    );
    expect(probesDue(specs, 'before').map((s) => s.name)).toEqual(['a']);
    expect(probesDue(specs, 'after').map((s) => s.name)).toEqual(['a', 'b']);
    expect(probesDue(specs, 'during', new Map(), T).map((s) => s.name)).toEqual(['a']);
    const last = new Map([['a', T]]);
    expect(probesDue(specs, 'during', last, new Date(T.getTime() + 9_000))).toEqual([]);
    expect(probesDue(specs, 'during', last, new Date(T.getTime() + 10_000)).map((s) => s.name)).toEqual(['a']);
  });
});
