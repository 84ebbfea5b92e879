import { describe, expect, it } from '@jest/globals';
import { isExpired } from '@aws-delivery/findings';
import { parseAllowList } from '../../src/scan/allow-list.js';
import { scanVerdict } from '../../src/scan/gate-policy.js';
import { ecrSeverity, toFindings } from '../../src/scan/scan-findings.js';

const context = {
  dockerfile: 'svc/Dockerfile',
  repository: 'team/app',
  digest: 'sha256:abc',
  scanType: 'basic' as const,
};
const attrs = (name: string, version: string) => [
  { key: 'package_name', value: name },
  { key: 'package_version', value: version },
];
const findings = toFindings(
  [
    { name: 'CVE-2024-0001', severity: 'CRITICAL', uri: 'https://cve/1', attributes: attrs('openssl', '3.0.1') },
    { name: 'CVE-2024-0002', severity: 'HIGH', attributes: attrs('zlib', '1.2') },
    { name: 'CVE-2024-0003', severity: 'MEDIUM', attributes: attrs('curl', '8') },
    { name: 'CVE-2024-0004', severity: 'UNDEFINED' },
  ],
  [],
  context,
);

describe('parseAllowList', () => {
  it('reads id, expiry and reason, skipping comments', () => {
    expect(
      parseAllowList(
        '# reviewed by sec\nCVE-2024-0002 until=2026-06-30 no fix upstream, JIRA-12\n\n',
        'scan-allow-list',
      ),
    ).toEqual([
      {
        id: 'CVE-2024-0002',
        until: '2026-06-30',
        reason: 'no fix upstream, JIRA-12',
        origin: 'scan-allow-list line 2',
      },
    ]);
  });
  it.each([
    ['CVE-2024-0002', /needs an expiry/],
    ['CVE-2024-0002 reason only', /needs an expiry/],
    [
      'CVE-2024-0002 until=2026-02-30',
      /but until=2026-02-30 is not a date: it must be a day that exists, written YYYY-MM-DD/,
    ],
    ['CVE-2024-0002 until=30/06/2026', /but until=30\/06\/2026 is not a date: .* e\.g\. until=2026-06-30/],
  ])('refuses %j', (line, message) => {
    expect(() => parseAllowList(line, 'scan-allow-list')).toThrow(message);
    expect(() => parseAllowList(line, 'scan-allow-list')).toThrow(/scan-allow-list line 1/);
  });
  it('is valid through its until date', () => {
    const [entry] = parseAllowList('X until=2026-06-30', 's');
    expect(isExpired(entry!.until, '2026-06-30')).toBe(false);
    expect(isExpired(entry!.until, '2026-07-01')).toBe(true);
  });
});

describe('scanVerdict', () => {
  const today = '2026-05-01';
  it.each([
    ['critical', ['CVE-2024-0001']],
    ['high', ['CVE-2024-0001', 'CVE-2024-0002']],
    ['medium', ['CVE-2024-0001', 'CVE-2024-0002', 'CVE-2024-0003']],
    ['informational', ['CVE-2024-0001', 'CVE-2024-0002', 'CVE-2024-0003', 'CVE-2024-0004']],
    ['none', []],
  ] as const)('fails at or above %s', (failOn, failing) => {
    const verdict = scanVerdict(findings, { failOn, allowList: [], today });
    expect(verdict.failing.map((f) => f.ruleId)).toEqual(failing);
    expect(verdict.passed).toBe(failing.length === 0);
    expect(verdict.counts).toEqual({ critical: 1, high: 1, medium: 1, low: 0, informational: 1 });
  });

  it('lets a valid entry allow a finding, case-insensitively, and reports unused entries', () => {
    const allowList = parseAllowList(
      'cve-2024-0001 until=2026-12-31 base image pinned\nCVE-1999-0001 until=2026-12-31 old',
      's',
    );
    const verdict = scanVerdict(findings, { failOn: 'critical', allowList, today });
    expect(verdict.passed).toBe(true);
    expect(verdict.allowed.map(({ finding, entry }) => [finding.ruleId, entry.until])).toEqual([
      ['CVE-2024-0001', '2026-12-31'],
    ]);
    expect(verdict.unused.map((e) => e.id)).toEqual(['CVE-1999-0001']);
  });

  it('fails on an expired entry, which allows nothing', () => {
    const allowList = parseAllowList('CVE-2024-0001 until=2026-04-30 waiting for vendor', 's');
    const verdict = scanVerdict(findings, { failOn: 'critical', allowList, today });
    expect(verdict.passed).toBe(false);
    expect(verdict.expired.map((e) => e.id)).toEqual(['CVE-2024-0001']);
    expect(verdict.failing.map((f) => f.ruleId)).toEqual(['CVE-2024-0001']);
  });

  it('fails on an expired entry even when nothing reaches the threshold', () => {
    const allowList = parseAllowList('CVE-2030-1 until=2020-01-01 stale', 's');
    const verdict = scanVerdict([], { failOn: 'critical', allowList, today });
    expect(verdict.passed).toBe(false);
    expect(verdict.failing).toEqual([]);
  });
});

describe('toFindings', () => {
  it('maps basic findings to the common model with the Dockerfile as location', () => {
    expect(findings[0]).toMatchObject({
      ruleId: 'CVE-2024-0001',
      severity: 'critical',
      originalSeverity: 'CRITICAL',
      location: { file: 'svc/Dockerfile' },
      resource: 'openssl 3.0.1',
      helpUri: 'https://cve/1',
      tool: { name: 'Amazon ECR basic scanning' },
    });
    expect(findings[0]!.message).toContain('in openssl 3.0.1 (image team/app@sha256:abc)');
    expect(new Set(findings.map((f) => f.fingerprint)).size).toBe(4);
  });

  it('keeps fingerprints stable across digests', () => {
    const again = toFindings(
      [{ name: 'CVE-2024-0001', severity: 'CRITICAL', attributes: attrs('openssl', '3.0.1') }],
      [],
      { ...context, digest: 'sha256:def' },
    );
    expect(again[0]!.fingerprint).toBe(findings[0]!.fingerprint);
  });

  it('maps enhanced findings and leaves out suppressed ones', () => {
    const enhanced = toFindings(
      [],
      [
        {
          severity: 'HIGH',
          status: 'ACTIVE',
          title: 'CVE-2024-9 - glibc',
          packageVulnerabilityDetails: {
            vulnerabilityId: 'CVE-2024-9',
            sourceUrl: 'https://nvd/9',
            vulnerablePackages: [{ name: 'glibc', version: '2.36' }],
          },
          remediation: { recommendation: { text: 'Upgrade glibc' } },
        },
        { severity: 'CRITICAL', status: 'SUPPRESSED', packageVulnerabilityDetails: { vulnerabilityId: 'CVE-2024-10' } },
        { severity: 'UNTRIAGED', status: 'ACTIVE', packageVulnerabilityDetails: { vulnerabilityId: 'CVE-2024-11' } },
      ],
      { ...context, scanType: 'enhanced' },
    );
    expect(enhanced.map((f) => [f.ruleId, f.severity, f.resource, f.resolution])).toEqual([
      ['CVE-2024-9', 'high', 'glibc 2.36', 'Upgrade glibc'],
      ['CVE-2024-11', 'informational', 'CVE-2024-11', undefined],
    ]);
  });

  it.each([
    ['CRITICAL', 'critical'],
    ['INFORMATIONAL', 'informational'],
    ['UNTRIAGED', 'informational'],
    [undefined, 'informational'],
  ])('ECR severity %s -> %s', (raw, severity) => expect(ecrSeverity(raw)).toBe(severity));
});
