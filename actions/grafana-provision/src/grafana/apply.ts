/**
 * Applies a plan's items in its order: folders parents first, then data sources, contact points, dashboards and
 * rule groups, then deletions. Items of one phase (same kind, same folder depth, same direction) are written with
 * bounded concurrency; a phase starts only when the one before has finished. Blocked and unchanged items are skipped.
 */
import { ActionError } from '@aws-delivery/action-kit';
import {
  contactPointBody,
  dashboardBody,
  dashboardResource,
  datasourceBody,
  folderResource,
  ruleGroupBody,
} from '../payloads.js';
import type { Plan, PlanItem } from '../plan-types.js';
import type { Dialect } from '../server-version.js';
import { GrafanaHttpError, KEYED_WRITE, type GrafanaClient } from './client.js';
import { createLanded, retriedCreateRefused } from './landed.js';
import { DASHBOARDS_APIS, FOLDERS_APIS } from './paths.js';
import { mapBounded } from './pool.js';

export interface ApplyOptions {
  dialect: Dialect;
  /** The dashboard version message (commit and run URL). */
  message: string;
  disableProvenance: boolean;
  concurrency: number;
}

const enc = encodeURIComponent;

/** Consecutive items that may be written at the same time. */
export function phases(items: readonly PlanItem[]): PlanItem[][] {
  const result: PlanItem[][] = [];
  let key = '';
  for (const item of items) {
    const next = `${item.kind}:${item.kind === 'folder' ? item.depth : 0}:${item.verb === 'delete' ? 'delete' : 'write'}`;
    if (next !== key || result.length === 0) result.push([]);
    key = next;
    result[result.length - 1]?.push(item);
  }
  return result;
}

async function applyFolder(client: GrafanaClient, item: Extract<PlanItem, { kind: 'folder' }>, o: ApplyOptions) {
  if (item.verb === 'delete') return client.request('DELETE', `/api/folders/${enc(item.uid)}?forceDeleteRules=false`);
  if (item.verb === 'create' && o.dialect === 'apis')
    return client.request('POST', FOLDERS_APIS, folderResource(item), KEYED_WRITE);
  if (item.verb === 'create')
    return client.request(
      'POST',
      '/api/folders',
      { uid: item.uid, title: item.title, ...(item.parentUid ? { parentUid: item.parentUid } : {}) },
      KEYED_WRITE,
    );
  return client.request('PUT', `/api/folders/${enc(item.uid)}`, { title: item.title, overwrite: true });
}

/**
 * The generation and resourceVersion an /apis update replaces: from the list the plan was made from, so an edit
 * made since is a 409 (reported), and the update is one write. Read only when the list lacked them.
 */
async function listedMetadata(
  client: GrafanaClient,
  item: Extract<PlanItem, { kind: 'dashboard' }>,
): Promise<{ generation: number; resourceVersion: string }> {
  const { version, resourceVersion } = item.observed ?? {};
  if (version !== undefined && resourceVersion) return { generation: version, resourceVersion };
  const read = await client.get<{ metadata: { generation: number; resourceVersion: string } }>(
    `${DASHBOARDS_APIS}/${enc(item.key)}`,
  );
  return read.metadata;
}

async function applyDashboard(client: GrafanaClient, item: Extract<PlanItem, { kind: 'dashboard' }>, o: ApplyOptions) {
  if (item.verb === 'delete') return client.request('DELETE', `/api/dashboards/uid/${enc(item.key)}`);
  if (!item.desired) return undefined;
  if (o.dialect === 'apis') {
    const current = item.verb === 'update' ? await listedMetadata(client, item) : undefined;
    const resource = dashboardResource({
      model: item.desired.model,
      uid: item.key,
      folderUid: item.folderUid,
      message: o.message,
      ...(current ? { observed: current } : {}),
    });
    return current
      ? client.request('PUT', `${DASHBOARDS_APIS}/${enc(item.key)}`, resource)
      : client.request('POST', DASHBOARDS_APIS, resource, KEYED_WRITE);
  }
  return client.request(
    'POST',
    '/api/dashboards/db',
    dashboardBody({
      model: item.desired.model,
      uid: item.key,
      folderUid: item.folderUid,
      observedVersion: item.observed?.version,
      message: o.message,
      // Never overwrite: the save carries the version it replaces, so an edit made after the plan read it is a 412
      // (reported), and a clash by title is never resolved by replacing the other dashboard.
      overwrite: false,
    }),
    KEYED_WRITE,
  );
}

async function applyItem(client: GrafanaClient, item: PlanItem, o: ApplyOptions): Promise<unknown> {
  const headers: Record<string, string> = o.disableProvenance ? { 'X-Disable-Provenance': 'true' } : {};
  const provenance = { ...KEYED_WRITE, headers };
  switch (item.kind) {
    case 'folder':
      return applyFolder(client, item, o);
    case 'dashboard':
      return applyDashboard(client, item, o);
    case 'datasource':
      if (item.verb === 'delete') return client.request('DELETE', `/api/datasources/uid/${enc(item.key)}`);
      if (!item.desired) return undefined;
      return item.verb === 'create'
        ? client.request(
            'POST',
            '/api/datasources',
            datasourceBody(item.desired, item.key, item.secureToSend),
            KEYED_WRITE,
          )
        : client.request(
            'PUT',
            `/api/datasources/uid/${enc(item.key)}`,
            datasourceBody(item.desired, item.key, item.secureToSend, item.observed?.version),
          );
    case 'contact-point':
      if (item.verb === 'delete')
        return client.request('DELETE', `/api/v1/provisioning/contact-points/${enc(item.key)}`);
      if (!item.desired) return undefined;
      return item.verb === 'create'
        ? client.request(
            'POST',
            '/api/v1/provisioning/contact-points',
            contactPointBody(item.desired, item.key, item.secureToSend),
            provenance,
          )
        : client.request(
            'PUT',
            `/api/v1/provisioning/contact-points/${enc(item.key)}`,
            contactPointBody(item.desired, item.key, item.secureToSend),
            provenance,
          );
    case 'alert-rule-group':
      if (item.verb === 'delete') {
        for (const rule of item.observed?.rules ?? [])
          await client.request('DELETE', `/api/v1/provisioning/alert-rules/${enc(rule.uid)}`);
        return undefined;
      }
      if (!item.desired) return undefined;
      return client.request(
        'PUT',
        `/api/v1/provisioning/folder/${enc(item.folderUid)}/rule-groups/${enc(item.desired.name)}`,
        ruleGroupBody(item.desired, item.folderUid),
        provenance,
      );
  }
}

/** A write refused because the resource moved on since it was read: someone edited it while the step ran. */
function explain(item: PlanItem, error: unknown): unknown {
  if (!(error instanceof GrafanaHttpError)) return error;
  const stale =
    (error.status === 412 && /version|changed/i.test(error.grafanaMessage)) ||
    (error.status === 409 && (item.kind === 'datasource' || item.kind === 'dashboard'));
  const what = `${item.verb} ${item.kind} "${item.name}"`;
  if (stale)
    return new ActionError(
      `Could not ${what}: it was changed on the server after it was read (${error.message})`,
      'Someone edited it in the UI while this step ran. Run the step again to see the edit in the plan.',
    );
  return new ActionError(`Could not ${what}: ${error.message}`, error.hint);
}

/** A retried create refused as taken, where Grafana holds something other than what was sent. */
function takenOnRetry(item: PlanItem, error: GrafanaHttpError): ActionError {
  return new ActionError(
    `Could not create ${item.kind} "${item.name}": an earlier attempt failed without a usable answer, and the repeat ` +
      `found it already in Grafana, different from the repository (${error.message})`,
    'The earlier attempt may have been stored and changed since, or another writer created it at the same time. ' +
      'Run the step again: its plan compares the repository with what Grafana holds now.',
  );
}

export interface ApplyResult {
  applied: PlanItem[];
  /** Creates whose answer was lost and whose repeat was refused as taken, found in Grafana exactly as sent. */
  landedOnRetry: PlanItem[];
}

export async function applyPlan(client: GrafanaClient, plan: Plan, options: ApplyOptions): Promise<ApplyResult> {
  const todo = plan.items.filter((i) => !i.blocked && i.verb !== 'unchanged');
  const applied: PlanItem[] = [];
  const landedOnRetry: PlanItem[] = [];
  for (const phase of phases(todo)) {
    await mapBounded(phase, options.concurrency, async (item) => {
      try {
        await applyItem(client, item, options);
      } catch (error) {
        if (!retriedCreateRefused(item, error)) throw explain(item, error);
        if (!(await createLanded(client, item, options))) throw takenOnRetry(item, error);
        landedOnRetry.push(item);
      }
      applied.push(item);
    });
  }
  return { applied, landedOnRetry };
}
