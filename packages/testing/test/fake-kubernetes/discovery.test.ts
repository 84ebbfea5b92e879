/** /version, discovery in both forms, OpenAPI v3, CustomResourceDefinitions, and server-side Table printing. */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { describeWithServices, startFakeKubernetes, type FakeKubernetes } from '@aws-delivery/testing';
import { call } from './http-client.js';

const AGGREGATED =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

const CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com',
    scope: 'Namespaced',
    names: { plural: 'widgets', singular: 'widget', kind: 'Widget', shortNames: ['wg'] },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
      },
    ],
  },
};

describeWithServices(['openssl'], 'fake Kubernetes discovery', () => {
  let fake: FakeKubernetes;
  beforeAll(async () => {
    fake = await startFakeKubernetes({ startControllers: false });
  });
  afterAll(async () => {
    await fake?.stop();
  });

  it('reports an EKS-shaped version', async () => {
    const version = await call(fake, 'GET', '/version');
    expect(version.json).toMatchObject({
      major: '1',
      minor: '32+',
      gitVersion: 'v1.32.0-eks-fake',
      platform: 'linux/amd64',
    });
  });

  it('serves legacy discovery to clients that do not ask for the aggregated form', async () => {
    const api = await call(fake, 'GET', '/api');
    expect(api.json).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    const apis = await call(fake, 'GET', '/apis');
    expect(apis.headers['content-type']).toBe('application/json');
    expect(apis.json.kind).toBe('APIGroupList');
    expect(apis.json.groups.map((g: { name: string }) => g.name)).toEqual(
      expect.arrayContaining(['apps', 'apiextensions.k8s.io']),
    );
    const apps = await call(fake, 'GET', '/apis/apps/v1');
    const names = apps.json.resources.map((r: { name: string }) => r.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'deployments',
        'deployments/status',
        'replicasets',
        'statefulsets',
        'daemonsets',
        'controllerrevisions',
      ]),
    );
    expect(apps.json.resources.find((r: { name: string }) => r.name === 'deployments')).toMatchObject({
      kind: 'Deployment',
      namespaced: true,
      shortNames: ['deploy'],
      verbs: expect.arrayContaining(['patch', 'watch']),
    });
    expect((await call(fake, 'GET', '/apis/nothing/v1')).status).toBe(404);
  });

  it('serves aggregated discovery (apidiscovery.k8s.io/v2) when asked by content negotiation', async () => {
    const apis = await call(fake, 'GET', '/apis', { accept: AGGREGATED });
    expect(apis.headers['content-type']).toBe('application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
    expect(apis.json).toMatchObject({ kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2' });
    const apps = apis.json.items.find((i: { metadata: { name: string } }) => i.metadata.name === 'apps');
    const deployments = apps.versions[0].resources.find((r: { resource: string }) => r.resource === 'deployments');
    expect(deployments).toMatchObject({
      responseKind: { group: 'apps', version: 'v1', kind: 'Deployment' },
      scope: 'Namespaced',
      singularResource: 'deployment',
      shortNames: ['deploy'],
      subresources: [{ subresource: 'status', verbs: ['get', 'patch', 'update'] }],
    });
    const core = await call(fake, 'GET', '/api', { accept: AGGREGATED });
    const namespaces = core.json.items[0].versions[0].resources.find(
      (r: { resource: string }) => r.resource === 'namespaces',
    );
    expect(namespaces).toMatchObject({ scope: 'Cluster', shortNames: ['ns'] });
  });

  it('describes PATCH with the fieldValidation parameter in OpenAPI v3, so kubectl leaves validation to the server', async () => {
    const root = await call(fake, 'GET', '/openapi/v3');
    const url = root.json.paths['apis/apps/v1'].serverRelativeURL as string;
    expect(url).toMatch(/^\/openapi\/v3\/apis\/apps\/v1\?hash=[0-9A-F]+$/);
    const doc = await call(fake, 'GET', url);
    const patch = doc.json.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'].patch;
    expect(patch['x-kubernetes-group-version-kind']).toEqual({ group: 'apps', version: 'v1', kind: 'Deployment' });
    expect(patch.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['fieldValidation', 'fieldManager', 'force', 'dryRun']),
    );
  });

  it('serves the resources a CustomResourceDefinition defines, and bumps their generation on any non-metadata change', async () => {
    const created = await call(fake, 'POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', { body: CRD });
    expect(created.status).toBe(201);
    expect(created.json.status.conditions).toEqual(
      expect.arrayContaining([expect.objectContaining({ type: 'Established', status: 'True' })]),
    );
    const groups = await call(fake, 'GET', '/apis');
    expect(groups.json.groups.map((g: { name: string }) => g.name)).toContain('example.com');
    const base = '/apis/example.com/v1/namespaces/default/widgets';
    const widget = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { size: 1 } };
    const applied = await call(fake, 'PATCH', `${base}/w?fieldManager=deployer`, {
      body: widget,
      contentType: 'application/apply-patch+yaml',
    });
    expect(applied.status).toBe(201);
    expect(applied.json.metadata.generation).toBe(1);
    const resized = await call(fake, 'PATCH', `${base}/w?fieldManager=deployer`, {
      body: { ...widget, spec: { size: 2 } },
      contentType: 'application/apply-patch+yaml',
    });
    expect(resized.json.metadata.generation).toBe(2);
    const strategic = await call(fake, 'PATCH', `${base}/w`, {
      body: { spec: { size: 3 } },
      contentType: 'application/strategic-merge-patch+json',
    });
    expect(strategic.status).toBe(415);
    await call(fake, 'DELETE', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com');
    expect((await call(fake, 'GET', `${base}/w`)).status).toBe(404);
    expect((await call(fake, 'GET', '/apis/example.com/v1')).status).toBe(404);
  });

  it('answers kubectl-style Table requests with server-side columns', async () => {
    const table = await call(fake, 'GET', '/api/v1/nodes', {
      accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json',
    });
    expect(table.json.kind).toBe('Table');
    expect(table.json.columnDefinitions.map((c: { name: string }) => c.name)).toEqual(['Name', 'Status', 'Age']);
    expect(table.json.rows.map((r: { cells: string[] }) => r.cells[0])).toEqual(['node-1', 'node-2', 'node-3']);
    expect(table.json.rows[0].object).toMatchObject({ kind: 'PartialObjectMetadata', metadata: { name: 'node-1' } });
  });

  it('stores Secret stringData as base64 data, as the real server does', async () => {
    const secret = await call(fake, 'POST', '/api/v1/namespaces/default/secrets', {
      body: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds' }, stringData: { password: 'hunter2' } },
    });
    expect(secret.json).toMatchObject({
      type: 'Opaque',
      data: { password: Buffer.from('hunter2').toString('base64') },
    });
    expect(secret.json.stringData).toBeUndefined();
  });
});
