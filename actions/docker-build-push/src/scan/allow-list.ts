import { ConfigurationError } from '@aws-delivery/action-kit';

/** One accepted vulnerability: its id, the last day it is accepted, and why. */
export interface AllowEntry {
  id: string;
  /** YYYY-MM-DD, inclusive. */
  until: string;
  reason: string;
  /** Where it was written (input name or file, and line), for messages. */
  origin: string;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isRealDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/**
 * Parses allow-list lines: `CVE-2024-1234 until=2026-12-31 reason text…`. The expiry is mandatory: an entry
 * without one, or with a date that does not exist, is a configuration error.
 */
export function parseAllowList(text: string, source: string): AllowEntry[] {
  const entries: AllowEntry[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const origin = `${source} line ${index + 1}`;
    const [id, until, ...reason] = line.split(/\s+/);
    const date = until?.startsWith('until=') ? until.slice('until='.length) : undefined;
    if (!id || date === undefined || !isRealDate(date)) {
      throw new ConfigurationError(
        `${origin} is "${line}", but every allow-list entry needs an expiry: ID until=YYYY-MM-DD [reason]. ` +
          'Fix: add until= with the last day the finding is accepted, e.g. CVE-2024-1234 until=2026-06-30 no fix yet.',
        source,
      );
    }
    entries.push({ id, until: date, reason: reason.join(' '), origin });
  });
  return entries;
}

/** True when the entry no longer applies on `today` (YYYY-MM-DD): it is valid through its until date. */
export function isExpired(entry: AllowEntry, today: string): boolean {
  return entry.until < today;
}
