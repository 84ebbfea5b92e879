/**
 * One severity scale for every scanner (IaC, image scans, chaos reports), highest first, and its mappings to the
 * scales of the formats we read and write: SARIF levels and `security-severity` scores, and the ASFF 0-100 scale.
 */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'informational'] as const;
export type Severity = (typeof SEVERITIES)[number];

const RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1, informational: 0 };

export function severityRank(severity: Severity): number {
  return RANK[severity];
}

/** True when `severity` is `threshold` or more severe. */
export function atLeast(severity: Severity, threshold: Severity): boolean {
  return RANK[severity] >= RANK[threshold];
}

/** Orders findings most severe first. */
export function compareSeverity(a: Severity, b: Severity): number {
  return RANK[b] - RANK[a];
}

const ALIASES: Record<string, Severity> = {
  critical: 'critical',
  high: 'high',
  medium: 'medium',
  moderate: 'medium',
  low: 'low',
  informational: 'informational',
  info: 'informational',
  // Scanners that cannot rate a finding say so in different words; they rank lowest, and the original is kept.
  unknown: 'informational',
  undefined: 'informational',
  none: 'informational',
  negligible: 'informational',
};

/** A scanner's severity word (any case) on our scale, or undefined when it is not a severity word at all. */
export function parseSeverity(raw: string): Severity | undefined {
  return ALIASES[raw.trim().toLowerCase()];
}

/**
 * The ASFF scale: 0 informational, 1-39 low, 40-69 medium, 70-89 high, 90-100 critical. `asffNormalized` gives the
 * lowest score of each band (what Security Hub itself uses when it derives a score from a label).
 */
export const ASFF_LABEL: Record<Severity, 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW' | 'INFORMATIONAL'> = {
  critical: 'CRITICAL',
  high: 'HIGH',
  medium: 'MEDIUM',
  low: 'LOW',
  informational: 'INFORMATIONAL',
};

const ASFF_NORMALIZED: Record<Severity, number> = { critical: 90, high: 70, medium: 40, low: 1, informational: 0 };

export function asffNormalized(severity: Severity): number {
  return ASFF_NORMALIZED[severity];
}

export function severityFromAsffNormalized(score: number): Severity {
  if (!Number.isFinite(score) || score < 0 || score > 100) {
    throw new RangeError(`ASFF severity ${score} is outside 0-100`);
  }
  if (score >= 90) return 'critical';
  if (score >= 70) return 'high';
  if (score >= 40) return 'medium';
  if (score >= 1) return 'low';
  return 'informational';
}

export type SarifLevel = 'error' | 'warning' | 'note' | 'none';

const SARIF_LEVEL: Record<Severity, SarifLevel> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  informational: 'note',
};

export function sarifLevel(severity: Severity): SarifLevel {
  return SARIF_LEVEL[severity];
}

/** SARIF without a score: error is high, warning medium, note low, none informational. */
export function severityFromSarifLevel(level: string | undefined): Severity {
  switch (level) {
    case 'error':
      return 'high';
    case 'note':
      return 'low';
    case 'none':
      return 'informational';
    default:
      return 'medium'; // SARIF's default level is warning
  }
}

/**
 * The `security-severity` score GitHub code scanning reads (over 9.0 critical, 7.0-8.9 high, 4.0-6.9 medium,
 * 0.1-3.9 low): one score inside each band.
 */
const SECURITY_SCORE: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '2.0',
  informational: '0.0',
};

export function securitySeverityScore(severity: Severity): string {
  return SECURITY_SCORE[severity];
}

export function severityFromSecurityScore(score: number): Severity {
  if (score > 9.0) return 'critical';
  if (score >= 7.0) return 'high';
  if (score >= 4.0) return 'medium';
  if (score >= 0.1) return 'low';
  return 'informational';
}
