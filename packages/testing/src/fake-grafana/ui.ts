/**
 * Changes made "as a UI user would": through the same rules as the API (versions bump, history grows, provenance
 * guards apply), but without HTTP, by the admin user. Tests use them to simulate edits between two runs.
 */
import { fail } from './errors.js';
import type { RouteContext } from './http.js';
import { saveDashboard } from './routes/dashboards.js';
import { createDatasource, updateDatasource, datasourceView } from './routes/datasources.js';
import { createFolder, deleteFolder, moveFolder, updateFolder } from './routes/folders.js';
import { replaceRuleGroup, ruleView } from './routes/alerting.js';
import type { AlertRule, Dashboard, DataSource, Folder, Json } from './store.js';

const UI_USER = 'admin';

export interface GrafanaUi {
  /** Saves a dashboard as the dashboard settings "Save" would (new version; `folderUid` '' is General). */
  saveDashboard(dashboard: Json, options?: { folderUid?: string; message?: string }): Dashboard;
  /** Opens the dashboard, lets `edit` change its model, saves it (version + 1) in the same folder. */
  editDashboard(uid: string, edit: (model: Json) => void, message?: string): Dashboard;
  /** Moves a dashboard to another folder ('' = General), a new version. */
  moveDashboard(uid: string, folderUid: string): Dashboard;
  deleteDashboard(uid: string): void;
  /** A dashboard provisioned from a file on the server: meta.provisioned is true and the API may not change it. */
  provisionDashboardFromFile(dashboard: Json, folderUid?: string): Dashboard;
  createFolder(folder: { title: string; uid?: string; parentUid?: string }): Folder;
  renameFolder(uid: string, title: string): Folder;
  moveFolder(uid: string, parentUid?: string): Folder;
  deleteFolder(uid: string, forceDeleteRules?: boolean): void;
  createDatasource(datasource: Json): DataSource;
  /** Changes fields of a data source as the settings page would (version + 1); secure fields merge. */
  editDatasource(uid: string, change: Json): DataSource;
  /** Creates or replaces a rule group from the alerting UI (provenance none). */
  saveRuleGroup(folderUid: string, group: string, body: { interval: number; rules: Json[] }): Json;
  /** Edits one alert rule as the rule editor would; refused for provisioned rules, as the UI refuses them. */
  editAlertRule(uid: string, edit: (rule: AlertRule) => void): AlertRule;
}

export function createUi(ctx: RouteContext): GrafanaUi {
  const { store } = ctx;
  const dashboard = (uid: string): Dashboard => {
    const found = store.dashboards.get(uid);
    if (!found) throw new Error(`fake Grafana UI: no dashboard ${uid}`);
    return found;
  };
  const folder = (uid: string): Folder => {
    const found = store.folders.get(uid);
    if (!found) throw new Error(`fake Grafana UI: no folder ${uid}`);
    return found;
  };
  return {
    saveDashboard: (model, options = {}) =>
      saveDashboard(ctx, {
        dashboard: model,
        folderUid: options.folderUid,
        message: options.message,
        user: UI_USER,
        overwrite: true,
      }),
    editDashboard(uid, edit, message) {
      const current = dashboard(uid);
      const model = structuredClone(current.json);
      edit(model);
      return saveDashboard(ctx, {
        dashboard: { ...model, version: current.version },
        folderUid: current.folderUid,
        message,
        user: UI_USER,
      });
    },
    moveDashboard(uid, folderUid) {
      const current = dashboard(uid);
      return saveDashboard(ctx, { dashboard: current.json, folderUid, user: UI_USER });
    },
    deleteDashboard: (uid) => void store.dashboards.delete(dashboard(uid).uid),
    provisionDashboardFromFile: (model, folderUid) =>
      saveDashboard(ctx, { dashboard: model, folderUid, user: 'provisioner', asProvisioner: true, overwrite: true }),
    createFolder: (f) => createFolder(ctx, { ...f, user: UI_USER }),
    renameFolder: (uid, title) => updateFolder(ctx, folder(uid), { title, overwrite: true, user: UI_USER }),
    moveFolder: (uid, parentUid) => moveFolder(ctx, folder(uid), parentUid),
    deleteFolder: (uid, force = true) => deleteFolder(ctx, folder(uid), force),
    createDatasource: (ds) => createDatasource(ctx, ds),
    editDatasource(uid, change) {
      const current = store.datasources.get(uid);
      if (!current) throw new Error(`fake Grafana UI: no data source ${uid}`);
      const { secureJsonFields: _fields, ...view } = datasourceView(current);
      return updateDatasource(ctx, current, { ...view, ...change, version: current.version });
    },
    saveRuleGroup: (folderUid, group, body) => replaceRuleGroup(ctx, folderUid, group, body as Json, ''),
    editAlertRule(uid, edit) {
      const rule = store.alertRules.get(uid);
      if (!rule) throw new Error(`fake Grafana UI: no alert rule ${uid}`);
      if (rule.provenance !== '')
        throw fail.forbidden(`alert rule ${uid} is provisioned (${rule.provenance}) and cannot be edited in the UI`);
      edit(rule);
      rule.updated = ctx.now().toISOString();
      return ruleView(rule) as unknown as AlertRule;
    },
  };
}
