import { describe, it, expect } from '@jest/globals';
import {
  atLeast,
  asffNormalized,
  parseSeverity,
  sarifLevel,
  severityFromAsffNormalized,
  severityFromSarifLevel,
  severityFromSecurityScore,
  securitySeverityScore,
  SEVERITIES,
  type Severity,
} from '../src/index.js';

describe('severity scale', () => {
  it.each([
    ['CRITICAL', 'critical'],
    ['High', 'high'],
    ['medium', 'medium'],
    ['MODERATE', 'medium'],
    ['LOW', 'low'],
    ['INFO', 'informational'],
    ['UNKNOWN', 'informational'],
    ['UNDEFINED', 'informational'],
    [' low ', 'low'],
  ])('reads %j as %s', (raw, expected) => {
    expect(parseSeverity(raw)).toBe(expected);
  });

  it('does not guess at words that are not severities', () => {
    expect(parseSeverity('error')).toBeUndefined();
    expect(parseSeverity('')).toBeUndefined();
  });

  it.each([
    ['critical', 'high', true],
    ['high', 'high', true],
    ['medium', 'high', false],
    ['informational', 'low', false],
    ['low', 'informational', true],
  ] as const)('%s at least %s is %s', (severity, threshold, expected) => {
    expect(atLeast(severity, threshold)).toBe(expected);
  });

  it.each([
    [0, 'informational'],
    [1, 'low'],
    [39, 'low'],
    [40, 'medium'],
    [69, 'medium'],
    [70, 'high'],
    [89, 'high'],
    [90, 'critical'],
    [100, 'critical'],
  ] as const)('ASFF score %d is %s', (score, expected) => {
    expect(severityFromAsffNormalized(score)).toBe(expected);
  });

  it('rejects ASFF scores outside 0-100', () => {
    expect(() => severityFromAsffNormalized(101)).toThrow(RangeError);
    expect(() => severityFromAsffNormalized(-1)).toThrow(RangeError);
  });

  it('writes an ASFF score inside each severity band and reads it back', () => {
    for (const severity of SEVERITIES) expect(severityFromAsffNormalized(asffNormalized(severity))).toBe(severity);
  });

  it('writes a security-severity score in the band GitHub reads as the same severity', () => {
    for (const severity of SEVERITIES) {
      expect(severityFromSecurityScore(Number(securitySeverityScore(severity)))).toBe(severity);
    }
  });

  it.each([
    ['critical', 'error'],
    ['high', 'error'],
    ['medium', 'warning'],
    ['low', 'note'],
    ['informational', 'note'],
  ] as [Severity, string][])('SARIF level of %s is %s', (severity, level) => {
    expect(sarifLevel(severity)).toBe(level);
  });

  it.each([
    ['error', 'high'],
    ['warning', 'medium'],
    ['note', 'low'],
    ['none', 'informational'],
    [undefined, 'medium'],
  ])('SARIF level %s without a score reads as %s', (level, expected) => {
    expect(severityFromSarifLevel(level)).toBe(expected);
  });
});
