/**
 * Probes: checks around the experiment that the workflow declares (YAML list in the probes input), each an HTTP
 * GET with an expected status or a CloudWatch alarm with an expected state, run before, during (every `every`)
 * and/or after the experiment. A failed probe during the experiment stops it. This module reads the
 * declarations and judges one observation; the runner makes the calls.
 */
import { ConfigurationError } from '@aws-delivery/action-kit';
import { checkArnPartition } from '@aws-delivery/aws/names';
import { INPUT } from './input-names.js';
import type { AlarmState } from './preflight.js';
import type { ProbePhase, ProbeResult } from './verdict.js';

export type ProbeSpec =
  | { kind: 'http'; name: string; phases: ProbePhase[]; everySeconds: number; url: string; expectStatus: number[] }
  | {
      kind: 'alarm';
      name: string;
      phases: ProbePhase[];
      everySeconds: number;
      alarmArn: string;
      expectState: AlarmState;
    };

const PHASES: readonly ProbePhase[] = ['before', 'during', 'after'];
const KEYS = ['name', 'http', 'expect-status', 'alarm', 'expect-state', 'phases', 'every'];

function fail(where: string, problem: string): never {
  throw new ConfigurationError(`${INPUT.probes}: ${where} ${problem}.`, INPUT.probes);
}

function phasesOf(where: string, value: unknown): ProbePhase[] {
  if (value === undefined) return [...PHASES];
  const list = Array.isArray(value) ? value : [value];
  for (const phase of list) {
    if (!PHASES.includes(phase as ProbePhase))
      fail(`${where}.phases`, `has ${JSON.stringify(phase)}, not before, during or after`);
  }
  return [...new Set(list as ProbePhase[])];
}

function everyOf(where: string, value: unknown): number {
  if (value === undefined) return 30;
  const seconds = typeof value === 'number' ? value : Number(/^(\d+)s?$/.exec(String(value))?.[1] ?? NaN);
  if (!Number.isInteger(seconds) || seconds < 5 || seconds > 3600)
    fail(`${where}.every`, 'is not 5 to 3600 seconds (such as 30s)');
  return seconds;
}

function statusesOf(where: string, value: unknown): number[] {
  const list = value === undefined ? [200] : Array.isArray(value) ? value : [value];
  const statuses = list.map(Number);
  if (statuses.length === 0 || !statuses.every((s) => Number.isInteger(s) && s >= 100 && s <= 599)) {
    fail(`${where}.expect-status`, 'is not an HTTP status or a list of them (such as 200 or [200, 204])');
  }
  return statuses;
}

/**
 * Reads the probes input (a YAML list); `region` is where alarm ARNs must be. The YAML parser is imported only for
 * a list to read: a step without probes (or failing on another input first) never loads it.
 */
export async function parseProbes(text: string, region: string): Promise<ProbeSpec[]> {
  if (!text.trim()) return [];
  const { parse: parseYaml } = await import('yaml');
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    fail('the input', `is not valid YAML: ${(error as Error).message}`);
  }
  if (!Array.isArray(document)) fail('the input', 'is not a YAML list of probes');
  const names = new Set<string>();
  return document.map((item: unknown, index): ProbeSpec => {
    const where = `probe ${index + 1}`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) fail(where, 'is not a map');
    const probe = item as Record<string, unknown>;
    const unknown = Object.keys(probe).filter((k) => !KEYS.includes(k));
    if (unknown.length) fail(where, `has unknown key(s) ${unknown.join(', ')} (use ${KEYS.join(', ')})`);
    const name = typeof probe.name === 'string' && probe.name.trim() ? probe.name.trim() : fail(where, 'has no name');
    if (names.has(name)) fail(where, `repeats the name "${name}"`);
    names.add(name);
    const common = { name, phases: phasesOf(where, probe.phases), everySeconds: everyOf(where, probe.every) };
    if ((probe.http === undefined) === (probe.alarm === undefined))
      fail(where, 'needs exactly one of http (a URL) or alarm (an alarm ARN)');
    if (probe.http !== undefined) {
      let url: URL;
      try {
        url = new URL(String(probe.http));
      } catch {
        return fail(`${where}.http`, `"${String(probe.http)}" is not a URL`);
      }
      if (url.protocol !== 'https:' && url.protocol !== 'http:') fail(`${where}.http`, 'is not an http or https URL');
      if (url.username || url.password) fail(`${where}.http`, 'carries credentials in the URL; probes take none');
      return { kind: 'http', ...common, url: url.toString(), expectStatus: statusesOf(where, probe['expect-status']) };
    }
    const arn = checkArnPartition(String(probe.alarm), region, `${INPUT.probes}: ${where}.alarm`);
    if (arn.service !== 'cloudwatch' || !arn.resource.startsWith('alarm:'))
      fail(`${where}.alarm`, 'is not a CloudWatch alarm ARN');
    const expectState = String(probe['expect-state'] ?? 'OK').toUpperCase();
    if (!['OK', 'ALARM', 'INSUFFICIENT_DATA'].includes(expectState))
      fail(`${where}.expect-state`, 'is not OK, ALARM or INSUFFICIENT_DATA');
    return { kind: 'alarm', ...common, alarmArn: String(probe.alarm), expectState: expectState as AlarmState };
  });
}

/** What one HTTP GET gave: a status, or the error that kept it from answering. */
export type HttpObservation = { status: number } | { error: string };

export function judgeHttpProbe(
  spec: Extract<ProbeSpec, { kind: 'http' }>,
  phase: ProbePhase,
  seen: HttpObservation,
  at: Date,
): ProbeResult {
  const expected = spec.expectStatus.join(' or ');
  if ('error' in seen) {
    return {
      name: spec.name,
      phase,
      kind: 'http',
      passed: false,
      detail: `GET failed: ${seen.error} (expected HTTP ${expected})`,
      at,
    };
  }
  const passed = spec.expectStatus.includes(seen.status);
  return {
    name: spec.name,
    phase,
    kind: 'http',
    passed,
    detail: passed ? `HTTP ${seen.status}` : `HTTP ${seen.status}, expected ${expected}`,
    at,
  };
}

/** `state` undefined: DescribeAlarms did not find the alarm. */
export function judgeAlarmProbe(
  spec: Extract<ProbeSpec, { kind: 'alarm' }>,
  phase: ProbePhase,
  state: AlarmState | undefined,
  at: Date,
): ProbeResult {
  if (state === undefined)
    return {
      name: spec.name,
      phase,
      kind: 'alarm',
      passed: false,
      detail: `alarm ${spec.alarmArn} does not exist`,
      at,
    };
  const passed = state === spec.expectState;
  return {
    name: spec.name,
    phase,
    kind: 'alarm',
    passed,
    detail: passed ? state : `${state}, expected ${spec.expectState}`,
    at,
  };
}

/** Probes due at `phase`; during the experiment, those whose `every` has passed since they last ran. */
export function probesDue(
  specs: readonly ProbeSpec[],
  phase: ProbePhase,
  lastRun: ReadonlyMap<string, Date> = new Map(),
  now: Date = new Date(),
): ProbeSpec[] {
  return specs.filter((spec) => {
    if (!spec.phases.includes(phase)) return false;
    if (phase !== 'during') return true;
    const last = lastRun.get(spec.name);
    return last === undefined || now.getTime() - last.getTime() >= spec.everySeconds * 1000;
  });
}
