import { atLeast, countBySeverity, type Finding, type Severity, type SeverityCounts } from '@aws-delivery/findings';
import { isExpired, type AllowEntry } from './allow-list.js';

export type FailOn = Severity | 'none';

export interface GatePolicy {
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

function matches(entry: AllowEntry, finding: Finding): boolean {
  const id = entry.id.toLowerCase();
  return finding.ruleId.toLowerCase() === id || finding.ruleAliases.some((alias) => alias.toLowerCase() === id);
}

/**
 * The scan gate. Pure. A finding at or above `failOn` fails unless a valid allow-list entry names it; an expired
 * entry allows nothing and fails the gate by itself, so that an acceptance cannot outlive its review date.
 */
export function evaluateGate(findings: readonly Finding[], policy: GatePolicy): GateVerdict {
  const valid = policy.allowList.filter((entry) => !isExpired(entry, policy.today));
  const expired = policy.allowList.filter((entry) => isExpired(entry, policy.today));
  const used = new Set<AllowEntry>();
  const failing: Finding[] = [];
  const allowed: GateVerdict['allowed'] = [];
  for (const finding of findings) {
    const entry = valid.find((candidate) => matches(candidate, finding));
    if (entry) {
      used.add(entry);
      allowed.push({ finding, entry });
      continue;
    }
    if (policy.failOn !== 'none' && atLeast(finding.severity, policy.failOn)) failing.push(finding);
  }
  return {
    passed: failing.length === 0 && expired.length === 0,
    failing,
    allowed,
    expired,
    unused: valid.filter((entry) => !used.has(entry)),
    counts: countBySeverity(findings),
  };
}
