import { atLeast, SEVERITIES, type Severity } from '../severity.js';

/** The lowest severity that fails the gate, or none. */
export type FailOn = Severity | 'none';

/** The most findings allowed at each severity that names one. */
export type SeverityLimits = Partial<Record<Severity, number>>;

/** What fails the gate. */
export interface GatePolicy {
  /** The lowest severity of which no new finding is allowed, unless `maxCounts` says otherwise. */
  failOn: FailOn;
  /** Most new findings allowed per severity; overrides fail-on for that severity. */
  maxCounts: SeverityLimits;
  /** The lowest severity that is reported; below it a finding is counted but hidden. Every finding when unset. */
  reportThreshold?: Severity;
  /** An expired acceptance fails the gate by itself (it never accepts anything, either way). */
  failOnExpired: boolean;
}

type Limits = Pick<GatePolicy, 'failOn' | 'maxCounts'>;

/** A severity with more new findings than its limit. */
export interface Breach {
  severity: Severity;
  count: number;
  limit: number;
}

/** The most new findings allowed at a severity: max-counts, else 0 at or above fail-on, else no limit. */
export function limitFor(policy: Limits, severity: Severity): number {
  const explicit = policy.maxCounts[severity];
  if (explicit !== undefined) return explicit;
  return policy.failOn !== 'none' && atLeast(severity, policy.failOn) ? 0 : Number.POSITIVE_INFINITY;
}

export function describeLimits(policy: Limits): string {
  const parts = SEVERITIES.map((s) => [s, limitFor(policy, s)] as const)
    .filter(([, limit]) => Number.isFinite(limit))
    .map(([s, limit]) => `${s} ≤ ${limit}`);
  return parts.length ? `new findings allowed: ${parts.join(', ')}` : 'no severity fails the gate';
}

/** The severities over their limit, most severe first. */
export function breachesOf(newCounts: Record<Severity, number>, policy: Limits): Breach[] {
  return SEVERITIES.map((severity) => ({
    severity,
    count: newCounts[severity],
    limit: limitFor(policy, severity),
  })).filter((b) => b.count > b.limit);
}

export function describeBreach(breach: Breach): string {
  const allowed = breach.limit === 0 ? 'none' : `at most ${breach.limit}`;
  return `${breach.count} new ${breach.severity} finding(s), ${allowed} allowed`;
}
