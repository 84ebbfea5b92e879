import { evaluateGate, type FailOn, type Finding, type SeverityCounts } from '@aws-delivery/findings';
import type { AllowEntry } from './allow-list.js';

export type { FailOn } from '@aws-delivery/findings';

/** The scan gate's policy: a fail-on threshold and the allow-list, on the day of the run. */
export interface ScanPolicy {
  failOn: FailOn;
  allowList: readonly AllowEntry[];
  /** YYYY-MM-DD */
  today: string;
}

export interface GateVerdict {
  passed: boolean;
  /** Findings at or above the threshold that no valid entry allows. */
  failing: Finding[];
  allowed: { finding: Finding; entry: AllowEntry }[];
  /** Entries past their date: each one fails the gate until it is renewed or removed. */
  expired: AllowEntry[];
  /** Valid entries that matched no finding (worth removing). */
  unused: AllowEntry[];
  counts: SeverityCounts;
}

/** An entry covers the findings of its id: the rule id or one of its aliases, in any case. */
function coverage(entry: AllowEntry): (finding: Finding) => boolean {
  const id = entry.id.toLowerCase();
  return (finding) =>
    finding.ruleId.toLowerCase() === id || finding.ruleAliases.some((alias) => alias.toLowerCase() === id);
}

/**
 * The scan gate, on the shared gate model. Pure. A finding at or above `failOn` fails unless a valid allow-list
 * entry names it; an expired entry allows nothing and fails the gate by itself, so that an acceptance cannot
 * outlive its review date. There is no baseline: every finding is new.
 */
export function scanVerdict(findings: readonly Finding[], policy: ScanPolicy): GateVerdict {
  const gate = evaluateGate(findings, {
    policy: { failOn: policy.failOn, maxCounts: {}, failOnExpired: true },
    acceptances: policy.allowList,
    coverage,
    suppression: (entry) => entry,
    today: policy.today,
  });
  const failing: Finding[] = [];
  const allowed: GateVerdict['allowed'] = [];
  for (const f of gate.findings) {
    if (f.suppression) allowed.push({ finding: f.finding, entry: f.suppression });
    else if (f.disposition === 'failing') failing.push(f.finding);
  }
  return {
    passed: gate.passed,
    failing,
    allowed,
    expired: gate.expired.map((e) => e.acceptance),
    unused: gate.unused,
    counts: gate.counts,
  };
}
