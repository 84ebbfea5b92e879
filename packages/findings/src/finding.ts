import type { Severity } from './severity.js';

/** Where a finding is: a path relative to the workspace with forward slashes, and 1-based lines when known. */
export interface FindingLocation {
  file: string;
  startLine?: number;
  endLine?: number;
}

/**
 * One finding from any scanner. Parsers produce drafts; `withFingerprints` adds the fingerprint once ids and paths
 * are normalised, so that the same problem gets the same fingerprint whichever scanner or line it came from.
 */
export interface Finding {
  /** Stable across line shifts: rule + file + resource (or snippet), never the line. */
  fingerprint: string;
  /** The rule's canonical id (see the caller's id normalisation). */
  ruleId: string;
  /** Every other id the same rule is known by: ids the scanner printed and ids known to be equivalent. */
  ruleAliases: string[];
  title: string;
  message: string;
  severity: Severity;
  /** The scanner's own word for the severity, kept for reports. */
  originalSeverity?: string;
  location: FindingLocation;
  /** The resource address or name the finding is about (`aws_s3_bucket.logs`, an image digest...). */
  resource?: string;
  /** The offending source text, used for the fingerprint when there is no resource. */
  snippet?: string;
  helpUri?: string;
  resolution?: string;
  tool: { name: string; version?: string };
  /** Set when the scanner itself already ignored the finding (an inline ignore comment it honoured). */
  ignoredByScanner?: boolean;
}

export type FindingDraft = Omit<Finding, 'fingerprint'>;
