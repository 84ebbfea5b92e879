import { describe, it, expect } from '@jest/globals';
import { ConfigurationError } from '@aws-delivery/action-kit';
import { describeLimits, limitFor, type Finding } from '@aws-delivery/findings';
import { evaluate, type EvaluationContext } from '../src/policy/evaluate.js';
import { findInlineIgnores } from '../src/policy/inline-ignores.js';
import { mergePolicy } from '../src/policy/merge-policy.js';
import { parsePolicyFile } from '../src/policy/policy-file.js';
import { globToRegExp } from '../src/policy/glob.js';
import type { PolicyException, TfsecGatePolicy } from '../src/policy/gate-policy.js';
import { finding, policy } from './policy-helpers.js';

const TODAY = '2026-03-15';

function run(findings: Finding[], overrides: Partial<TfsecGatePolicy> = {}, context: Partial<EvaluationContext> = {}) {
  return evaluate(findings, {
    policy: policy(overrides),
    ignores: [],
    isInBaseline: () => false,
    today: TODAY,
    ...context,
  });
}

function exception(overrides: Partial<PolicyException> = {}): PolicyException {
  return {
    rule: 'AWS-0089',
    paths: [],
    owner: 'team-storage',
    reason: 'log bucket',
    until: '2026-12-31',
    origin: 'p.yml exceptions[0]',
    ...overrides,
  };
}

describe('thresholds: fail-on is separate from what is reported', () => {
  const high = finding('AWS-0086', 'high');
  const medium = finding('AWS-0090', 'medium');
  const low = finding('AWS-0089', 'low');

  it.each([
    ['critical', true, ['reported', 'reported', 'reported']],
    ['high', false, ['failing', 'reported', 'reported']],
    ['medium', false, ['failing', 'failing', 'reported']],
    ['low', false, ['failing', 'failing', 'failing']],
    ['none', true, ['reported', 'reported', 'reported']],
  ] as const)('fail-on %s: passed=%s', (failOn, passed, dispositions) => {
    const result = run([high, medium, low], { failOn });
    expect(result.passed).toBe(passed);
    expect(result.findings.map((f) => f.disposition)).toEqual(dispositions);
  });

  it('hides findings below report-threshold but still counts them', () => {
    const result = run([high, medium, low], { failOn: 'critical', reportThreshold: 'medium' });
    expect(result.findings.map((f) => f.disposition)).toEqual(['reported', 'reported', 'hidden']);
    expect(result.counts).toEqual({ critical: 0, high: 1, medium: 1, low: 1, informational: 0 });
  });

  it('explains a failure with the count and the limit', () => {
    expect(run([high, finding('AWS-0087', 'high')]).reasons).toEqual(['2 new high finding(s), none allowed']);
  });
});

describe('max counts per severity', () => {
  const mediums = [
    finding('AWS-0090', 'medium', 'a.tf'),
    finding('AWS-0090', 'medium', 'b.tf'),
    finding('AWS-0090', 'medium', 'c.tf'),
  ];

  it.each([
    [{ medium: 3 }, 'high', true],
    [{ medium: 2 }, 'high', false],
    [{ medium: 5 }, 'low', true], // an explicit limit overrides fail-on for that severity
    [{}, 'medium', false],
  ] as const)('max %j with fail-on %s: passed=%s', (maxCounts, failOn, passed) => {
    const result = run(mediums, { maxCounts, failOn });
    expect(result.passed).toBe(passed);
    if (!passed) expect(result.breaches[0]).toMatchObject({ severity: 'medium', count: 3 });
  });

  it('marks every new finding of a breached severity as failing', () => {
    const result = run(mediums, { maxCounts: { medium: 2 } });
    expect(result.findings.every((f) => f.disposition === 'failing')).toBe(true);
    expect(result.reasons).toEqual(['3 new medium finding(s), at most 2 allowed']);
  });

  it('describes the limits', () => {
    expect(describeLimits(policy({ failOn: 'high', maxCounts: { low: 10 } }))).toBe(
      'new findings allowed: critical ≤ 0, high ≤ 0, low ≤ 10',
    );
    expect(limitFor(policy({ failOn: 'none' }), 'critical')).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('baseline: only new findings fail', () => {
  const old = finding('AWS-0086', 'high', 'main.tf', 10, 'aws_s3_bucket.old');
  const fresh = finding('AWS-0086', 'high', 'main.tf', 30, 'aws_s3_bucket.new');

  it('passes with only baseline findings, still reporting and counting them', () => {
    const result = run([old], {}, { isInBaseline: (f) => f.fingerprint === old.fingerprint });
    expect(result.passed).toBe(true);
    expect(result.findings[0]).toMatchObject({ isNew: false, disposition: 'reported' });
    expect(result.counts.high).toBe(1);
    expect(result.newCounts.high).toBe(0);
  });

  it('fails on a new finding next to baseline ones', () => {
    const result = run([old, fresh], {}, { isInBaseline: (f) => f.fingerprint === old.fingerprint });
    expect(result.passed).toBe(false);
    expect(result.findings.map((f) => f.disposition)).toEqual(['reported', 'failing']);
  });

  it('still recognises a baseline finding after lines were inserted above it', () => {
    const moved = finding('AWS-0086', 'high', 'main.tf', 55, 'aws_s3_bucket.old');
    const result = run([moved], {}, { isInBaseline: (f) => f.fingerprint === old.fingerprint });
    expect(result.passed).toBe(true);
  });
});

describe('exceptions', () => {
  const logging = finding('AWS-0089', 'high', 'modules/logs/main.tf', 3, 'aws_s3_bucket.logs');

  it.each([
    ['rule in the current id', { rule: 'AWS-0089' }, true],
    ['rule in the legacy id', { rule: 'AWS002' }, true],
    ['rule in the long id', { rule: 'aws-s3-enable-bucket-logging' }, true],
    ['rule in the AVD id', { rule: 'AVD-AWS-0089' }, true],
    ['another rule', { rule: 'AWS-0088' }, false],
    ['path glob that matches', { paths: ['modules/**'] }, true],
    ['path glob that does not', { paths: ['envs/**'] }, false],
    ['the resource', { resource: 'aws_s3_bucket.logs' }, true],
    ['another resource', { resource: 'aws_s3_bucket.data' }, false],
    ['the fingerprint', { rule: undefined, fingerprint: logging.fingerprint }, true],
    ['expiring today', { until: TODAY }, true],
    ['expired yesterday', { until: '2026-03-14' }, false],
  ] as const)('%s: suppressed=%s', (_name, overrides, suppressed) => {
    const result = run(
      [logging],
      {},
      { policy: policy({ exceptions: [exception(overrides as Partial<PolicyException>)] }) },
    );
    expect(result.findings[0]!.disposition === 'suppressed').toBe(suppressed);
    expect(result.passed).toBe(suppressed);
  });

  it('says who accepted the risk, why and until when', () => {
    const result = run([logging], {}, { policy: policy({ exceptions: [exception()] }) });
    expect(result.findings[0]!.suppression).toEqual({
      kind: 'exception',
      reason: 'log bucket',
      owner: 'team-storage',
      expires: '2026-12-31',
      origin: 'p.yml exceptions[0]',
    });
  });

  it('reports an expired exception, and fails on it only when policy says so', () => {
    const expired = exception({ rule: 'AWS-0001', until: '2025-01-01' });
    const lenient = run([], {}, { policy: policy({ exceptions: [expired] }) });
    expect(lenient.passed).toBe(true);
    expect(lenient.problems).toEqual([expect.objectContaining({ kind: 'expired-exception', fails: false })]);
    expect(lenient.problems[0]!.message).toContain('expired on 2025-01-01');
    const strict = run([], {}, { policy: policy({ exceptions: [expired], failOnExpired: true }) });
    expect(strict.passed).toBe(false);
    expect(strict.reasons[0]).toContain('p.yml exceptions[0]');
  });

  it('reports an exception that matches nothing, without failing', () => {
    const result = run([], {}, { policy: policy({ exceptions: [exception()], failOnExpired: true }) });
    expect(result.problems.map((p) => [p.kind, p.fails])).toEqual([['unused-exception', false]]);
    expect(result.passed).toBe(true);
  });
});

describe('inline ignores', () => {
  const source = [
    'resource "aws_s3_bucket" "logs" { #tfsec:ignore:aws-s3-enable-bucket-logging:exp:2026-12-31',
    '  bucket = "x"',
    '}',
    '',
    '# trivy:ignore:AVD-AWS-0086',
    '# some words',
    'resource "aws_s3_bucket" "data" {',
    '  acl = "private" // tfsec:ignore:AWS-0090:exp:2025-01-01 tfsec:ignore:AWS-0091:ws:prod',
    '}',
    '/* tfsec:ignore:*:exp:2026-02-30 */',
    'module "net" {}',
  ].join('\n');
  const ignores = findInlineIgnores('main.tf', source);

  it('parses every comment form, expiry and workspace', () => {
    expect(
      ignores.map((i) => [
        i.scanner,
        i.rule,
        i.line,
        i.appliesToLine,
        i.expires,
        i.expiryValid,
        i.workspace,
        i.blockAddress,
      ]),
    ).toEqual([
      ['tfsec', 'aws-s3-enable-bucket-logging', 1, 1, '2026-12-31', true, undefined, 'aws_s3_bucket.logs'],
      ['trivy', 'AVD-AWS-0086', 5, 7, undefined, false, undefined, 'aws_s3_bucket.data'],
      ['tfsec', 'AWS-0090', 8, 8, '2025-01-01', true, undefined, undefined],
      ['tfsec', 'AWS-0091', 8, 8, undefined, false, 'prod', undefined],
      ['tfsec', '*', 10, 11, '2026-02-30', false, undefined, 'module.net'],
    ]);
  });

  const ctx = { ignores };
  it.each([
    [
      'a tfsec comment on the block line, for Trivy output of the same check',
      true,
      finding('AWS-0089', 'high', 'main.tf', 1, 'aws_s3_bucket.logs'),
    ],
    [
      'a trivy comment above a block, for an attribute of that block',
      true,
      finding('AWS-0086', 'high', 'main.tf', 8, 'aws_s3_bucket.data'),
    ],
    ['the same comment, for another rule', false, finding('AWS-0087', 'high', 'main.tf', 7, 'aws_s3_bucket.data')],
    ['an expired ignore', false, finding('AWS-0090', 'high', 'main.tf', 8, 'aws_s3_bucket.data')],
    ['an ignore for another workspace', false, finding('AWS-0091', 'high', 'main.tf', 8, 'aws_s3_bucket.data')],
    [
      'a wildcard ignore whose expiry is not a date',
      false,
      finding('AWS-0088', 'high', 'main.tf', 11, 'module.net.aws_s3_bucket.x'),
    ],
    ['an ignore in another file', false, finding('AWS-0089', 'high', 'other.tf', 1, 'aws_s3_bucket.logs')],
  ])('%s: suppressed=%s', (_name, suppressed, f) => {
    const result = run([f], {}, ctx);
    expect(result.findings[0]!.disposition === 'suppressed').toBe(suppressed);
  });

  it('applies a :ws: ignore in its workspace', () => {
    const result = run([finding('AWS-0091', 'high', 'main.tf', 8)], { workspace: 'prod' }, ctx);
    expect(result.findings[0]!.suppression).toMatchObject({ kind: 'inline-ignore', origin: 'main.tf:8' });
  });

  it('reports ignores without expiry and expired ones, failing only when policy says so', () => {
    const lenient = run([], {}, ctx);
    expect(lenient.passed).toBe(true);
    expect(lenient.problems.map((p) => [p.kind, p.line])).toEqual([
      ['ignore-without-expiry', 5],
      ['expired-ignore', 8],
      ['ignore-without-expiry', 8],
      ['ignore-without-expiry', 10],
    ]);
    expect(lenient.problems[3]!.message).toContain('2026-02-30, which is not a date');
    expect(run([], { requireIgnoreExpiry: true }, ctx).reasons).toHaveLength(3);
    expect(run([], { failOnExpired: true }, ctx).reasons).toHaveLength(1);
  });

  it('keeps a finding the scanner itself ignored as suppressed', () => {
    const ignored = finding('AWS-0086', 'critical', 'x.tf', 1, 'aws_s3_bucket.z', { ignoredByScanner: true });
    const result = run([ignored]);
    expect(result.passed).toBe(true);
    expect(result.findings[0]!.suppression).toMatchObject({
      kind: 'scanner-ignore',
      reason: 'ignored by tfsec (inline comment)',
    });
  });
});

describe('policy file', () => {
  const good = `
version: 1
fail-on: HIGH
report-threshold: medium
max-counts: { medium: 5, low: 0 }
baseline: .tfsec-gate/baseline.json
fail-on-expired: true
require-ignore-expiry: true
exceptions:
  - rule: AWS002
    paths: ["modules/logs/**"]
    resource: aws_s3_bucket.logs
    owner: team-storage
    reason: An access-log bucket cannot log to itself
    expires: 2026-06-30
`;

  it('reads every key', () => {
    expect(parsePolicyFile(good, '.tfsec-gate.yml')).toEqual({
      failOn: 'high',
      reportThreshold: 'medium',
      maxCounts: { medium: 5, low: 0 },
      baseline: '.tfsec-gate/baseline.json',
      failOnExpired: true,
      requireIgnoreExpiry: true,
      exceptions: [
        {
          rule: 'AWS002',
          paths: ['modules/logs/**'],
          resource: 'aws_s3_bucket.logs',
          owner: 'team-storage',
          reason: 'An access-log bucket cannot log to itself',
          until: '2026-06-30',
          origin: '.tfsec-gate.yml exceptions[0]',
        },
      ],
    });
  });

  it('reads an empty file as no policy', () => {
    expect(parsePolicyFile('', 'p.yml')).toEqual({ maxCounts: {}, exceptions: [] });
  });

  it.each([
    ['fail-on: severe', 'fail-on is "severe"'],
    ['failon: high', 'unknown key(s) "failon"'],
    ['max-counts: { medium: -1 }', 'max-counts.medium is -1'],
    ['max-counts: { urgent: 1 }', 'max-counts key "urgent"'],
    ['fail-on-expired: yes', 'fail-on-expired is "yes"'],
    ['exceptions:\n  - rule: AWS002\n    owner: a\n    reason: b', 'exceptions[0].expires is null, not a date'],
    [
      'exceptions:\n  - rule: AWS002\n    owner: a\n    reason: b\n    expires: 2026-02-30',
      'is "2026-02-30", not a date',
    ],
    ['exceptions:\n  - rule: AWS002\n    reason: b\n    expires: 2026-01-01', 'exceptions[0].owner is missing'],
    ['exceptions:\n  - rule: AWS002\n    owner: a\n    expires: 2026-01-01', 'exceptions[0].reason is missing'],
    ['exceptions:\n  - owner: a\n    reason: b\n    expires: 2026-01-01', 'neither "rule" nor "fingerprint"'],
    [
      'exceptions:\n  - rule: x\n    owner: a\n    reason: b\n    expires: 2026-01-01\n    expiry: 2027-01-01',
      'unknown key(s) "expiry"',
    ],
    ['fail-on: [', 'not valid YAML'],
    ['- a', 'is not a mapping'],
  ])('refuses %j naming the file and the key', (content, problem) => {
    const error = (() => {
      try {
        parsePolicyFile(content, '.tfsec-gate.yml');
      } catch (e) {
        return e as Error;
      }
      throw new Error('accepted');
    })();
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toContain('.tfsec-gate.yml');
    expect(error.message).toContain(problem);
    expect(error.message).toContain('Fix:');
  });
});

describe('mergePolicy', () => {
  const file = parsePolicyFile(
    'fail-on: low\nreport-threshold: low\nmax-counts: { low: 3, medium: 1 }\nfail-on-expired: true',
    'p.yml',
  );

  it('takes inputs over the file over the defaults', () => {
    expect(mergePolicy({ failOn: 'critical', maxCounts: { medium: 4 } }, file)).toMatchObject({
      failOn: 'critical',
      reportThreshold: 'low',
      maxCounts: { low: 3, medium: 4 },
      failOnExpired: true,
      requireIgnoreExpiry: false,
      workspace: 'default',
    });
    expect(mergePolicy({ maxCounts: {} }, undefined)).toMatchObject({ failOn: 'medium', reportThreshold: 'low' });
  });

  it('refuses a fail-on below report-threshold', () => {
    expect(() => mergePolicy({ failOn: 'low', reportThreshold: 'high', maxCounts: {} }, undefined)).toThrow(
      'fail-on "low" is below report-threshold "high"',
    );
  });
});

describe('globs', () => {
  it.each([
    ['modules/**', 'modules/a/b.tf', true],
    ['modules/**', 'other/modules/a.tf', false],
    ['*.tf', 'deep/dir/x.tf', true],
    ['envs/*/main.tf', 'envs/prod/main.tf', true],
    ['envs/*/main.tf', 'envs/prod/sub/main.tf', false],
    ['vendor', 'vendor/modules.txt', true],
    ['./test/', 'test/a.tf', true],
    ['a?.tf', 'ab.tf', true],
    // Every other character is itself: an exclude-paths entry is never read as a regular expression (it was, and
    // "modules/[x" failed the step with "Invalid regular expression", naming no input).
    ['modules/[x', 'modules/[x/a.tf', true],
    ['(a|b)+.tf', '(a|b)+.tf', true],
    ['(a|b)+.tf', 'aab.tf', false],
    ['x{2}^$.tf', 'x{2}^$.tf', true],
    ['x{2}^$.tf', 'xx.tf', false],
  ])('%s matches %s: %s', (glob, path, expected) => {
    expect(globToRegExp(glob).test(path)).toBe(expected);
  });
});
