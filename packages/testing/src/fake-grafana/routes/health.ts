/**
 * GET /api/health, open to anyone (https://grafana.com/docs/grafana/latest/developers/http_api/other/#health-api),
 * and GET /api/frontend/settings, the settings the web app loads, of which the fake answers `buildInfo` and
 * `featureToggles` (where a client can see whether nested folders are on).
 */
import { ok, type Router } from '../http.js';

export function registerHealth(router: Router): void {
  router.add('GET', '/api/health', (_req, { profile }) =>
    ok({ commit: profile.commit, database: 'ok', version: profile.buildVersion }),
  );
  router.add('GET', '/api/frontend/settings', (_req, { profile }) =>
    ok({
      buildInfo: { version: profile.buildVersion, commit: profile.commit, edition: 'Open Source', env: 'production' },
      featureToggles: {
        ...(profile.version === '9.5' ? {} : { nestedFolders: profile.nestedFolders }),
        ...(profile.kubernetesApis ? { kubernetesDashboards: true } : {}),
      },
    }),
  );
}
