/**
 * An accepted risk that expires: who accepted it, why, and the last day it holds. Which findings it covers is the
 * caller's business (an id, a rule with path globs, a fingerprint); the gate only needs the rest.
 */
export interface Acceptance {
  /** The team or person who accepted the risk, when the format records one. */
  owner?: string;
  reason: string;
  /** YYYY-MM-DD (UTC), the last day the acceptance holds. */
  until: string;
  /** Where it is written, for messages: `.tfsec-gate.yml exceptions[2]`, `scan-allow-list line 3`. */
  origin: string;
}

/** True for a YYYY-MM-DD date that exists on the calendar (2026-02-30 does not). */
export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** True when a date that holds through `until` (YYYY-MM-DD) no longer holds on `today`: it still holds on its day. */
export function isExpired(until: string, today: string): boolean {
  return until < today;
}
