import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { globToRegExp, loadManifests, resolveManifestPaths } from '../src/manifest-files.js';
import { parseManifests } from '../src/manifest-parse.js';
import { planApply, type ApplyPlanOptions } from '../src/apply-plan.js';
import { diffObjects, sameContent } from '../src/object-diff.js';
import type { KubeObject } from '../src/objects.js';

const HELM_OUTPUT = `---
# Source: web/templates/serviceaccount.yaml
apiVersion: v1
kind: ServiceAccount
metadata:
  name: web
---
# Source: web/templates/empty.yaml
---
# Source: web/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: host:5000/web:1
          env:
            - name: FLAG
              value: yes
`;

describe('parseManifests', () => {
  it('reads rendered Helm output: comment-only and empty documents skipped', () => {
    const objects = parseManifests(HELM_OUTPUT, 'rendered.yaml');
    expect(objects.map((o) => [o.object.kind, o.source])).toEqual([
      ['ServiceAccount', 'rendered.yaml#1'],
      ['Deployment', 'rendered.yaml#3'],
    ]);
    // YAML 1.2: `yes` stays a string, as the env var value the author meant.
    expect(JSON.stringify(objects[1]!.object)).toContain('"value":"yes"');
  });

  it('flattens List kinds and reads JSON', () => {
    const list = JSON.stringify({
      apiVersion: 'v1',
      kind: 'List',
      items: [
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } },
        { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'b' } },
      ],
    });
    expect(parseManifests(list, 'list.json').map((o) => `${o.object.kind} ${o.source}`)).toEqual([
      'ConfigMap list.json#1.1',
      'Secret list.json#1.2',
    ]);
  });

  it.each([
    ['kind: ConfigMap\nmetadata: {name: a}\n', /document 1 has no apiVersion/],
    ['apiVersion: v1\nkind: ConfigMap\n', /document 1 \(ConfigMap\) has no metadata/],
    [
      'apiVersion: v1\nkind: Pod\nmetadata: {generateName: x-}\n',
      /has no metadata.name \(generateName cannot be applied server-side\)/,
    ],
    ['apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n- a list\n', /document 2 is not a mapping/],
    ['apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, name: b}\n', /document 1: invalid YAML/],
    ['apiVersion: v1\nkind: [\n', /document 1: invalid YAML/],
  ])('rejects %j', (text, message) => {
    expect(() => parseManifests(text, 'x.yaml')).toThrow(message);
  });
});

describe('manifest files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'manifests-'));
  mkdirSync(join(dir, 'base/nested'), { recursive: true });
  writeFileSync(join(dir, 'base/b.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n');
  writeFileSync(
    join(dir, 'base/a.yml'),
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: s}\n',
  );
  writeFileSync(join(dir, 'base/notes.txt'), 'not yaml');
  writeFileSync(join(dir, 'base/nested/c.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n');
  writeFileSync(join(dir, 'base/nested/d.json'), '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"d"}}');

  it('reads a folder (not recursive), in name order', () => {
    expect(loadManifests(['base'], dir).map((m) => m.object.metadata.name)).toEqual(['a', 's', 'b']);
  });

  it('expands globs with ** and braces, each file once', () => {
    const files = resolveManifestPaths(['base/**/*.{yaml,json}', 'base/b.yaml'], dir).map((f) =>
      f.slice(dir.length + 1),
    );
    expect(files).toEqual(['base/b.yaml', 'base/nested/c.yaml', 'base/nested/d.json']);
  });

  it('fails on a path or a glob that matches nothing', () => {
    expect(() => loadManifests(['missing.yaml'], dir)).toThrow(/"missing.yaml" does not exist/);
    expect(() => loadManifests(['base/*.toml'], dir)).toThrow(/"base\/\*.toml" matches no file/);
  });

  it.each([
    ['*.yaml', 'a.yaml', true],
    ['*.yaml', 'x/a.yaml', false],
    ['**/*.yaml', 'a.yaml', true],
    ['**/*.yaml', 'x/y/a.yaml', true],
    ['k8s/{prod,base}/*.yml', 'k8s/prod/a.yml', true],
    ['k8s/{prod,base}/*.yml', 'k8s/dev/a.yml', false],
    ['a?.yaml', 'ab.yaml', true],
    ['[ab].yaml', 'b.yaml', true],
    ['a.yaml', 'aXyaml', false],
  ])('glob %s matches %s: %s', (glob, path, expected) => {
    expect(globToRegExp(glob).test(path)).toBe(expected);
  });
});

const scopes: Record<string, boolean> = {
  'v1|Namespace': false,
  'v1|ConfigMap': true,
  'v1|Service': true,
  'apps/v1|Deployment': true,
  'rbac.authorization.k8s.io/v1|ClusterRole': false,
  'apiextensions.k8s.io/v1|CustomResourceDefinition': false,
};

const options: ApplyPlanOptions = {
  namespace: 'prod',
  isNamespaced: (apiVersion, kind) => scopes[`${apiVersion}|${kind}`],
  managedBy: 'eks-deploy',
  applySet: 'acme/shop',
  provenance: {
    commit: 'abc123',
    'run-url': 'https://github.example/acme/shop/actions/runs/1',
    repository: 'acme/shop',
  },
  imagePullSecrets: ['regcred'],
};

const m = (object: Record<string, unknown>, source = 'm.yaml') => ({ object: object as unknown as KubeObject, source });

describe('planApply', () => {
  const crd = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.com' },
    spec: {
      group: 'example.com',
      scope: 'Namespaced',
      names: { kind: 'Widget', plural: 'widgets' },
      versions: [{ name: 'v1' }],
    },
  };
  const manifests = [
    m({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', labels: { app: 'web' } },
      spec: { template: { spec: { containers: [] } } },
    }),
    m({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }),
    m({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'edge' } }),
    m({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'reader', namespace: 'oops' },
    }),
    m(crd),
    m({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' } }),
    m({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'prod' } }),
  ];

  it('puts namespaces and CRDs in the first wave, then config, workloads, custom resources; defaults namespaces only for namespaced kinds', () => {
    const plan = planApply(manifests, options);
    expect(
      plan.waves.map((wave) =>
        wave.map((p) => `${p.object.kind}/${p.object.metadata.namespace ?? ''}/${p.object.metadata.name}`),
      ),
    ).toEqual([
      ['Namespace//prod', 'CustomResourceDefinition//widgets.example.com'],
      ['ConfigMap/prod/cfg', 'ClusterRole//reader', 'Service/edge/web'],
      ['Deployment/prod/web'],
      ['Widget/prod/w'],
    ]);
    expect(plan.warnings).toEqual([
      'ClusterRole/reader (m.yaml) is cluster-scoped; its metadata.namespace "oops" is ignored',
    ]);
  });

  it('labels and annotates object metadata (not selectors) and injects pull secrets into pod templates', () => {
    const plan = planApply(manifests, options);
    const web = plan.objects.find((p) => p.object.kind === 'Deployment')!.object;
    expect(web.metadata.labels).toEqual({
      app: 'web',
      'app.kubernetes.io/managed-by': 'eks-deploy',
      'eks-deploy.aws-delivery.dev/apply-set': 'acme-shop',
    });
    expect(web.metadata.annotations).toEqual({
      'eks-deploy.aws-delivery.dev/commit': 'abc123',
      'eks-deploy.aws-delivery.dev/run-url': 'https://github.example/acme/shop/actions/runs/1',
      'eks-deploy.aws-delivery.dev/repository': 'acme/shop',
    });
    expect(web.spec).toEqual({ template: { spec: { containers: [], imagePullSecrets: [{ name: 'regcred' }] } } });
    // The manifests themselves are untouched.
    expect(manifests[0]!.object.metadata.labels).toEqual({ app: 'web' });
  });

  it('never fails a deploy over provenance: bad values and bad annotation maps are skipped with a warning', () => {
    const odd = [m({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', annotations: 'not a map' } })];
    const plan = planApply(odd, { ...options, provenance: { commit: '\u0000\u0007', 'run-url': 'x'.repeat(5000) } });
    expect(plan.objects[0]!.object.metadata.annotations).toBe('not a map');
    expect(plan.warnings).toEqual([
      'ConfigMap/prod/x: metadata.annotations is not a mapping; provenance annotations left out',
    ]);
    const long = planApply([m({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'y' } })], {
      ...options,
      provenance: { commit: '\u0000', 'run-url': 'x'.repeat(5000) },
    });
    expect(long.objects[0]!.object.metadata.annotations).toEqual({
      'eks-deploy.aws-delivery.dev/run-url': 'x'.repeat(2048),
    });
  });

  it('keeps existing pull secrets once', () => {
    const pod = m({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'a' },
      spec: { template: { spec: { imagePullSecrets: [{ name: 'regcred' }] } } },
    });
    const plan = planApply([pod], options);
    expect((plan.objects[0]!.object.spec as { template: { spec: unknown } }).template.spec).toEqual({
      imagePullSecrets: [{ name: 'regcred' }],
    });
  });

  it('rejects duplicates naming both sources, and kinds the cluster does not serve', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' } };
    expect(() =>
      planApply([m(cm, 'a.yaml#1'), m({ ...cm, metadata: { name: 'cfg', namespace: 'prod' } }, 'b.yaml#2')], options),
    ).toThrow('ConfigMap/prod/cfg appears twice: in a.yaml#1 and in b.yaml#2. Keep one.');
    expect(() =>
      planApply(
        [m({ apiVersion: 'extensions/v1beta1', kind: 'Deployment', metadata: { name: 'x' } }, 'old.yaml#1')],
        options,
      ),
    ).toThrow(/does not serve Deployment \(extensions\/v1beta1\) in old.yaml#1/);
  });
});

describe('diffObjects', () => {
  const live: KubeObject = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: 'cfg',
      namespace: 'prod',
      resourceVersion: '10',
      uid: 'u',
      managedFields: [{}],
      annotations: { 'eks-deploy.aws-delivery.dev/commit': 'old' },
    },
    data: { a: '1', b: '2', c: '3', d: '4', e: '5', f: '6', g: '7', h: '8' },
  };

  it('shows changed lines with context, ignoring server-maintained fields', () => {
    const proposed = structuredClone(live);
    proposed.metadata.resourceVersion = '11';
    (proposed.data as Record<string, string>).b = 'two';
    (proposed.data as Record<string, string>).h = 'eight';
    expect(diffObjects('ConfigMap/prod/cfg', live, proposed)).toBe(
      [
        '--- live ConfigMap/prod/cfg',
        '+++ applied ConfigMap/prod/cfg',
        '@@ -1,13 +1,13 @@',
        ' apiVersion: v1',
        ' data:',
        '   a: "1"',
        '-  b: "2"',
        '+  b: two',
        '   c: "3"',
        '   d: "4"',
        '   e: "5"',
        '   f: "6"',
        '   g: "7"',
        '-  h: "8"',
        '+  h: eight',
        ' kind: ConfigMap',
        ' metadata:',
        '   annotations:',
      ].join('\n'),
    );
  });

  it('is empty for equal content and shows a creation against /dev/null', () => {
    const same = structuredClone(live);
    same.metadata.resourceVersion = '99';
    expect(diffObjects('x', live, same)).toBe('');
    expect(diffObjects('x', undefined, live).split('\n').slice(0, 3)).toEqual([
      '--- /dev/null',
      '+++ applied x',
      '@@ -0,0 +1,16 @@',
    ]);
  });

  it('sameContent can ignore provenance annotations', () => {
    const next = structuredClone(live);
    next.metadata.annotations = { 'eks-deploy.aws-delivery.dev/commit': 'new' };
    expect(sameContent(live, next)).toBe(false);
    expect(sameContent(live, next, ['eks-deploy.aws-delivery.dev/commit'])).toBe(true);
  });
});
