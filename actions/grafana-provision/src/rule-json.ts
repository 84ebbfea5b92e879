/** Alert rules as compared and as sent: Grafana's defaults filled in, our marker annotation left out. */
import { isObject, type Json } from './canonical-json.js';
import { RULE_MARKER_ANNOTATION } from './marker.js';

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/** `90s`, `1m30s`, `5m`, `1h` → seconds; undefined when not a duration. */
export function parseDurationSeconds(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^(\d+[smhdw])+$/.test(trimmed)) return undefined;
  let total = 0;
  for (const [, n, unit] of trimmed.matchAll(/(\d+)([smhdw])/g)) total += Number(n) * (UNITS[unit ?? 's'] ?? 1);
  return total;
}

function stringMap(value: unknown, drop?: string): Record<string, string> {
  if (!isObject(value)) return {};
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => k !== drop)
      .map(([k, v]) => [k, String(v)]),
  );
}

/**
 * The fields of a rule that are content, with defaults as Grafana stores them (`for` as seconds, so `5m` and `300s`
 * compare equal). Returns undefined when `for` is not a duration. Works on a file's rule and on one read back.
 */
export function normaliseRule(rule: Json): Json | undefined {
  const forSeconds = parseDurationSeconds(typeof rule.for === 'string' ? rule.for : '0s');
  if (forSeconds === undefined) return undefined;
  return {
    uid: rule.uid,
    title: typeof rule.title === 'string' ? rule.title.trim() : rule.title,
    condition: rule.condition,
    data: rule.data,
    for: `${forSeconds}s`,
    noDataState: rule.noDataState ?? 'NoData',
    execErrState: rule.execErrState ?? 'Alerting',
    labels: stringMap(rule.labels),
    annotations: stringMap(rule.annotations, RULE_MARKER_ANNOTATION),
    isPaused: rule.isPaused === true,
  };
}
