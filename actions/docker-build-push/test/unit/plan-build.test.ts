import { describe, expect, it } from '@jest/globals';
import { BUILDER_KINDS, type BuilderKind } from '../../src/build/builders.js';
import { cacheArgs } from '../../src/build/cache.js';
import { planBuild, type BuildRequest } from '../../src/build/plan-build.js';
import { digestFromPushOutput, planLogin, planPush } from '../../src/build/plan-push.js';

const SECRET_VALUE = 'hunter2-build-secret';
const ARG_VALUE = 'internal-token-value';

function request(builder: BuilderKind, extra: Partial<BuildRequest> = {}): BuildRequest {
  return {
    builder,
    context: 'svc',
    file: 'svc/Dockerfile',
    buildArgs: { NPM_TOKEN: ARG_VALUE },
    secretFiles: [{ id: 'npmrc', path: '/tmp/private/secrets/3f2a' }],
    labels: { 'org.opencontainers.image.revision': 'abc' },
    platforms: [],
    cacheFrom: [],
    cacheTo: [],
    tags: ['reg/app:1', 'reg/app:sha-abc'],
    noCache: false,
    pull: false,
    lambdaCompatible: false,
    iidFile: '/tmp/private/iid',
    metadataFile: '/tmp/private/meta.json',
    ...extra,
  };
}

const COMMON = [
  '--file',
  'svc/Dockerfile',
  '--build-arg',
  'NPM_TOKEN',
  '--label',
  'org.opencontainers.image.revision=abc',
  '--tag',
  'reg/app:1',
  '--tag',
  'reg/app:sha-abc',
  '--secret',
  'id=npmrc,src=/tmp/private/secrets/3f2a',
  '--iidfile',
  '/tmp/private/iid',
];

describe('planBuild', () => {
  it.each<[BuilderKind, string[], Record<string, string>]>([
    ['buildx', ['buildx', 'build', ...COMMON, '--metadata-file', '/tmp/private/meta.json', '--load', 'svc'], {}],
    ['docker-buildkit', ['build', ...COMMON, 'svc'], { DOCKER_BUILDKIT: '1' }],
    ['podman', ['build', ...COMMON, 'svc'], {}],
    ['buildah', ['bud', '--layers', ...COMMON, 'svc'], {}],
  ])('plans %s', (builder, args, env) => {
    const plan = planBuild(request(builder));
    expect(plan.args).toEqual(args);
    expect(plan.env).toEqual({ NPM_TOKEN: ARG_VALUE, ...env });
    expect(plan.pushesItself).toBe(false);
  });

  it('plans the legacy builder without secrets', () => {
    const plan = planBuild(request('docker-classic', { secretFiles: [] }));
    expect(plan.args[0]).toBe('build');
    expect(plan.env.DOCKER_BUILDKIT).toBe('0');
  });

  it.each(BUILDER_KINDS.filter((b) => b !== 'docker-classic'))(
    'never puts a secret or build-arg value in argv (%s)',
    (builder) => {
      const argv = planBuild(request(builder)).args.join(' ');
      expect(argv).not.toContain(SECRET_VALUE);
      expect(argv).not.toContain(ARG_VALUE);
      expect(argv).toContain('--build-arg NPM_TOKEN');
    },
  );

  it('passes target, platform, network, no-cache and pull', () => {
    const args = planBuild(
      request('buildx', { target: 'prod', platforms: ['linux/arm64'], network: 'none', noCache: true, pull: true }),
    ).args;
    expect(args).toEqual(
      expect.arrayContaining([
        '--target',
        'prod',
        '--platform',
        'linux/arm64',
        '--network',
        'none',
        '--no-cache',
        '--pull',
      ]),
    );
  });

  it.each(['podman', 'buildah'] as const)('speaks the containers dialect of pull and network (%s)', (builder) => {
    const args = planBuild(request(builder, { network: 'default', pull: true })).args;
    expect(args).toEqual(expect.arrayContaining(['--network', 'private', '--pull=always']));
    expect(args).not.toContain('--pull');
    expect(planBuild(request(builder, { network: 'none' })).args).toEqual(
      expect.arrayContaining(['--network', 'none']),
    );
    expect(planBuild(request('docker-buildkit', { network: 'default' })).args).toEqual(
      expect.arrayContaining(['--network', 'default']),
    );
  });

  it('never asks buildah for a manifest list: lambda-compatible needs nothing more than its default', () => {
    const args = planBuild(request('buildah', { lambdaCompatible: true, platforms: ['linux/amd64'] })).args;
    expect(args.filter((arg) => arg.startsWith('--manifest') || arg.startsWith('--all-platforms'))).toEqual([]);
    expect(args).toEqual(expect.arrayContaining(['--platform', 'linux/amd64']));
  });

  it('lets buildx push a multi-platform image itself, and makes a lambda image single-manifest', () => {
    const multi = planBuild(request('buildx', { platforms: ['linux/amd64', 'linux/arm64'] }));
    expect(multi.pushesItself).toBe(true);
    expect(multi.args).toContain('--push');
    expect(multi.args).not.toContain('--load');
    const lambda = planBuild(request('buildx', { lambdaCompatible: true, platforms: ['linux/amd64'] }));
    expect(lambda.args).toEqual(expect.arrayContaining(['--provenance=false', '--sbom=false', '--load']));
    expect(planBuild(request('docker-buildkit', { lambdaCompatible: true })).args).not.toContain('--provenance=false');
  });

  it('passes cache settings to buildx', () => {
    const args = planBuild(request('buildx', { cacheFrom: ['type=gha'], cacheTo: ['type=gha,mode=max'] })).args;
    expect(args).toEqual(expect.arrayContaining(['--cache-from', 'type=gha', '--cache-to', 'type=gha,mode=max']));
  });

  it.each<[BuilderKind, Partial<BuildRequest>, RegExp]>([
    ['docker-classic', {}, /Input "secrets" asks for build secrets, which docker build with Docker's legacy builder/],
    [
      'docker-buildkit',
      { cacheTo: ['type=gha'] },
      /Input "cache" asks for exporting build cache.*Fix: use builder: buildx/,
    ],
    [
      'podman',
      { cacheFrom: ['type=gha'] },
      /Input "cache" asks for importing build cache \(cache \/ cache-from\), which podman build cannot do/,
    ],
    ['buildah', { platforms: ['linux/amd64', 'linux/arm64'] }, /Input "platforms" asks for several platforms/],
    [
      'buildx',
      { lambdaCompatible: true, platforms: ['linux/amd64', 'linux/arm64'] },
      /Lambda takes a single-platform image/,
    ],
    ['buildx', { buildArgs: { 'BAD-NAME': 'x' } }, /Input "build-args" has the name "BAD-NAME"/],
  ])('refuses what %s cannot do', (builder, extra, message) => {
    expect(() => planBuild(request(builder, extra))).toThrow(message);
  });
});

describe('cacheArgs', () => {
  const base = { from: [], to: [] };
  it('gives the ECR registry cache layout ECR accepts', () => {
    expect(cacheArgs({ ...base, preset: 'ecr' }, 'acct.dkr.ecr.eu-west-1.amazonaws.com/app:buildcache')).toEqual({
      from: ['type=registry,ref=acct.dkr.ecr.eu-west-1.amazonaws.com/app:buildcache'],
      to: [
        'type=registry,ref=acct.dkr.ecr.eu-west-1.amazonaws.com/app:buildcache,mode=max,image-manifest=true,oci-mediatypes=true',
      ],
    });
    expect(cacheArgs({ ...base, preset: 'ecr', ref: 'x/cache:1' }, 'ignored').from).toEqual([
      'type=registry,ref=x/cache:1',
    ]);
  });
  it('gives the GitHub cache and raw values', () => {
    expect(cacheArgs({ preset: 'gha', from: ['type=local,src=/c'], to: [] }, undefined)).toEqual({
      from: ['type=local,src=/c', 'type=gha'],
      to: ['type=gha,mode=max'],
    });
    expect(cacheArgs({ ...base, preset: 'none' }, 'x')).toEqual({ from: [], to: [] });
  });
  it('needs an ECR target or cache-ref for the ecr preset', () => {
    expect(() => cacheArgs({ ...base, preset: 'ecr' }, undefined)).toThrow(
      /Input "cache" is ecr, but no registry target is an ECR registry/,
    );
  });
});

describe('planLogin and planPush', () => {
  it('logs docker in with the password on stdin', () => {
    expect(planLogin('docker-buildkit', 'reg:5000', 'AWS', '/p/config.json', true).args).toEqual([
      'login',
      '--username',
      'AWS',
      '--password-stdin',
      'reg:5000',
    ]);
  });
  it.each(['podman', 'buildah'] as const)('logs %s in into the private auth file', (builder) => {
    expect(planLogin(builder, '127.0.0.1:5000', 'u', '/p/config.json', true).args).toEqual([
      'login',
      '--authfile',
      '/p/config.json',
      '--username',
      'u',
      '--password-stdin',
      '--tls-verify=false',
      '127.0.0.1:5000',
    ]);
  });
  const push = { ref: 'ghcr.io/a/b:1', imageId: `sha256:${'c'.repeat(64)}`, authFile: '/p/config.json' };
  it.each(['podman', 'buildah'] as const)('pushes the built image by id with %s, digest to a file', (builder) => {
    expect(planPush(builder, { ...push, digestFile: '/p/digest', insecure: false }).args).toEqual([
      'push',
      '--authfile',
      '/p/config.json',
      '--digestfile',
      '/p/digest',
      push.imageId,
      'docker://ghcr.io/a/b:1',
    ]);
    expect(planPush(builder, { ...push, digestFile: '/p/d', insecure: true }).args).toEqual([
      'push',
      '--authfile',
      '/p/config.json',
      '--digestfile',
      '/p/d',
      '--tls-verify=false',
      push.imageId,
      'docker://ghcr.io/a/b:1',
    ]);
  });
  it('pushes with docker and reads the digest from its output', () => {
    expect(planPush('buildx', { ...push, ref: 'reg/app:1', digestFile: '/d', insecure: false }).args).toEqual([
      'push',
      'reg/app:1',
    ]);
    const digest = `sha256:${'b'.repeat(64)}`;
    expect(digestFromPushOutput(`c2cf17299172: Pushed\n1: digest: ${digest} size: 523\n`)).toBe(digest);
    expect(digestFromPushOutput('no digest here')).toBeUndefined();
  });
});
