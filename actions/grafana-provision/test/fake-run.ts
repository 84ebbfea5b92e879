/**
 * Test-only glue between the pure core and the fake Grafana: read the observed state over HTTP the way a runner
 * would, and apply a plan's items with the core's payload builders. The action's own runner replaces this.
 */
import type { Json } from '../src/canonical-json.js';
import type { ObservedState } from '../src/observed.js';
import { contactPointBody, dashboardBody, datasourceBody, ruleGroupBody } from '../src/payloads.js';
import type { Plan } from '../src/plan-types.js';

export interface Target {
  url: string;
  token: string;
}

/** Test glue reading loosely typed API answers. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

async function call(
  target: Target,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Loose> {
  const response = await fetch(`${target.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${target.token}`, 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

export async function observe(
  target: Target,
  options: { nested: boolean; readModels?: boolean },
): Promise<ObservedState> {
  const folderHits: Json[] = await call(target, 'GET', '/api/search?type=dash-folder&limit=5000');
  const boardHits: Json[] = await call(target, 'GET', '/api/search?type=dash-db&limit=5000');
  const dashboards = await Promise.all(
    boardHits.map(async (hit) => {
      const base = {
        uid: String(hit.uid),
        title: String(hit.title),
        folderUid: String(hit.folderUid ?? ''),
        tags: (hit.tags as string[]) ?? [],
      };
      if (options.readModels === false) return base;
      const full = await call(target, 'GET', `/api/dashboards/uid/${hit.uid}`);
      return { ...base, version: full.meta.version, model: full.dashboard, provisioned: full.meta.provisioned };
    }),
  );
  const dsList: Json[] = await call(target, 'GET', '/api/datasources');
  const datasources = await Promise.all(
    dsList.map(async (d) => {
      const full = await call(target, 'GET', `/api/datasources/uid/${d.uid}`);
      const { secureJsonFields, version, readOnly, id: _id, orgId: _o, typeLogoUrl: _t, uid, ...fields } = full;
      return { uid, name: full.name, fields, version, readOnly, secureFields: Object.keys(secureJsonFields ?? {}) };
    }),
  );
  const rules: Json[] = await call(target, 'GET', '/api/v1/provisioning/alert-rules');
  const groupKeys = [...new Set(rules.map((r) => `${r.folderUID}\0${r.ruleGroup}`))];
  const ruleGroups = await Promise.all(
    groupKeys.map(async (key) => {
      const [folderUid = '', name = ''] = key.split('\0');
      const group = await call(
        target,
        'GET',
        `/api/v1/provisioning/folder/${folderUid}/rule-groups/${encodeURIComponent(name)}`,
      );
      return {
        folderUid,
        name,
        intervalSeconds: group.interval,
        rules: (group.rules as Json[]).map((r) => ({
          uid: String(r.uid),
          body: r,
          provenance: String(r.provenance ?? ''),
        })),
      };
    }),
  );
  const points: Json[] = await call(target, 'GET', '/api/v1/provisioning/contact-points');
  return {
    nestedFolders: options.nested,
    folders: folderHits.map((f) => ({
      uid: String(f.uid),
      title: String(f.title),
      ...(f.folderUid ? { parentUid: String(f.folderUid) } : {}),
    })),
    dashboards,
    datasources,
    ruleGroups,
    contactPoints: points.map((p) => ({
      uid: String(p.uid),
      name: String(p.name),
      type: String(p.type),
      settings: p.settings as Json,
      disableResolveMessage: p.disableResolveMessage === true,
      provenance: String(p.provenance ?? ''),
    })),
  };
}

export async function apply(
  target: Target,
  plan: Plan,
  options: { message?: string; disableProvenance?: boolean; overwrite?: boolean } = {},
): Promise<void> {
  const provenance: Record<string, string> = options.disableProvenance ? { 'X-Disable-Provenance': 'true' } : {};
  for (const item of plan.items) {
    if (item.blocked || item.verb === 'unchanged') continue;
    if (item.kind === 'folder') {
      if (item.verb === 'create')
        await call(target, 'POST', '/api/folders', {
          uid: item.uid,
          title: item.title,
          ...(item.parentUid ? { parentUid: item.parentUid } : {}),
        });
      else if (item.verb === 'update')
        await call(target, 'PUT', `/api/folders/${item.uid}`, { title: item.title, overwrite: true });
      else await call(target, 'DELETE', `/api/folders/${item.uid}?forceDeleteRules=true`);
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
      else if (item.desired) {
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
