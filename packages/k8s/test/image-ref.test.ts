import { describe, expect, it } from '@jest/globals';
import {
  formatImageRef,
  isValidHost,
  isValidRepositoryPath,
  isValidTag,
  parseEcrHost,
  parseImageRef,
} from '../src/image-ref.js';
import { rewriteRegistry, substituteImages } from '../src/image-substitution.js';
import type { KubeObject } from '../src/objects.js';

const DIGEST = 'sha256:' + 'a'.repeat(64);

describe('parseImageRef', () => {
  it.each([
    // reference, registry, path, tag, digest, repository
    ['nginx', undefined, 'nginx', undefined, undefined, 'docker.io/library/nginx'],
    ['nginx:1.27', undefined, 'nginx', '1.27', undefined, 'docker.io/library/nginx'],
    ['bitnami/redis:7', undefined, 'bitnami/redis', '7', undefined, 'docker.io/bitnami/redis'],
    ['docker.io/library/nginx', 'docker.io', 'library/nginx', undefined, undefined, 'docker.io/library/nginx'],
    ['index.docker.io/nginx', 'index.docker.io', 'nginx', undefined, undefined, 'docker.io/library/nginx'],
    ['host:5000/img:tag', 'host:5000', 'img', 'tag', undefined, 'host:5000/img'],
    ['host:5000/img', 'host:5000', 'img', undefined, undefined, 'host:5000/img'],
    ['localhost/img', 'localhost', 'img', undefined, undefined, 'localhost/img'],
    ['localhost:5000/team/img:v1', 'localhost:5000', 'team/img', 'v1', undefined, 'localhost:5000/team/img'],
    ['127.0.0.1:5000/app@' + DIGEST, '127.0.0.1:5000', 'app', undefined, DIGEST, '127.0.0.1:5000/app'],
    ['reg.example.com/app:v1@' + DIGEST, 'reg.example.com', 'app', 'v1', DIGEST, 'reg.example.com/app'],
    ['[::1]:5000/app:v2', '[::1]:5000', 'app', 'v2', undefined, '[::1]:5000/app'],
    ['Registry/app', 'Registry', 'app', undefined, undefined, 'Registry/app'],
    [
      '123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/team/api:2024.1',
      '123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn',
      'team/api',
      '2024.1',
      undefined,
      '123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/team/api',
    ],
    ['ghcr.io/org/a/b/c:latest', 'ghcr.io', 'org/a/b/c', 'latest', undefined, 'ghcr.io/org/a/b/c'],
    ['my_team/app__x:v', undefined, 'my_team/app__x', 'v', undefined, 'docker.io/my_team/app__x'],
  ])('%s', (reference, registry, path, tag, digest, repository) => {
    const ref = parseImageRef(reference);
    expect({
      registry: ref.registry,
      path: ref.path,
      tag: ref.tag,
      digest: ref.digest,
      repository: ref.repository,
    }).toEqual({
      registry,
      path,
      tag,
      digest,
      repository,
    });
    expect(formatImageRef(ref)).toBe(reference);
  });

  it.each([
    ['', /empty/],
    ['nginx:', /invalid tag ""/],
    ['nginx:-bad', /invalid tag "-bad"/],
    ['Nginx', /invalid repository component "Nginx"/],
    ['app@sha256:abc', /invalid digest/],
    ['host:5000/', /invalid repository component ""/],
    ['a b', /white space/],
    ['host:port/img', /invalid registry host "host:port"/],
    ['app//x', /invalid repository component ""/],
    ['app@sha256:' + 'A'.repeat(64), /sha256 is 64 lower-case hex digits/],
    ['app@nodigest', /invalid digest "nodigest"/],
    ['ho_st.example/app', /invalid registry host "ho_st.example"/],
    ['host:123456/app', /invalid registry host "host:123456"/],
    [`app:${'x'.repeat(129)}`, /invalid tag/],
  ])('rejects %j', (reference, message) => {
    expect(() => parseImageRef(reference)).toThrow(message);
  });
});

describe('the parts of the grammar, for inputs that name them one by one', () => {
  it.each([
    ['1.0', true],
    ['v1_2-rc.3', true],
    ['x'.repeat(128), true],
    ['-bad', false],
    ['.bad', false],
    ['x'.repeat(129), false],
    ['a:b', false],
  ])('tag %j: %s', (tag, valid) => expect(isValidTag(tag)).toBe(valid));

  it.each([
    ['ghcr.io', true],
    ['127.0.0.1:5000', true],
    ['[::1]:5000', true],
    ['a.b-c.d', true],
    ['ho_st.example', false],
    ['host:port', false],
    ['-host.example', false],
  ])('host %j: %s', (host, valid) => expect(isValidHost(host)).toBe(valid));

  it.each([
    ['team/my_app__x/a-b', true],
    ['app', true],
    ['Team/App', false],
    ['team//app', false],
    ['team/app-', false],
  ])('repository path %j: %s', (path, valid) => expect(isValidRepositoryPath(path)).toBe(valid));
});

describe('parseEcrHost', () => {
  it.each([
    [
      '123456789012.dkr.ecr.us-east-1.amazonaws.com',
      { accountId: '123456789012', region: 'us-east-1', partition: 'aws', fips: false },
    ],
    [
      '123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn',
      { accountId: '123456789012', region: 'cn-north-1', partition: 'aws-cn', fips: false },
    ],
    [
      '123456789012.dkr.ecr.cn-northwest-1.amazonaws.com.cn',
      { accountId: '123456789012', region: 'cn-northwest-1', partition: 'aws-cn', fips: false },
    ],
    [
      '123456789012.dkr.ecr.us-gov-west-1.amazonaws.com',
      { accountId: '123456789012', region: 'us-gov-west-1', partition: 'aws-us-gov', fips: false },
    ],
    [
      '123456789012.dkr.ecr-fips.us-gov-east-1.amazonaws.com',
      { accountId: '123456789012', region: 'us-gov-east-1', partition: 'aws-us-gov', fips: true },
    ],
    [
      '123456789012.dkr.ecr-fips.us-east-2.amazonaws.com',
      { accountId: '123456789012', region: 'us-east-2', partition: 'aws', fips: true },
    ],
  ])('%s', (host, expected) => {
    expect(parseEcrHost(host)).toEqual(expected);
  });

  it.each([
    'docker.io',
    '12345678901.dkr.ecr.us-east-1.amazonaws.com',
    '123456789012.dkr.ecr.cn-north-1.amazonaws.com',
    '123456789012.dkr.ecr.us-east-1.amazonaws.com.cn',
    '123456789012.dkr.ecr.us-east-1.amazonaws.com.evil.io',
  ])('is not ECR: %s', (host) => {
    expect(parseEcrHost(host)).toBeUndefined();
  });
});

function deployment(name: string, images: string[], init: string[] = []): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      template: {
        spec: {
          initContainers: init.map((image, i) => ({ name: `init${i}`, image })),
          containers: images.map((image, i) => ({ name: `c${i}`, image })),
        },
      },
    },
  };
}

function imagesOf(object: KubeObject): string[] {
  const spec = (
    object.spec as { template: { spec: { initContainers: { image: string }[]; containers: { image: string }[] } } }
  ).template.spec;
  return [...spec.initContainers, ...spec.containers].map((c) => c.image);
}

describe('substituteImages', () => {
  it('replaces by repository: tag, digest and registry port respected', () => {
    const input = [
      deployment('web', ['host:5000/app:old', 'nginx:1.25', 'sidecar:1'], ['host:5000/migrate:old']),
      deployment('other', ['host/app:v1']),
    ];
    const result = substituteImages(input, [
      'host:5000/app@' + DIGEST,
      'docker.io/library/nginx:1.27',
      'host:5000/unused:1',
    ]);
    expect(imagesOf(result.objects[0]!)).toEqual([
      'host:5000/migrate:old',
      'host:5000/app@' + DIGEST,
      'docker.io/library/nginx:1.27',
      'sidecar:1',
    ]);
    // `host/app` is a different repository from `host:5000/app`.
    expect(imagesOf(result.objects[1]!)).toEqual(['host/app:v1']);
    expect(result.unused).toEqual(['host:5000/unused:1']);
    expect(result.changes).toEqual([
      { object: 'Deployment/web', container: 'c0', from: 'host:5000/app:old', to: 'host:5000/app@' + DIGEST },
      { object: 'Deployment/web', container: 'c1', from: 'nginx:1.25', to: 'docker.io/library/nginx:1.27' },
    ]);
    // The input is not changed.
    expect(imagesOf(input[0]!)).toContain('host:5000/app:old');
  });

  it('copies only the objects that hold a pod spec: the others are returned as they are', () => {
    const config: KubeObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c' },
      data: { image: 'app:1' },
    };
    const web = deployment('web', ['app:1']);
    const result = substituteImages([config, web], ['app:2']);
    expect(result.objects[0]).toBe(config);
    expect(result.objects[1]).not.toBe(web);
    expect(imagesOf(result.objects[1]!)).toEqual(['app:2']);
    expect(imagesOf(web)).toEqual(['app:1']);
  });

  it('reaches CronJob and Pod templates', () => {
    const cron: KubeObject = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'nightly' },
      spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'job', image: 'app:1' }] } } } } },
    };
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { containers: [{ name: 'x', image: 'app:1' }] },
    };
    const result = substituteImages([cron, pod], ['app:2']);
    expect(result.changes.map((c) => `${c.object} ${c.to}`)).toEqual(['CronJob/nightly app:2', 'Pod/p app:2']);
  });

  it('rewrites registries, then matches new images against the rewritten references', () => {
    const ecr = '123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn';
    const rewrites = [
      { from: 'docker.io', to: `${ecr}/docker-hub` },
      { from: 'quay.io/prometheus', to: `${ecr}/quay-prometheus/` },
    ];
    const result = substituteImages(
      [
        deployment('web', [
          'nginx:1.25',
          'bitnami/redis@' + DIGEST,
          'quay.io/prometheus/node-exporter:v1',
          'quay.io/other/x:1',
          'gcr.io/a/b:1',
        ]),
      ],
      [`${ecr}/docker-hub/library/nginx:1.27`],
      rewrites,
    );
    expect(imagesOf(result.objects[0]!)).toEqual([
      `${ecr}/docker-hub/library/nginx:1.27`,
      `${ecr}/docker-hub/bitnami/redis@${DIGEST}`,
      `${ecr}/quay-prometheus/node-exporter:v1`,
      'quay.io/other/x:1',
      'gcr.io/a/b:1',
    ]);
    expect(result.unused).toEqual([]);
  });

  it('rewrites only whole path components', () => {
    expect(
      rewriteRegistry('quay.io/prometheus-community/x:1', [{ from: 'quay.io/prometheus', to: 'mirror:5000/p' }]),
    ).toBe('quay.io/prometheus-community/x:1');
    expect(rewriteRegistry('host:5000/a:1', [{ from: 'host', to: 'mirror:5000' }])).toBe('host:5000/a:1');
    expect(rewriteRegistry('host:5000/a:1', [{ from: 'host:5000', to: 'mirror:6000/m' }])).toBe('mirror:6000/m/a:1');
  });
});
