/** GET /api/health, open to anyone (https://grafana.com/docs/grafana/latest/developers/http_api/other/#health-api). */
import { ok, type Router } from '../http.js';

export function registerHealth(router: Router): void {
  router.add('GET', '/api/health', (_req, { profile }) =>
    ok({ commit: profile.commit, database: 'ok', version: profile.buildVersion }),
  );
}
