export {
  SEVERITIES,
  severityRank,
  atLeast,
  compareSeverity,
  parseSeverity,
  ASFF_LABEL,
  asffNormalized,
  severityFromAsffNormalized,
  sarifLevel,
  severityFromSarifLevel,
  securitySeverityScore,
  severityFromSecurityScore,
} from './severity.js';
export type { Severity, SarifLevel } from './severity.js';
export type { Finding, FindingDraft, FindingLocation } from './finding.js';
export { withFingerprints, fingerprintKey, normaliseSnippet } from './fingerprint.js';
export { countBySeverity, emptyCounts, totalOf } from './counts.js';
export type { SeverityCounts } from './counts.js';
export { FindingsFormatError, isRecord, parseJson } from './format-error.js';
export { toSarif, sarifJsonChunks, SARIF_SCHEMA, FINGERPRINT_KEY } from './sarif-writer.js';
export type { SarifEntry, SarifTool } from './sarif-writer.js';
export { readSarif, sarifUriToPath } from './sarif-reader.js';
export { toAsff, asffFindings, asffJsonChunks } from './asff-writer.js';
export { writeChunks } from './json-file.js';
export type { AsffContext, AsffFinding } from './asff-writer.js';
export { toJUnit, junitXmlChunks } from './junit-writer.js';
export type { JUnitCase } from './junit-writer.js';
export { createBaseline, parseBaseline, baselineContains } from './baseline.js';
export type { Baseline, BaselineEntry } from './baseline.js';
export { streamTopLevelArray } from './json-array-stream.js';
export type { StreamedDocument } from './json-array-stream.js';
export { isCalendarDate, isExpired } from './gate/acceptance.js';
export type { Acceptance } from './gate/acceptance.js';
export { limitFor, describeLimits, breachesOf, describeBreach } from './gate/thresholds.js';
export type { FailOn, SeverityLimits, GatePolicy, Breach } from './gate/thresholds.js';
export { evaluateGate } from './gate/evaluate-gate.js';
export type {
  Gated,
  Disposition,
  GatedFinding,
  GateProblem,
  ExpiredAcceptance,
  GateContext,
  GateEvaluation,
} from './gate/evaluate-gate.js';
