/**
 * Pre-flight checks over observed data. Stop-condition sources: https://docs.aws.amazon.com/fis/latest/APIReference/API_ExperimentTemplateStopCondition.html;
 * alarm states: https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricAlarm.html.
 */
import { describe, expect, it } from '@jest/globals';
import {
  alarmNameOf,
  parseAllowedAlarmStates,
  preflightChecks,
  preflightRefusal,
  stopConditionAlarms,
  type AlarmState,
  type PreflightPolicy,
} from '../src/core/preflight.js';
import type { TemplateView } from '../src/core/fis-shapes.js';

const ALARM_A = 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:web-5xx';
const ALARM_B = 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:latency:p99';
const STRICT: PreflightPolicy = { allowNoStopConditions: false, allowedAlarmStates: [] };

function template(stopConditions: TemplateView['stopConditions'], targets: string[] = ['web']): TemplateView {
  return {
    stopConditions,
    targets: Object.fromEntries(targets.map((t) => [t, { resourceType: 'aws:ec2:instance', selectionMode: 'ALL' }])),
  };
}

const alarms = (entries: [string, AlarmState][]) => new Map(entries);

describe('stopConditionAlarms / alarmNameOf', () => {
  it('lists each alarm ARN once and reads the alarm name (colons included)', () => {
    const t = template([
      { source: 'aws:cloudwatch:alarm', value: ALARM_A },
      { source: 'aws:cloudwatch:alarm', value: ALARM_B },
      { source: 'aws:cloudwatch:alarm', value: ALARM_A },
      { source: 'none' },
    ]);
    expect(stopConditionAlarms(t)).toEqual([ALARM_A, ALARM_B]);
    expect(alarmNameOf(ALARM_B)).toBe('latency:p99');
  });
});

describe('preflightChecks', () => {
  it('passes with alarms that exist and are OK, and targets that resolve', () => {
    const checks = preflightChecks(
      {
        template: template([{ source: 'aws:cloudwatch:alarm', value: ALARM_A }]),
        alarms: alarms([[ALARM_A, 'OK']]),
        resolvedTargets: { web: 2 },
      },
      STRICT,
    );
    expect(checks.map((c) => [c.check, c.outcome])).toEqual([
      ['stop conditions', 'passed'],
      ['alarm web-5xx', 'passed'],
      ['target web', 'passed'],
    ]);
    expect(preflightRefusal(checks)).toBeUndefined();
  });

  it('refuses a template with only none (or aws:none, or nothing) unless allowed', () => {
    for (const stop of [[{ source: 'none' }], [{ source: 'aws:none' }], []]) {
      const checks = preflightChecks({ template: template(stop), alarms: new Map() }, STRICT);
      expect(checks[0]).toMatchObject({ check: 'stop conditions', outcome: 'failed' });
      expect(preflightRefusal(checks)).toMatch(/allow-no-stop-conditions: true/);
      const allowed = preflightChecks(
        { template: template(stop), alarms: new Map() },
        { ...STRICT, allowNoStopConditions: true },
      );
      expect(allowed[0]?.outcome).toBe('warning');
      expect(preflightRefusal(allowed)).toBeUndefined();
    }
  });

  it('refuses an alarm that does not exist', () => {
    const checks = preflightChecks(
      { template: template([{ source: 'aws:cloudwatch:alarm', value: ALARM_A }]), alarms: new Map() },
      STRICT,
    );
    expect(checks[1]).toMatchObject({ check: 'alarm web-5xx', outcome: 'failed' });
    expect(checks[1]?.detail).toMatch(/does not exist/);
  });

  it.each<AlarmState>(['ALARM', 'INSUFFICIENT_DATA'])(
    'refuses an alarm in %s unless that state is allowed',
    (state) => {
      const observed = {
        template: template([{ source: 'aws:cloudwatch:alarm', value: ALARM_A }]),
        alarms: alarms([[ALARM_A, state]]),
      };
      const strict = preflightChecks(observed, STRICT);
      expect(strict[1]).toMatchObject({ outcome: 'failed' });
      expect(preflightRefusal(strict)).toMatch(new RegExp(`alarm web-5xx: ${state}.*allow-alarm-states`));
      const allowed = preflightChecks(observed, { ...STRICT, allowedAlarmStates: [state] });
      expect(allowed[1]).toMatchObject({ outcome: 'warning' });
    },
  );

  it('refuses a target that resolves to nothing; says when targets were not checked', () => {
    const stop = [{ source: 'aws:cloudwatch:alarm', value: ALARM_A }];
    const checks = preflightChecks(
      { template: template(stop, ['web', 'db']), alarms: alarms([[ALARM_A, 'OK']]), resolvedTargets: { web: 1 } },
      STRICT,
    );
    expect(checks.slice(2)).toEqual([
      { check: 'target web', outcome: 'passed', detail: '1 resource(s)' },
      {
        check: 'target db',
        outcome: 'failed',
        detail: 'resolves to no resource: the experiment would act on nothing.',
      },
    ]);
    const unchecked = preflightChecks({ template: template(stop), alarms: alarms([[ALARM_A, 'OK']]) }, STRICT);
    expect(unchecked[2]).toMatchObject({ check: 'targets', outcome: 'not-checked' });
  });
});

describe('parseAllowedAlarmStates', () => {
  it('reads ALARM and INSUFFICIENT_DATA in any case, refuses anything else', () => {
    expect(parseAllowedAlarmStates('')).toEqual([]);
    expect(parseAllowedAlarmStates('insufficient_data, ALARM\nALARM')).toEqual(['INSUFFICIENT_DATA', 'ALARM']);
    expect(() => parseAllowedAlarmStates('OK')).toThrow(/allow-alarm-states "OK" is not ALARM or INSUFFICIENT_DATA/);
  });
});
