/** Where Grafana 12's /apis dialect keeps dashboards and folders (https://grafana.com/docs/grafana/latest/developers/http_api/apis/). */
export const DASHBOARDS_APIS = '/apis/dashboard.grafana.app/v1beta1/namespaces/default/dashboards';
export const FOLDERS_APIS = '/apis/folder.grafana.app/v1beta1/namespaces/default/folders';
