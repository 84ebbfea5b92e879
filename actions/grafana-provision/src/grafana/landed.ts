/**
 * A create keyed by uid is sent again when its answer was lost (a reset, a timeout, a 5xx): if the first attempt was
 * stored, the repeat meets it and is refused (409, 412 version-mismatch, 400 "already exists"). Whether that refusal
 * means "done" is decided here: the one resource is read back and planned against the file with the kind's own
 * planner; `unchanged` (same content hash, folder or parent, marker and secure field names) means Grafana holds what
 * was sent, so the create landed. Secure values cannot be read back: their names are compared, not their values.
 */
import { pathKey } from '../folder-paths.js';
import {
  contactPointFromGet,
  dashboardFromGet,
  dashboardFromResource,
  datasourceFromGet,
  folderFromGet,
  folderFromResource,
} from '../observed-from-api.js';
import type { Json } from '../canonical-json.js';
import { planContactPoints } from '../plan-alerting.js';
import { planDashboards } from '../plan-dashboards.js';
import { planDatasources } from '../plan-datasources.js';
import { DEFAULT_PLAN_OPTIONS } from '../plan.js';
import type { PlanItem, PlanOptions } from '../plan-types.js';
import type { Dialect } from '../server-version.js';
import { GrafanaHttpError, type GrafanaClient } from './client.js';
import { DASHBOARDS_APIS, FOLDERS_APIS } from './paths.js';

const enc = encodeURIComponent;

/** How Grafana refuses a create whose uid (or name) is taken, per kind and path. */
const TAKEN = new Set([400, 409, 412]);

/** A create refused as taken after more than one attempt: an earlier attempt may have stored it. */
export function retriedCreateRefused(item: PlanItem, error: unknown): error is GrafanaHttpError {
  return item.verb === 'create' && error instanceof GrafanaHttpError && error.attempts > 1 && TAKEN.has(error.status);
}

/** The resource now in Grafana, undefined when there is none (404). */
async function read<T>(client: GrafanaClient, path: string, from: (answer: Json) => T): Promise<T | undefined> {
  try {
    return from(await client.get(path));
  } catch (error) {
    if (error instanceof GrafanaHttpError && error.status === 404) return undefined;
    throw error;
  }
}

/** Whether Grafana holds exactly what the create of `item` sent. */
export async function createLanded(
  client: GrafanaClient,
  item: PlanItem,
  { dialect, disableProvenance }: { dialect: Dialect; disableProvenance: boolean },
): Promise<boolean> {
  const planOptions: PlanOptions = { ...DEFAULT_PLAN_OPTIONS, disableProvenance };
  switch (item.kind) {
    case 'folder': {
      const seen =
        dialect === 'apis'
          ? await read(client, `${FOLDERS_APIS}/${enc(item.uid)}`, folderFromResource)
          : await read(client, `/api/folders/${enc(item.uid)}`, folderFromGet);
      return seen !== undefined && seen.title === item.title && (seen.parentUid ?? '') === (item.parentUid ?? '');
    }
    case 'dashboard': {
      if (!item.desired) return false;
      const seen =
        dialect === 'apis'
          ? await read(client, `${DASHBOARDS_APIS}/${enc(item.key)}`, dashboardFromResource)
          : await read(client, `/api/dashboards/uid/${enc(item.key)}`, dashboardFromGet);
      if (!seen) return false;
      const folders = new Map([[pathKey(item.desired.folderPath), item.folderUid]]);
      const [planned] = planDashboards([item.desired], [seen], folders, (uid) => uid, planOptions);
      return planned?.verb === 'unchanged';
    }
    case 'datasource': {
      if (!item.desired) return false;
      const seen = await read(client, `/api/datasources/uid/${enc(item.key)}`, datasourceFromGet);
      return seen !== undefined && planDatasources([item.desired], [seen], planOptions)[0]?.verb === 'unchanged';
    }
    case 'contact-point': {
      if (!item.desired) return false;
      const all = await client.get<Json[]>('/api/v1/provisioning/contact-points');
      const seen = all.map(contactPointFromGet).filter((c) => c.uid === item.key);
      return seen.length === 1 && planContactPoints([item.desired], seen, planOptions)[0]?.verb === 'unchanged';
    }
    case 'alert-rule-group':
      // Written with PUT, which replaces the group: a repeat is never refused as taken.
      return false;
  }
}
