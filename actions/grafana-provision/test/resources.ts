/** A small resources folder used by the plan tests. */
import type { SourceFile } from '../src/load-resources.js';

export const SECRETS: Record<string, string> = {
  PROM_PASSWORD: 'prom-secret-1',
  SLACK_URL: 'https://hooks.slack.test/T/B/secret',
};

export const board = (uid: string, title: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    uid,
    title,
    tags: ['payments'],
    panels: [{ id: 1, type: 'timeseries', title: 'Requests' }],
    schemaVersion: 39,
    ...extra,
  });

export const RESOURCES: SourceFile[] = [
  { path: 'dashboards/Platform/Payments/Prod/api.json', text: board('pay-api', 'Payments API') },
  { path: 'dashboards/Platform/Payments/Prod/db.json', text: board('pay-db', 'Payments DB') },
  { path: 'dashboards/Platform/overview.json', text: board('platform', 'Platform overview') },
  { path: 'dashboards/home.json', text: JSON.stringify({ uid: 'home', title: 'Home', panels: [] }) },
  {
    path: 'datasources/prometheus.yaml',
    text: 'name: Prometheus\ntype: prometheus\nuid: prom\nurl: http://prometheus:9090\nbasicAuth: true\nbasicAuthUser: grafana\njsonData: { httpMethod: POST }\nsecureJsonData:\n  basicAuthPassword: ${PROM_PASSWORD}\n',
  },
  {
    path: 'alert-rules/Platform/Payments/Prod/availability.yaml',
    text: 'interval: 1m\nrules:\n  - uid: pay-api-down\n    title: API down\n    condition: B\n    for: 5m\n    data: [{ refId: A, datasourceUid: prom, model: { expr: "up == 0" } }, { refId: B, datasourceUid: __expr__, model: { type: threshold } }]\n    labels: { severity: page }\n',
  },
  {
    path: 'contact-points/oncall.yaml',
    text: 'name: On call\ntype: slack\nsettings:\n  url: ${SLACK_URL}\n  recipient: "#payments"\n',
  },
];

export const resolveSecret = (name: string) => SECRETS[name];

export function without(files: SourceFile[], ...paths: string[]): SourceFile[] {
  return files.filter((f) => !paths.includes(f.path));
}

export function replace(files: SourceFile[], path: string, text: string): SourceFile[] {
  return files.map((f) => (f.path === path ? { path, text } : f));
}
