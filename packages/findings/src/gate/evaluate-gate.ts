import { emptyCounts, type SeverityCounts } from '../counts.js';
import { atLeast, type Severity } from '../severity.js';
import { isExpired, type Acceptance } from './acceptance.js';
import { breachesOf, describeBreach, type Breach, type GatePolicy } from './thresholds.js';

/** What the gate judges: anything with a severity (a scanner finding, a failed probe of an experiment). */
export interface Gated {
  severity: Severity;
}

/** failing: new and over its severity's limit; reported: active at or above the report threshold; hidden: below it. */
export type Disposition = 'failing' | 'reported' | 'hidden' | 'suppressed';

export interface GatedFinding<F, S> {
  finding: F;
  /** Active and not in the baseline: what the limits count. */
  isNew: boolean;
  /** Why it does not count, when it does not. */
  suppression?: S;
  disposition: Disposition;
}

/** A problem of the policy itself (an acceptance without an expiry, say); it fails the gate when `fails`. */
export interface GateProblem {
  message: string;
  fails: boolean;
}

/** An acceptance past its date, and how many findings it would cover: it accepts none of them. */
export interface ExpiredAcceptance<A> {
  acceptance: A;
  covering: number;
}

export interface GateContext<F extends Gated, A extends Acceptance, S> {
  policy: GatePolicy;
  acceptances: readonly A[];
  /** The findings an acceptance covers; asked once per acceptance, so it may prepare (compile globs) once. */
  coverage: (acceptance: A) => (finding: F) => boolean;
  /** What a finding's suppression records when an acceptance covers it. */
  suppression: (acceptance: A) => S;
  /** A suppression settled before any acceptance is asked (an inline ignore comment, the scanner's own). */
  suppressedBy?: (finding: F) => S | undefined;
  /** A finding accepted in a baseline is active but not new: it counts, but no limit applies to it. */
  isInBaseline?: (finding: F) => boolean;
  /** Today, YYYY-MM-DD (UTC): an acceptance expiring today still holds. */
  today: string;
  /** The sentence for an expired acceptance that fails the gate. */
  describeExpired?: (expired: ExpiredAcceptance<A>) => string;
  /** The caller's own policy problems; those that fail add their message to the reasons. */
  problems?: readonly GateProblem[];
}

export interface GateEvaluation<F, A, S> {
  findings: GatedFinding<F, S>[];
  /** Every finding per severity, suppressed ones included. */
  counts: SeverityCounts;
  /** Findings not suppressed, per severity (baseline ones included). */
  activeCounts: SeverityCounts;
  /** Active findings not in the baseline, per severity. */
  newCounts: SeverityCounts;
  breaches: Breach[];
  /** Acceptances past their date, in the order given. */
  expired: ExpiredAcceptance<A>[];
  /** Acceptances still valid that covered no finding (worth removing), in the order given. */
  unused: A[];
  passed: boolean;
  /** Why the gate failed, one sentence each; empty when it passed. */
  reasons: string[];
}

function defaultExpiredSentence({ acceptance: a, covering }: ExpiredAcceptance<Acceptance>): string {
  return `${a.origin}${a.owner ? ` (owner ${a.owner})` : ''} expired on ${a.until}; it no longer accepts ${covering} finding(s).`;
}

/**
 * The gate's decision. Pure. A finding is suppressed by the caller's own rule or by the first valid acceptance
 * that covers it; an expired acceptance covers nothing. Suppressed findings never count; baseline findings count
 * but are not new; new findings over their severity's limit fail the gate, and mark every new finding of that
 * severity as failing.
 */
export function evaluateGate<F extends Gated, A extends Acceptance, S>(
  findings: readonly F[],
  context: GateContext<F, A, S>,
): GateEvaluation<F, A, S> {
  const { policy, today } = context;
  const valid: { acceptance: A; covers: (finding: F) => boolean }[] = [];
  const lapsed: typeof valid = [];
  for (const acceptance of context.acceptances) {
    (isExpired(acceptance.until, today) ? lapsed : valid).push({ acceptance, covers: context.coverage(acceptance) });
  }
  const used = new Set<A>();
  const accept = (finding: F): S | undefined => {
    const match = valid.find((v) => v.covers(finding));
    if (!match) return undefined;
    used.add(match.acceptance);
    return context.suppression(match.acceptance);
  };
  const counts = emptyCounts();
  const activeCounts = emptyCounts();
  const newCounts = emptyCounts();
  // One object per finding, made once; its disposition is settled when the counts are known.
  const gated: GatedFinding<F, S>[] = findings.map((finding) => {
    counts[finding.severity] += 1;
    const suppression = context.suppressedBy?.(finding) ?? accept(finding);
    const isNew = !suppression && !context.isInBaseline?.(finding);
    if (!suppression) activeCounts[finding.severity] += 1;
    if (isNew) newCounts[finding.severity] += 1;
    return { finding, isNew, ...(suppression ? { suppression } : {}), disposition: 'suppressed' };
  });
  const breaches = breachesOf(newCounts, policy);
  const breached = new Set(breaches.map((b) => b.severity));
  const reportThreshold = policy.reportThreshold ?? 'informational';
  for (const f of gated) {
    if (f.suppression) continue;
    f.disposition =
      f.isNew && breached.has(f.finding.severity)
        ? 'failing'
        : atLeast(f.finding.severity, reportThreshold)
          ? 'reported'
          : 'hidden';
  }
  const expired = lapsed.map(({ acceptance, covers }) => ({
    acceptance,
    covering: findings.reduce((n, finding) => (covers(finding) ? n + 1 : n), 0),
  }));
  const describeExpired = context.describeExpired ?? defaultExpiredSentence;
  const reasons = [
    ...breaches.map(describeBreach),
    ...(policy.failOnExpired ? expired.map(describeExpired) : []),
    ...(context.problems ?? []).filter((p) => p.fails).map((p) => p.message),
  ];
  return {
    findings: gated,
    counts,
    activeCounts,
    newCounts,
    breaches,
    expired,
    unused: valid.filter((v) => !used.has(v.acceptance)).map((v) => v.acceptance),
    passed: reasons.length === 0,
    reasons,
  };
}
