import { ConfigurationError } from '@aws-delivery/action-kit';
import {
  SEVERITIES,
  isCalendarDate,
  parseSeverity,
  type FailOn,
  type Severity,
  type SeverityLimits,
} from '@aws-delivery/findings';
import { parse as parseYaml } from 'yaml';
import type { PolicyException } from './gate-policy.js';

/** The policy file as written; every key optional (inputs and defaults fill the rest). */
export interface PolicyFile {
  failOn?: FailOn;
  reportThreshold?: Severity;
  maxCounts: SeverityLimits;
  baseline?: string;
  failOnExpired?: boolean;
  requireIgnoreExpiry?: boolean;
  exceptions: PolicyException[];
}

const TOP_KEYS = [
  'version',
  'fail-on',
  'report-threshold',
  'max-counts',
  'baseline',
  'fail-on-expired',
  'require-ignore-expiry',
  'exceptions',
];
const EXCEPTION_KEYS = ['rule', 'fingerprint', 'paths', 'resource', 'owner', 'reason', 'expires'];

function fail(file: string, where: string, problem: string, fix: string): never {
  throw new ConfigurationError(`Policy file ${file}: ${where} ${problem}. Fix: ${fix}`, 'policy-file');
}

function record(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function unknownKeys(file: string, where: string, value: Record<string, unknown>, allowed: string[]): void {
  const extra = Object.keys(value).filter((key) => !allowed.includes(key));
  if (extra.length)
    fail(file, where, `has unknown key(s) ${extra.map((k) => `"${k}"`).join(', ')}`, `use only ${allowed.join(', ')}.`);
}

function severityAt(file: string, where: string, value: unknown, allowNone: boolean): FailOn {
  if (allowNone && value === 'none') return 'none';
  const severity = typeof value === 'string' ? parseSeverity(value) : undefined;
  if (!severity || value === 'unknown') {
    const allowed = [...SEVERITIES, ...(allowNone ? ['none'] : [])].join(', ');
    fail(file, where, `is ${JSON.stringify(value)}`, `use one of ${allowed}.`);
  }
  return severity;
}

function booleanAt(file: string, where: string, value: unknown): boolean {
  if (typeof value !== 'boolean')
    fail(file, where, `is ${JSON.stringify(value)}, not true or false`, 'write true or false.');
  return value;
}

function text(file: string, where: string, value: unknown, fix: string): string {
  if (typeof value !== 'string' || value.trim() === '') fail(file, where, 'is missing or empty', fix);
  return value.trim();
}

function dateAt(file: string, where: string, value: unknown): string {
  const written = value instanceof Date ? value.toISOString().slice(0, 10) : value;
  if (typeof written !== 'string' || !isCalendarDate(written)) {
    fail(
      file,
      where,
      `is ${JSON.stringify(written ?? null)}, not a date`,
      'every exception needs expires: YYYY-MM-DD.',
    );
  }
  return written;
}

function exceptionAt(file: string, index: number, value: unknown): PolicyException {
  const where = `exceptions[${index}]`;
  if (!record(value)) fail(file, where, 'is not a mapping', 'write each exception as rule/owner/reason/expires keys.');
  unknownKeys(file, where, value, EXCEPTION_KEYS);
  if (value.rule === undefined && value.fingerprint === undefined) {
    fail(file, where, 'has neither "rule" nor "fingerprint"', 'name the rule (any id generation) or the fingerprint.');
  }
  const paths = value.paths ?? [];
  if (!Array.isArray(paths) || !paths.every((p) => typeof p === 'string')) {
    fail(file, `${where}.paths`, 'is not a list of path globs', 'write paths: ["modules/logs/**"].');
  }
  return {
    ...(value.rule !== undefined ? { rule: text(file, `${where}.rule`, value.rule, 'write the rule id.') } : {}),
    ...(value.fingerprint !== undefined
      ? { fingerprint: text(file, `${where}.fingerprint`, value.fingerprint, 'copy the fingerprint from the report.') }
      : {}),
    paths: paths as string[],
    ...(value.resource !== undefined
      ? { resource: text(file, `${where}.resource`, value.resource, 'write a resource address.') }
      : {}),
    owner: text(file, `${where}.owner`, value.owner, 'name the team or person who accepted the risk.'),
    reason: text(file, `${where}.reason`, value.reason, 'say why the finding is accepted.'),
    until: dateAt(file, `${where}.expires`, value.expires),
    origin: `${file} ${where}`,
  };
}

function maxCountsAt(file: string, value: unknown): SeverityLimits {
  if (value === undefined) return {};
  if (!record(value)) fail(file, 'max-counts', 'is not a mapping', 'write max-counts: { medium: 5, low: 20 }.');
  const counts: SeverityLimits = {};
  for (const [key, count] of Object.entries(value)) {
    const severity = severityAt(file, `max-counts key "${key}"`, key, false) as Severity;
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
      fail(file, `max-counts.${key}`, `is ${JSON.stringify(count)}`, 'write a whole number of 0 or more.');
    }
    counts[severity] = count;
  }
  return counts;
}

/** Reads and checks a policy file; every mistake is a ConfigurationError naming the file, the key and the fix. */
export function parsePolicyFile(content: string, file: string): PolicyFile {
  let data: unknown;
  try {
    data = parseYaml(content);
  } catch (error) {
    fail(
      file,
      'the file',
      `is not valid YAML (${(error as Error).message.split('\n')[0]})`,
      'correct the YAML syntax.',
    );
  }
  if (data === null || data === undefined) return { maxCounts: {}, exceptions: [] };
  if (!record(data)) fail(file, 'the file', 'is not a mapping', 'write the policy as key: value lines.');
  unknownKeys(file, 'the top level', data, TOP_KEYS);
  if (data.version !== undefined && data.version !== 1)
    fail(file, 'version', `is ${JSON.stringify(data.version)}`, 'write version: 1.');
  const exceptions = data.exceptions ?? [];
  if (!Array.isArray(exceptions)) fail(file, 'exceptions', 'is not a list', 'write exceptions as a list of mappings.');
  return {
    ...(data['fail-on'] !== undefined ? { failOn: severityAt(file, 'fail-on', data['fail-on'], true) } : {}),
    ...(data['report-threshold'] !== undefined
      ? { reportThreshold: severityAt(file, 'report-threshold', data['report-threshold'], false) as Severity }
      : {}),
    maxCounts: maxCountsAt(file, data['max-counts']),
    ...(data.baseline !== undefined ? { baseline: text(file, 'baseline', data.baseline, 'write a path.') } : {}),
    ...(data['fail-on-expired'] !== undefined
      ? { failOnExpired: booleanAt(file, 'fail-on-expired', data['fail-on-expired']) }
      : {}),
    ...(data['require-ignore-expiry'] !== undefined
      ? { requireIgnoreExpiry: booleanAt(file, 'require-ignore-expiry', data['require-ignore-expiry']) }
      : {}),
    exceptions: exceptions.map((entry, index) => exceptionAt(file, index, entry)),
  };
}
