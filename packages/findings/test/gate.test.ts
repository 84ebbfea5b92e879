import { describe, expect, it } from '@jest/globals';
import {
  breachesOf,
  describeBreach,
  describeLimits,
  evaluateGate,
  isCalendarDate,
  isExpired,
  limitFor,
  type Acceptance,
  type GateContext,
  type GatePolicy,
  type Severity,
} from '../src/index.js';

/** The gate judges anything with a severity: here, probes of an experiment with an id, not scanner findings. */
interface Probe {
  id: string;
  severity: Severity;
}
interface Waiver extends Acceptance {
  probe: string;
}

const TODAY = '2026-03-15';
const probe = (id: string, severity: Severity): Probe => ({ id, severity });
const waiver = (probeId: string, until: string, owner?: string): Waiver => ({
  probe: probeId,
  until,
  reason: `accepted ${probeId}`,
  origin: `waivers line ${probeId}`,
  ...(owner ? { owner } : {}),
});

function gate(
  probes: Probe[],
  policy: Partial<GatePolicy> = {},
  context: Partial<GateContext<Probe, Waiver, string>> = {},
) {
  return evaluateGate(probes, {
    policy: { failOn: 'high', maxCounts: {}, failOnExpired: false, ...policy },
    acceptances: [],
    coverage: (w) => (p) => p.id === w.probe,
    suppression: (w) => `waived by ${w.origin}`,
    today: TODAY,
    ...context,
  });
}

describe('dates of acceptances', () => {
  it.each([
    ['2026-02-28', true],
    ['2024-02-29', true],
    ['2026-02-29', false],
    ['2026-02-30', false],
    ['2026-13-01', false],
    ['30/06/2026', false],
    ['2026-6-30', false],
    ['', false],
  ])('%j is a calendar date: %s', (text, expected) => {
    expect(isCalendarDate(text)).toBe(expected);
  });

  it('holds through its last day', () => {
    expect(isExpired('2026-03-15', TODAY)).toBe(false);
    expect(isExpired('2026-03-14', TODAY)).toBe(true);
    expect(isExpired('2027-01-01', TODAY)).toBe(false);
  });
});

describe('limits', () => {
  it('takes max-counts over fail-on, and no limit below fail-on', () => {
    const policy = { failOn: 'high', maxCounts: { high: 2, low: 10 } } as const;
    expect(limitFor(policy, 'critical')).toBe(0);
    expect(limitFor(policy, 'high')).toBe(2);
    expect(limitFor(policy, 'medium')).toBe(Number.POSITIVE_INFINITY);
    expect(limitFor(policy, 'low')).toBe(10);
    expect(limitFor({ failOn: 'none', maxCounts: {} }, 'critical')).toBe(Number.POSITIVE_INFINITY);
  });

  it('describes them', () => {
    expect(describeLimits({ failOn: 'high', maxCounts: { low: 10 } })).toBe(
      'new findings allowed: critical ≤ 0, high ≤ 0, low ≤ 10',
    );
    expect(describeLimits({ failOn: 'none', maxCounts: {} })).toBe('no severity fails the gate');
  });

  it('finds and explains the severities over their limit, most severe first', () => {
    const counts = { critical: 0, high: 3, medium: 0, low: 4, informational: 9 };
    const breaches = breachesOf(counts, { failOn: 'critical', maxCounts: { high: 2, low: 0 } });
    expect(breaches).toEqual([
      { severity: 'high', count: 3, limit: 2 },
      { severity: 'low', count: 4, limit: 0 },
    ]);
    expect(breaches.map(describeBreach)).toEqual([
      '3 new high finding(s), at most 2 allowed',
      '4 new low finding(s), none allowed',
    ]);
  });
});

describe('evaluateGate', () => {
  const critical = probe('latency', 'critical');
  const high = probe('errors', 'high');
  const medium = probe('saturation', 'medium');
  const low = probe('logs', 'low');

  it.each([
    ['critical', false, ['failing', 'reported', 'reported', 'reported']],
    ['high', false, ['failing', 'failing', 'reported', 'reported']],
    ['low', false, ['failing', 'failing', 'failing', 'failing']],
    ['none', true, ['reported', 'reported', 'reported', 'reported']],
  ] as const)('fail-on %s: passed=%s', (failOn, passed, dispositions) => {
    const result = gate([critical, high, medium, low], { failOn });
    expect(result.passed).toBe(passed);
    expect(result.findings.map((f) => f.disposition)).toEqual(dispositions);
    expect(result.reasons.length === 0).toBe(passed);
  });

  it('lets a max count override fail-on, and marks every new finding of a breached severity as failing', () => {
    const mediums = [probe('a', 'medium'), probe('b', 'medium'), probe('c', 'medium')];
    expect(gate(mediums, { failOn: 'low', maxCounts: { medium: 3 } }).passed).toBe(true);
    const over = gate(mediums, { failOn: 'none', maxCounts: { medium: 2 } });
    expect(over.passed).toBe(false);
    expect(over.breaches).toEqual([{ severity: 'medium', count: 3, limit: 2 }]);
    expect(over.findings.every((f) => f.disposition === 'failing')).toBe(true);
    expect(over.reasons).toEqual(['3 new medium finding(s), at most 2 allowed']);
  });

  it('hides findings below the report threshold but still counts them', () => {
    const result = gate([high, medium, low], { failOn: 'critical', reportThreshold: 'medium' });
    expect(result.findings.map((f) => f.disposition)).toEqual(['reported', 'reported', 'hidden']);
    expect(result.counts).toEqual({ critical: 0, high: 1, medium: 1, low: 1, informational: 0 });
  });

  it('counts baseline findings as active but not new, so no limit applies to them', () => {
    const result = gate([high, probe('errors-2', 'high')], {}, { isInBaseline: (p) => p.id === 'errors' });
    expect(result.findings.map((f) => [f.isNew, f.disposition])).toEqual([
      [false, 'reported'],
      [true, 'failing'],
    ]);
    expect(result.activeCounts.high).toBe(2);
    expect(result.newCounts.high).toBe(1);
  });

  it('suppresses with the first valid acceptance that covers a finding, and lists the unused ones', () => {
    const first = waiver('errors', '2026-12-31', 'team-sre');
    const second = waiver('errors', '2026-12-31');
    const unused = waiver('gone', '2026-12-31');
    const result = gate([critical, high], {}, { acceptances: [first, second, unused] });
    expect(result.findings[1]).toEqual({
      finding: high,
      isNew: false,
      suppression: 'waived by waivers line errors',
      disposition: 'suppressed',
    });
    expect(result.unused).toEqual([second, unused]);
    expect(result.counts).toEqual({ critical: 1, high: 1, medium: 0, low: 0, informational: 0 });
    expect(result.activeCounts).toEqual({ critical: 1, high: 0, medium: 0, low: 0, informational: 0 });
    expect(result.reasons).toEqual(['1 new critical finding(s), none allowed']);
  });

  it('holds an acceptance on its last day, and lets an expired one cover nothing', () => {
    expect(gate([high], {}, { acceptances: [waiver('errors', TODAY)] }).passed).toBe(true);
    const lapsed = waiver('errors', '2026-03-14', 'team-sre');
    const result = gate([high, high], {}, { acceptances: [lapsed] });
    expect(result.findings.map((f) => f.disposition)).toEqual(['failing', 'failing']);
    expect(result.expired).toEqual([{ acceptance: lapsed, covering: 2 }]);
    expect(result.unused).toEqual([]);
  });

  it('fails on an expired acceptance only when the policy says so, even with nothing else failing', () => {
    const lapsed = waiver('errors', '2026-01-31', 'team-sre');
    expect(gate([], {}, { acceptances: [lapsed] }).passed).toBe(true);
    const strict = gate([], { failOnExpired: true }, { acceptances: [lapsed] });
    expect(strict.passed).toBe(false);
    expect(strict.reasons).toEqual([
      'waivers line errors (owner team-sre) expired on 2026-01-31; it no longer accepts 0 finding(s).',
    ]);
    const worded = gate(
      [high],
      { failOn: 'none', failOnExpired: true },
      { acceptances: [lapsed], describeExpired: (e) => `${e.acceptance.probe}: renew (${e.covering})` },
    );
    expect(worded.reasons).toEqual(['errors: renew (1)']);
  });

  it("settles the caller's own suppression first: the acceptance covering the same finding stays unused", () => {
    const w = waiver('errors', '2026-12-31');
    const result = gate(
      [high],
      {},
      { acceptances: [w], suppressedBy: (p) => (p.id === 'errors' ? 'inline' : undefined) },
    );
    expect(result.findings[0]!.suppression).toBe('inline');
    expect(result.unused).toEqual([w]);
    expect(result.passed).toBe(true);
  });

  it("adds the caller's failing problems to the reasons, after breaches and expired acceptances", () => {
    const result = gate(
      [high],
      { failOnExpired: true },
      {
        acceptances: [waiver('old', '2020-01-01')],
        describeExpired: () => 'expired',
        problems: [
          { message: 'a warning only', fails: false },
          { message: 'an ignore without expiry', fails: true },
        ],
      },
    );
    expect(result.reasons).toEqual(['1 new high finding(s), none allowed', 'expired', 'an ignore without expiry']);
    expect(gate([], {}, { problems: [{ message: 'a warning only', fails: false }] }).passed).toBe(true);
  });
});
