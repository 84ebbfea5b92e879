/**
 * Pre-flight checks, as pure functions over what the action observed before starting the experiment: the
 * template's stop conditions (present, not only `none` unless allowed), the state of every stop-condition alarm
 * (exists, OK unless ALARM or INSUFFICIENT_DATA is allowed), and the resources each target resolved to (at least
 * one). Alarm states: https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricAlarm.html.
 */
import { ConfigurationError } from '@aws-delivery/action-kit';
import type { StopCondition, TemplateView } from './fis-shapes.js';
import { INPUT } from './input-names.js';

export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
export const NOT_OK_ALARM_STATES: readonly AlarmState[] = ['ALARM', 'INSUFFICIENT_DATA'];

export interface PreflightPolicy {
  /** Run a template whose only stop condition is `none`. */
  allowNoStopConditions: boolean;
  /** Alarm states other than OK that do not block the start. */
  allowedAlarmStates: readonly AlarmState[];
}

export interface PreflightObservations {
  template: TemplateView;
  /** State per stop-condition alarm ARN; an ARN absent from the map is an alarm DescribeAlarms did not find. */
  alarms: ReadonlyMap<string, AlarmState>;
  /** Resources resolved per target name (from a skip-all rehearsal or ListExperimentResolvedTargets); undefined: not checked. */
  resolvedTargets?: Readonly<Record<string, number>>;
}

export interface PreflightCheck {
  check: string;
  outcome: 'passed' | 'failed' | 'warning' | 'not-checked';
  detail: string;
}

const NO_STOP_CONDITION = ['none', 'aws:none'];

export function isAlarmStopCondition(condition: StopCondition): boolean {
  return condition.source === 'aws:cloudwatch:alarm' && typeof condition.value === 'string';
}

/** The alarm ARNs the action must read with DescribeAlarms before the start. */
export function stopConditionAlarms(template: TemplateView): string[] {
  return [...new Set((template.stopConditions ?? []).filter(isAlarmStopCondition).map((c) => c.value as string))];
}

/** The alarm name of an alarm ARN (`arn:…:alarm:NAME`), for DescribeAlarms' AlarmNames. */
export function alarmNameOf(arn: string): string {
  const resource = arn.split(':').slice(5).join(':');
  return resource.startsWith('alarm:') ? resource.slice('alarm:'.length) : resource;
}

/** `allow-alarm-states`: a list of ALARM and INSUFFICIENT_DATA (comma or newline separated), or empty. */
export function parseAllowedAlarmStates(value: string): AlarmState[] {
  const states = value
    .split(/[\n,]/)
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean);
  for (const state of states) {
    if (!(NOT_OK_ALARM_STATES as readonly string[]).includes(state)) {
      throw new ConfigurationError(
        `${INPUT.allowAlarmStates} "${state}" is not ALARM or INSUFFICIENT_DATA: list the alarm states that may ` +
          'start the experiment anyway (OK always may).',
        INPUT.allowAlarmStates,
      );
    }
  }
  return [...new Set(states)] as AlarmState[];
}

function stopConditionCheck(template: TemplateView, policy: PreflightPolicy): PreflightCheck {
  const conditions = template.stopConditions ?? [];
  const alarms = conditions.filter(isAlarmStopCondition);
  if (alarms.length > 0) {
    return {
      check: 'stop conditions',
      outcome: 'passed',
      detail: `${alarms.length} CloudWatch alarm(s) stop the experiment.`,
    };
  }
  const onlyNone = conditions.length > 0 && conditions.every((c) => NO_STOP_CONDITION.includes(c.source ?? ''));
  const what = onlyNone ? 'The template has only the stop condition none' : 'The template has no stop condition';
  if (policy.allowNoStopConditions) {
    return {
      check: 'stop conditions',
      outcome: 'warning',
      detail: `${what}: nothing stops it but its end (${INPUT.allowNoStopConditions} is true).`,
    };
  }
  return {
    check: 'stop conditions',
    outcome: 'failed',
    detail: `${what}: nothing would stop it if it harmed the service. Add a CloudWatch alarm stop condition, or set ${INPUT.allowNoStopConditions}: true.`,
  };
}

function alarmCheck(arn: string, state: AlarmState | undefined, policy: PreflightPolicy): PreflightCheck {
  const check = `alarm ${alarmNameOf(arn)}`;
  if (state === undefined) {
    return {
      check,
      outcome: 'failed',
      detail: `${arn} does not exist (DescribeAlarms did not return it): FIS would fail the experiment.`,
    };
  }
  if (state === 'OK') return { check, outcome: 'passed', detail: 'OK' };
  if (policy.allowedAlarmStates.includes(state)) {
    return { check, outcome: 'warning', detail: `${state}, allowed by ${INPUT.allowAlarmStates}.` };
  }
  return {
    check,
    outcome: 'failed',
    detail:
      `${state}: the service is not healthy before the experiment` +
      (state === 'ALARM' ? ', and FIS would stop it at once' : ', so the alarm could not tell harm apart') +
      `. Wait for OK, or list ${state} in ${INPUT.allowAlarmStates}.`,
  };
}

function targetChecks(
  resolved: Readonly<Record<string, number>> | undefined,
  template: TemplateView,
): PreflightCheck[] {
  const names = Object.keys(template.targets ?? {});
  if (names.length === 0) return [];
  if (resolved === undefined) {
    return [
      { check: 'targets', outcome: 'not-checked', detail: 'Targets are resolved by FIS when the experiment starts.' },
    ];
  }
  return names.map((name) => {
    const count = resolved[name] ?? 0;
    return count > 0
      ? { check: `target ${name}`, outcome: 'passed' as const, detail: `${count} resource(s)` }
      : {
          check: `target ${name}`,
          outcome: 'failed' as const,
          detail: 'resolves to no resource: the experiment would act on nothing.',
        };
  });
}

/** Every check, in the order they are shown. */
export function preflightChecks(observed: PreflightObservations, policy: PreflightPolicy): PreflightCheck[] {
  return [
    stopConditionCheck(observed.template, policy),
    ...stopConditionAlarms(observed.template).map((arn) => alarmCheck(arn, observed.alarms.get(arn), policy)),
    ...targetChecks(observed.resolvedTargets, observed.template),
  ];
}

/** The message that refuses the start, or undefined when every check passed (or only warned). */
export function preflightRefusal(checks: readonly PreflightCheck[]): string | undefined {
  const failed = checks.filter((c) => c.outcome === 'failed');
  if (failed.length === 0) return undefined;
  return `Pre-flight refused the experiment: ${failed.map((c) => `${c.check}: ${c.detail}`).join(' ')}`;
}
