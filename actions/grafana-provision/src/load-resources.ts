/**
 * Loads the resources folder (given as files, so this stays pure) into typed desired resources. Layout:
 *
 *   dashboards/<folder path>/<name>.json        a dashboard model (or an API export `{ dashboard, meta }`)
 *   dashboards/<folder path>/.folder.yaml       optional `{ uid, title }` for that folder (also under alert-rules/)
 *   alert-rules/<folder path>/<group>.yaml      `{ name?, interval, rules: [...] }`, one rule group
 *   datasources/<name>.yaml|.json               one data source, or Grafana's provisioning shape `{ datasources: [...] }`
 *   contact-points/<name>.yaml|.json            one contact point, or `{ contactPoints: [...] }`
 *
 * Secure values (data-source `secureJsonData`, secret contact-point settings) must name a secret as `${NAME}`; the
 * caller resolves names (from masked inputs or the environment). Literal secrets in the repository are refused.
 */
import type {
  DesiredContactPoint,
  DesiredDashboard,
  DesiredDatasource,
  DesiredResources,
  DesiredRuleGroup,
} from './desired.js';
import { pathKey } from './folder-paths.js';
import { loadContactPoints, loadRuleGroup } from './load-alerting.js';
import { duplicates, ResourceLoadError, type Context, type LoadOptions, type SourceFile } from './load-context.js';
import { collectFolders, loadDashboard, loadFolderFile } from './load-dashboards.js';
import { loadDatasources } from './load-datasources.js';

export { ResourceLoadError, type LoadOptions, type SourceFile } from './load-context.js';
export { datasourceFields } from './load-datasources.js';
export { ruleGroupHash } from './load-alerting.js';

export function loadResources(files: readonly SourceFile[], options: LoadOptions): DesiredResources {
  const ctx: Context = { options, problems: [], warnings: [] };
  const dashboards: DesiredDashboard[] = [];
  const datasources: DesiredDatasource[] = [];
  const ruleGroups: DesiredRuleGroup[] = [];
  const contactPoints: DesiredContactPoint[] = [];
  const declaredFolders: { path: string[]; uid?: string; title?: string; source: string }[] = [];
  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    const [top] = file.path.split('/');
    const base = file.path.split('/').pop() ?? '';
    const data = /\.(json|ya?ml)$/i.test(base);
    if (!data) continue;
    if (/^\.folder\.(json|ya?ml)$/i.test(base) && (top === 'dashboards' || top === 'alert-rules')) {
      const folder = loadFolderFile(file, ctx);
      if (folder) declaredFolders.push({ ...folder, source: file.path });
      continue;
    }
    if (base.startsWith('.')) continue;
    if (top === 'dashboards' && base.toLowerCase().endsWith('.json')) {
      const d = loadDashboard(file, ctx);
      if (d) dashboards.push(d);
    } else if (top === 'datasources') datasources.push(...loadDatasources(file, ctx));
    else if (top === 'alert-rules') {
      const g = loadRuleGroup(file, ctx);
      if (g) ruleGroups.push(g);
    } else if (top === 'contact-points') contactPoints.push(...loadContactPoints(file, ctx));
    else
      ctx.warnings.push(`${file.path}: not under dashboards/, datasources/, alert-rules/ or contact-points/; ignored`);
  }
  duplicates(
    dashboards,
    (d) => d.uid,
    'dashboard uid',
    (d) => d.source,
    ctx,
  );
  duplicates(
    dashboards,
    (d) => `${pathKey(d.folderPath)}\0${d.title}`,
    'dashboard title in the folder',
    (d) => d.source,
    ctx,
  );
  duplicates(
    datasources,
    (d) => d.uid,
    'data source uid',
    (d) => d.source,
    ctx,
  );
  duplicates(
    datasources,
    (d) => d.name,
    'data source name',
    (d) => d.source,
    ctx,
  );
  duplicates(
    ruleGroups,
    (g) => `${pathKey(g.folderPath)}/${g.name}`,
    'rule group',
    (g) => g.source,
    ctx,
  );
  duplicates(
    ruleGroups.flatMap((g) => g.rules.map((r) => ({ uid: r.uid, source: g.source }))),
    (r) => r.uid,
    'alert rule uid',
    (r) => r.source,
    ctx,
  );
  duplicates(
    contactPoints,
    (c) => c.uid,
    'contact point uid',
    (c) => c.source,
    ctx,
  );
  const folders = collectFolders(dashboards, ruleGroups, declaredFolders, ctx);
  if (ctx.problems.length > 0) throw new ResourceLoadError(ctx.problems);
  return { folders, dashboards, datasources, ruleGroups, contactPoints, warnings: ctx.warnings };
}
