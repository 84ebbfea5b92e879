/**
 * Grafana 12's /apis endpoints: https://grafana.com/docs/grafana/latest/developers/http_api/apis/ (namespaces,
 * resourceVersion, Status errors), https://grafana.com/docs/grafana/latest/developers/http_api/dashboard/ (new
 * dashboard APIs: POST 201, PUT with metadata.resourceVersion, folder as the grafana.app/folder annotation) and
 * https://grafana.com/docs/grafana/latest/developers/http_api/folder/ (new folder APIs).
 */
import { describe, expect, it } from '@jest/globals';
import { FOLDER_ANNOTATION } from '../../src/fake-grafana/index.js';
import { useFakeGrafana, VERSIONS } from './client.js';

const DASHBOARDS = '/apis/dashboard.grafana.app/v1beta1/namespaces/default/dashboards';
const FOLDERS = '/apis/folder.grafana.app/v1beta1/namespaces/default/folders';

describe('fake Grafana 12.x: /apis dashboards and folders', () => {
  const { api } = useFakeGrafana({ version: '12.x' });

  it('creates a folder (201) and a child folder by annotation (docs: folder, new APIs)', async () => {
    const parent = await api('POST', FOLDERS, { metadata: { name: 'platform' }, spec: { title: 'Platform' } });
    expect(parent.status).toBe(201);
    expect(parent.body).toMatchObject({
      kind: 'Folder',
      apiVersion: 'folder.grafana.app/v1beta1',
      metadata: { name: 'platform', namespace: 'default', generation: 1 },
    });
    const child = await api('POST', FOLDERS, {
      metadata: { name: 'payments', annotations: { [FOLDER_ANNOTATION]: 'platform' } },
      spec: { title: 'Payments' },
    });
    expect(child.status).toBe(201);
    expect((await api('GET', '/api/folders/payments')).body.parentUid).toBe('platform');
    expect((await api('POST', FOLDERS, { metadata: { name: 'platform' }, spec: { title: 'Again' } })).status).toBe(409);
  });

  it('creates a dashboard (201) in its annotated folder, seen by the /api path too (docs: dashboard, new APIs)', async () => {
    const created = await api('POST', DASHBOARDS, {
      metadata: { name: 'svc', annotations: { [FOLDER_ANNOTATION]: 'payments' } },
      spec: { title: 'Service', panels: [] },
    });
    expect(created.status).toBe(201);
    expect(created.body.metadata).toMatchObject({
      name: 'svc',
      generation: 1,
      annotations: { [FOLDER_ANNOTATION]: 'payments' },
    });
    expect(created.body.spec).toEqual({ title: 'Service', panels: [] });
    const legacy = await api('GET', '/api/dashboards/uid/svc');
    expect(legacy.body.meta).toMatchObject({ folderUid: 'payments', version: 1 });
  });

  it('answers 409 AlreadyExists as a Kubernetes Status for a taken name (docs: apis)', async () => {
    const again = await api('POST', DASHBOARDS, { metadata: { name: 'svc' }, spec: { title: 'Service' } });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'AlreadyExists', code: 409 });
  });

  it('PUT with the current resourceVersion bumps generation on a spec change; a stale one gets 409 Conflict (docs: apis)', async () => {
    const current = (await api('GET', `${DASHBOARDS}/svc`)).body;
    const updated = await api('PUT', `${DASHBOARDS}/svc`, {
      ...current,
      spec: { title: 'Service', panels: [{ id: 1 }] },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.metadata.generation).toBe(2);
    expect(updated.body.metadata.resourceVersion).not.toBe(current.metadata.resourceVersion);
    const stale = await api('PUT', `${DASHBOARDS}/svc`, { ...current, spec: { title: 'Service', panels: [] } });
    expect(stale.status).toBe(409);
    expect(stale.body.reason).toBe('Conflict');
  });

  it('keeps generation when only metadata changes, and moves the dashboard to the root when the folder annotation is missing (docs: dashboard, new APIs)', async () => {
    const current = (await api('GET', `${DASHBOARDS}/svc`)).body;
    const { [FOLDER_ANNOTATION]: _folder, ...others } = current.metadata.annotations;
    const moved = await api('PUT', `${DASHBOARDS}/svc`, {
      ...current,
      metadata: { ...current.metadata, annotations: others },
    });
    expect(moved.status).toBe(200);
    expect(moved.body.metadata.generation).toBe(2);
    expect(moved.body.metadata.annotations[FOLDER_ANNOTATION]).toBeUndefined();
    expect((await api('GET', '/api/dashboards/uid/svc')).body.meta.folderUid).toBe('');
  });

  it('lists with limit and continue, and deletes (docs: apis, list)', async () => {
    await api('POST', DASHBOARDS, { metadata: { name: 'svc-2' }, spec: { title: 'Service 2' } });
    const first = await api('GET', `${DASHBOARDS}?limit=1`);
    expect(first.body).toMatchObject({
      kind: 'DashboardList',
      items: [expect.objectContaining({ metadata: expect.objectContaining({ name: 'svc' }) })],
    });
    const second = await api('GET', `${DASHBOARDS}?limit=1&continue=${first.body.metadata.continue}`);
    expect(second.body.items[0].metadata.name).toBe('svc-2');
    expect(second.body.metadata.continue).toBeUndefined();
    expect((await api('DELETE', `${DASHBOARDS}/svc-2`)).body.status).toBe('Success');
    expect((await api('GET', `${DASHBOARDS}/svc-2`)).status).toBe(404);
  });

  it('serves only the default namespace (docs: apis, namespaces)', async () => {
    expect((await api('GET', '/apis/dashboard.grafana.app/v1beta1/namespaces/org-2/dashboards')).status).toBe(404);
  });
});

describe.each(VERSIONS.filter((v) => v !== '12.x'))('fake Grafana %s: no /apis', (version) => {
  const { api } = useFakeGrafana({ version });
  it('answers 404 for the Kubernetes-style paths, which arrived in 12 (docs: apis)', async () => {
    expect((await api('GET', DASHBOARDS)).status).toBe(404);
  });
});
