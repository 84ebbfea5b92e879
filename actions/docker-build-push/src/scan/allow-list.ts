import { ConfigurationError } from '@aws-delivery/action-kit';
import { isCalendarDate, type Acceptance } from '@aws-delivery/findings';

/** One accepted vulnerability: its id, and the acceptance (last day, why, where it was written). */
export interface AllowEntry extends Acceptance {
  id: string;
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
    if (id && date !== undefined && !isCalendarDate(date)) {
      throw new ConfigurationError(
        `${origin} is "${line}", but until=${date} is not a date: it must be a day that exists, written ` +
          'YYYY-MM-DD. Fix: write the last day the finding is accepted, e.g. until=2026-06-30.',
        source,
      );
    }
    if (!id || date === undefined) {
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
