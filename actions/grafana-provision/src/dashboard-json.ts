/**
 * Dashboard JSON as compared and as sent. Normalising removes what Grafana adds or moves on its own, and our marker,
 * so a dashboard read back from Grafana hashes equal to the file it came from:
 * - `id` and `version` (set by the server on every save), `iteration` (stamped by older frontends on save);
 * - `uid` (the dashboard's identity, compared on its own);
 * - our marker tags (see marker.ts), and a tag list left empty without them;
 * - key order (the hash is over canonical JSON).
 * Everything else is content, kept as written (including `__inputs`/`__requires`/`__elements` of an export for
 * sharing, which Grafana stores as sent).
 */
import { contentHash, isObject, shortHash, type Json } from './canonical-json.js';
import { formatRecord, isMarkerTag, OWNER_TAG, type WriteRecord } from './marker.js';

const SERVER_FIELDS = ['id', 'uid', 'version', 'iteration'];

export function normaliseDashboard(model: Json): Json {
  const normal: Json = {};
  for (const [key, value] of Object.entries(model)) {
    if (SERVER_FIELDS.includes(key)) continue;
    normal[key] = value;
  }
  if (Array.isArray(model.tags)) {
    // No tags and an empty list are the same content: our marker tags give a dashboard without tags a list.
    const tags = model.tags.filter((tag) => !isMarkerTag(tag));
    if (tags.length > 0) normal.tags = tags;
    else delete normal.tags;
  }
  return normal;
}

/** The full SHA-256 of the normalised dashboard. */
export function dashboardHash(model: Json): string {
  return contentHash(normaliseDashboard(model));
}

export interface DashboardBody {
  dashboard: Json;
  folderUid: string;
  message: string;
  overwrite: boolean;
}

/**
 * The body for POST /api/dashboards/db: the normalised model with its uid, the version it replaces (optimistic
 * concurrency: Grafana answers 412 when someone saved in between), our marker tags recording the version this save
 * will produce, and always the folderUid (an update without it moves the dashboard to General).
 */
export function dashboardBody(input: {
  model: Json;
  uid: string;
  folderUid: string;
  /** The version on the server now; undefined when creating. */
  observedVersion?: number;
  message: string;
  overwrite?: boolean;
}): DashboardBody {
  const normal = normaliseDashboard(input.model);
  const record: WriteRecord = { version: (input.observedVersion ?? 0) + 1, hash: shortHash(contentHash(normal)) };
  const tags = Array.isArray(normal.tags) ? normal.tags : [];
  return {
    dashboard: {
      ...normal,
      uid: input.uid,
      ...(input.observedVersion !== undefined ? { version: input.observedVersion } : { id: null }),
      tags: [...tags, OWNER_TAG, formatRecord(record)],
    },
    folderUid: input.folderUid,
    message: input.message,
    overwrite: input.overwrite ?? false,
  };
}

/** The dashboard's title, trimmed, or undefined when it has none. */
export function dashboardTitle(model: Json): string | undefined {
  return typeof model.title === 'string' && model.title.trim() ? model.title.trim() : undefined;
}

export function isDashboardModel(value: unknown): value is Json {
  return (
    isObject(value) && (Array.isArray(value.panels) || Array.isArray(value.rows) || typeof value.title === 'string')
  );
}
