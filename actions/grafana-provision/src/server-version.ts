/**
 * What the server is, from GET /api/health (and, where it matters, the feature toggles of GET /api/frontend/settings):
 * its version, whether folders nest, and which dialect to use for dashboards and folders. Grafana 9.5 to 13.
 */
export type Dialect = 'api' | 'apis';

export interface ServerInfo {
  version: string;
  major: number;
  minor: number;
  /** Folders nest: from 11.0 on; on 10.x only with the nestedFolders feature toggle; never on 9.x. */
  nestedFolders: boolean;
  /** `/apis` (dashboard.grafana.app, folder.grafana.app) on 12 and later, `/api` before. */
  dialect: Dialect;
}

export class UnsupportedGrafanaError extends Error {}

/** `10.4.19`, `11.6.0-pre`, `12.2.1+security-01` → major and minor. */
export function parseGrafanaVersion(text: string): { major: number; minor: number } | undefined {
  const found = /^v?(\d+)\.(\d+)/.exec(text.trim());
  return found ? { major: Number(found[1]), minor: Number(found[2]) } : undefined;
}

export function describeServer(health: { version?: unknown }, featureToggles?: Record<string, unknown>): ServerInfo {
  const version = typeof health.version === 'string' ? health.version : '';
  const parsed = parseGrafanaVersion(version);
  if (!parsed)
    throw new UnsupportedGrafanaError(
      `Grafana did not report a version in /api/health (got ${JSON.stringify(health.version)}).`,
    );
  const { major, minor } = parsed;
  if (major < 9 || (major === 9 && minor < 5)) {
    throw new UnsupportedGrafanaError(
      `Grafana ${version} is older than 9.5, the oldest version grafana-provision supports.`,
    );
  }
  const nestedFolders =
    major >= 11 ? featureToggles?.nestedFolders !== false : major === 10 && featureToggles?.nestedFolders === true;
  return { version, major, minor, nestedFolders, dialect: major >= 12 ? 'apis' : 'api' };
}

/** For the log: `Grafana 10.4.19: /api dialect, folders flattened (no nested folders)`. */
export function describeServerLine(info: ServerInfo): string {
  const folders = info.nestedFolders ? 'nested folders' : 'folders flattened (no nested folders)';
  const dialect =
    info.dialect === 'apis' ? '/apis dialect (dashboard.grafana.app, folder.grafana.app)' : '/api dialect';
  return `Grafana ${info.version}: ${dialect}, ${folders}`;
}
