/**
 * The ownership marker: how grafana-provision tags what it manages, and records what it last wrote, per kind.
 *
 * | kind | owned when | record of the last write |
 * | --- | --- | --- |
 * | dashboard | tag `grafana-provision` | tag `gp:<version>:<hash>` (search results carry tags, so one list read shows both) |
 * | data source | `jsonData.grafanaProvision` is set | its value `gp:<version>:<hash>` |
 * | alert rule group | a rule carries annotation `grafana-provision` | its value `gp:0:<hash>` (rules have no version) |
 * | folder, contact point | the uid starts with `gp-` (uids this action derives) | none: neither carries free-form metadata on every version |
 *
 * `<version>` is the version Grafana gives the resource with that write (the version sent + 1, or 1 on create), so a
 * later run sees a UI edit as a version that moved on; `<hash>` is the short content hash of what was written.
 */
export const OWNER_TAG = 'grafana-provision';
export const RECORD_TAG_PREFIX = 'gp:';
export const DATASOURCE_MARKER_KEY = 'grafanaProvision';
export const RULE_MARKER_ANNOTATION = 'grafana-provision';
export const OWNED_UID_PREFIX = 'gp-';

export interface WriteRecord {
  /** The version the write produced; 0 where the kind has no version. */
  version: number;
  /** Short content hash (12 hex digits). */
  hash: string;
}

export function formatRecord(record: WriteRecord): string {
  return `${RECORD_TAG_PREFIX}${record.version}:${record.hash}`;
}

export function parseRecord(text: unknown): WriteRecord | undefined {
  if (typeof text !== 'string') return undefined;
  const found = /^gp:(\d+):([0-9a-f]{12})$/.exec(text);
  return found ? { version: Number(found[1]), hash: found[2] ?? '' } : undefined;
}

export function isMarkerTag(tag: unknown): boolean {
  return tag === OWNER_TAG || parseRecord(tag) !== undefined;
}

/** Owned and last-write record from a dashboard's tags. */
export function dashboardMarker(tags: readonly unknown[]): { owned: boolean; record?: WriteRecord } {
  const record = tags.map(parseRecord).find((r) => r !== undefined);
  return { owned: tags.includes(OWNER_TAG), ...(record ? { record } : {}) };
}

export function isOwnedUid(uid: string): boolean {
  return uid.startsWith(OWNED_UID_PREFIX);
}
