/**
 * Test-only glue between the pure core and the fake Grafana: read the observed state over HTTP the way a runner
 * would (legacy /api, or 12's /apis for dashboards and folders), and apply a plan's items with the core's payload
 * builders. The action's own runner replaces this.
 */
import type { Json } from '../src/canonical-json.js';
import type { ObservedState } from '../src/observed.js';
import {
  contactPointFromGet,
  dashboardFromGet,
  dashboardFromResource,
  dashboardFromSearchHit,
  datasourceFromGet,
  folderFromResource,
  folderFromSearchHit,
  ruleGroupFromGet,
  ruleGroupsOf,
} from '../src/observed-from-api.js';
import {
  contactPointBody,
  dashboardBody,
  dashboardResource,
  datasourceBody,
  folderResource,
  ruleGroupBody,
} from '../src/payloads.js';
import type { Plan } from '../src/plan-types.js';

export interface Target {
  url: string;
  token: string;
}

export type Dialect = 'api' | 'apis';

const DASHBOARDS = '/apis/dashboard.grafana.app/v1beta1/namespaces/default/dashboards';
const FOLDERS = '/apis/folder.grafana.app/v1beta1/namespaces/default/folders';

async function call<T = Json>(
  target: Target,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  const response = await fetch(`${target.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${target.token}`, 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export async function observe(
  target: Target,
  options: { nested: boolean; readModels?: boolean; dialect?: Dialect },
): Promise<ObservedState> {
  let folders;
  let dashboards;
  if (options.dialect === 'apis') {
    folders = (await call<{ items: Json[] }>(target, 'GET', FOLDERS)).items.map(folderFromResource);
    dashboards = (await call<{ items: Json[] }>(target, 'GET', DASHBOARDS)).items.map(dashboardFromResource);
  } else {
    folders = (await call<Json[]>(target, 'GET', '/api/search?type=dash-folder&limit=5000')).map(folderFromSearchHit);
    const hits = await call<Json[]>(target, 'GET', '/api/search?type=dash-db&limit=5000');
    dashboards =
      options.readModels === false
        ? hits.map(dashboardFromSearchHit)
        : await Promise.all(
            hits.map(async (hit) =>
              dashboardFromGet(await call(target, 'GET', `/api/dashboards/uid/${String(hit.uid)}`)),
            ),
          );
  }
  const dsList = await call<Json[]>(target, 'GET', '/api/datasources');
  const datasources = await Promise.all(
    dsList.map(async (d) => datasourceFromGet(await call(target, 'GET', `/api/datasources/uid/${String(d.uid)}`))),
  );
  const rules = await call<Json[]>(target, 'GET', '/api/v1/provisioning/alert-rules');
  const ruleGroups = await Promise.all(
    ruleGroupsOf(rules).map(async (g) =>
      ruleGroupFromGet(
        await call(
          target,
          'GET',
          `/api/v1/provisioning/folder/${g.folderUid}/rule-groups/${encodeURIComponent(g.name)}`,
        ),
      ),
    ),
  );
  const contactPoints = (await call<Json[]>(target, 'GET', '/api/v1/provisioning/contact-points')).map(
    contactPointFromGet,
  );
  return { nestedFolders: options.nested, folders, dashboards, datasources, ruleGroups, contactPoints };
}

export async function apply(
  target: Target,
  plan: Plan,
  options: { message?: string; disableProvenance?: boolean; overwrite?: boolean; dialect?: Dialect } = {},
): Promise<void> {
  const provenance: Record<string, string> = options.disableProvenance ? { 'X-Disable-Provenance': 'true' } : {};
  const apis = options.dialect === 'apis';
  for (const item of plan.items) {
    if (item.blocked || item.verb === 'unchanged') continue;
    if (item.kind === 'folder') {
      if (item.verb === 'delete') await call(target, 'DELETE', `/api/folders/${item.uid}?forceDeleteRules=true`);
      else if (apis && item.verb === 'create') await call(target, 'POST', FOLDERS, folderResource(item));
      else if (item.verb === 'create')
        await call(target, 'POST', '/api/folders', {
          uid: item.uid,
          title: item.title,
          ...(item.parentUid ? { parentUid: item.parentUid } : {}),
        });
      else await call(target, 'PUT', `/api/folders/${item.uid}`, { title: item.title, overwrite: true });
    } else if (item.kind === 'datasource') {
      if (item.verb === 'delete') await call(target, 'DELETE', `/api/datasources/uid/${item.key}`);
      else if (item.desired && item.verb === 'create')
        await call(target, 'POST', '/api/datasources', datasourceBody(item.desired, item.key, item.secureToSend));
      else if (item.desired)
        await call(
          target,
          'PUT',
          `/api/datasources/uid/${item.key}`,
          datasourceBody(item.desired, item.key, item.secureToSend, item.observed?.version),
        );
    } else if (item.kind === 'contact-point') {
      if (item.verb === 'delete') await call(target, 'DELETE', `/api/v1/provisioning/contact-points/${item.key}`);
      else if (item.desired && item.verb === 'create')
        await call(
          target,
          'POST',
          '/api/v1/provisioning/contact-points',
          contactPointBody(item.desired, item.key, item.secureToSend),
          provenance,
        );
      else if (item.desired)
        await call(
          target,
          'PUT',
          `/api/v1/provisioning/contact-points/${item.key}`,
          contactPointBody(item.desired, item.key, item.secureToSend),
          provenance,
        );
    } else if (item.kind === 'dashboard') {
      if (item.verb === 'delete') await call(target, 'DELETE', `/api/dashboards/uid/${item.key}`);
      else if (item.desired && apis) {
        const current =
          item.verb === 'update'
            ? await call<{ metadata: { generation: number; resourceVersion: string } }>(
                target,
                'GET',
                `${DASHBOARDS}/${item.key}`,
              )
            : undefined;
        const resource = dashboardResource({
          model: item.desired.model,
          uid: item.key,
          folderUid: item.folderUid,
          ...(current ? { observed: current.metadata } : {}),
        });
        if (current) await call(target, 'PUT', `${DASHBOARDS}/${item.key}`, resource);
        else await call(target, 'POST', DASHBOARDS, resource);
      } else if (item.desired) {
        const body = dashboardBody({
          model: item.desired.model,
          uid: item.key,
          folderUid: item.folderUid,
          observedVersion: item.observed?.version,
          message: options.message ?? 'grafana-provision',
          overwrite: options.overwrite,
        });
        await call(target, 'POST', '/api/dashboards/db', body);
      }
    } else if (item.verb === 'delete') {
      for (const rule of item.observed?.rules ?? [])
        await call(target, 'DELETE', `/api/v1/provisioning/alert-rules/${rule.uid}`);
    } else if (item.desired) {
      await call(
        target,
        'PUT',
        `/api/v1/provisioning/folder/${item.folderUid}/rule-groups/${encodeURIComponent(item.desired.name)}`,
        ruleGroupBody(item.desired, item.folderUid),
        provenance,
      );
    }
  }
}
