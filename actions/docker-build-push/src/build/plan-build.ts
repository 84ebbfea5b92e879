import { ConfigurationError } from '@aws-delivery/action-kit';
import { BUILDER_DESCRIPTIONS, CAPABILITIES, type BuilderKind } from './builders.js';

/** Everything the build needs, already validated and resolved to paths. */
export interface BuildRequest {
  builder: BuilderKind;
  context: string;
  file?: string;
  target?: string;
  /** Values travel in the builder's environment, never in argv: `--build-arg NAME` reads them from there. */
  buildArgs: Readonly<Record<string, string>>;
  /** Secret files (0600 files this action wrote, or the user's own files): `--secret id=ID,src=PATH`. */
  secretFiles: readonly { id: string; path: string }[];
  labels: Readonly<Record<string, string>>;
  platforms: readonly string[];
  cacheFrom: readonly string[];
  cacheTo: readonly string[];
  /** Every target's image name with every tag. */
  tags: readonly string[];
  network?: string;
  noCache: boolean;
  pull: boolean;
  lambdaCompatible: boolean;
  /** Where the builder writes the image id. */
  iidFile: string;
  /** Where buildx writes its metadata (the pushed digest for multi-platform builds). */
  metadataFile: string;
}

/** A command to run: which binary role, its argument array and extra environment. No shell ever sees it. */
export interface CommandPlan {
  args: string[];
  env: Record<string, string>;
}

export interface BuildPlan extends CommandPlan {
  /** buildx with several platforms pushes from the builder; otherwise the image is loaded and pushed per target. */
  pushesItself: boolean;
}

const BUILD_ARG_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function unsupported(builder: BuilderKind, what: string, fix: string, input: string): ConfigurationError {
  return new ConfigurationError(
    `Input "${input}" asks for ${what}, which ${BUILDER_DESCRIPTIONS[builder]} cannot do. Fix: ${fix}`,
    input,
  );
}

/** What the capability check reads of a request: known before anything is built, pushed or created. */
export type CapabilityRequest = Pick<
  BuildRequest,
  'builder' | 'cacheTo' | 'cacheFrom' | 'platforms' | 'lambdaCompatible' | 'buildArgs'
> & { secretFiles: readonly unknown[] };

/** Refuses requests the builder cannot carry out, with the input to change. */
export function checkCapabilities(request: CapabilityRequest): void {
  const can = CAPABILITIES[request.builder];
  if (request.secretFiles.length > 0 && !can.secrets) {
    throw unsupported(
      request.builder,
      'build secrets',
      'use builder: buildx, docker-buildkit, podman or buildah.',
      'secrets',
    );
  }
  if (request.cacheTo.length > 0 && !can.cacheExport) {
    throw unsupported(
      request.builder,
      'exporting build cache (cache / cache-to)',
      'use builder: buildx, or set cache: none.',
      'cache',
    );
  }
  if (request.cacheFrom.length > 0 && request.builder !== 'buildx') {
    throw unsupported(
      request.builder,
      'importing build cache (cache / cache-from)',
      'use builder: buildx, or set cache: none.',
      'cache',
    );
  }
  if (request.platforms.length > 1 && !can.multiPlatform) {
    throw unsupported(
      request.builder,
      `several platforms (${request.platforms.join(', ')})`,
      'use builder: buildx, or build one platform.',
      'platforms',
    );
  }
  if (request.lambdaCompatible && request.platforms.length > 1) {
    throw new ConfigurationError(
      `Input "lambda-compatible" is true with platforms ${request.platforms.join(', ')}, but Lambda takes a ` +
        'single-platform image, not an index. Fix: build one platform (linux/amd64 or linux/arm64).',
      'lambda-compatible',
    );
  }
  for (const name of Object.keys(request.buildArgs)) {
    if (!BUILD_ARG_NAME.test(name)) {
      throw new ConfigurationError(
        `Input "build-args" has the name "${name}", but a build argument name is letters, digits and _, not ` +
          'starting with a digit. Fix: rename it.',
        'build-args',
      );
    }
  }
}

/**
 * podman and buildah share their own flag dialect: buildah reads `--pull` alone as "pull when newer", so docker's
 * `--pull` (always try) is `--pull=always` there; docker's `default` network for RUN is their `private`.
 */
const usesContainersFlags = (builder: BuilderKind) => builder === 'podman' || builder === 'buildah';

function networkMode(builder: BuilderKind, network: string): string {
  return usesContainersFlags(builder) && network === 'default' ? 'private' : network;
}

function commonArgs(request: BuildRequest): string[] {
  const args: string[] = [];
  if (request.file) args.push('--file', request.file);
  if (request.target) args.push('--target', request.target);
  for (const name of Object.keys(request.buildArgs)) args.push('--build-arg', name);
  for (const [key, value] of Object.entries(request.labels)) args.push('--label', `${key}=${value}`);
  for (const tag of request.tags) args.push('--tag', tag);
  if (request.platforms.length > 0) args.push('--platform', request.platforms.join(','));
  if (request.network) args.push('--network', networkMode(request.builder, request.network));
  if (request.noCache) args.push('--no-cache');
  if (request.pull) args.push(usesContainersFlags(request.builder) ? '--pull=always' : '--pull');
  for (const secret of request.secretFiles) args.push('--secret', `id=${secret.id},src=${secret.path}`);
  args.push('--iidfile', request.iidFile);
  return args;
}

/**
 * The build command for a builder: argument array plus environment. Pure. Secret values never appear: secrets are
 * files passed by path, build-argument values are read by the builder from its environment.
 */
export function planBuild(request: BuildRequest): BuildPlan {
  checkCapabilities(request);
  const env: Record<string, string> = { ...request.buildArgs };
  const common = commonArgs(request);
  switch (request.builder) {
    case 'buildx': {
      const pushesItself = request.platforms.length > 1;
      const args = ['buildx', 'build', ...common, '--metadata-file', request.metadataFile];
      for (const from of request.cacheFrom) args.push('--cache-from', from);
      for (const to of request.cacheTo) args.push('--cache-to', to);
      if (request.lambdaCompatible) args.push('--provenance=false', '--sbom=false');
      args.push(pushesItself ? '--push' : '--load', request.context);
      return { args, env, pushesItself };
    }
    case 'docker-buildkit':
      return {
        args: ['build', ...common, request.context],
        env: { ...env, DOCKER_BUILDKIT: '1' },
        pushesItself: false,
      };
    case 'docker-classic':
      return {
        args: ['build', ...common, request.context],
        env: { ...env, DOCKER_BUILDKIT: '0' },
        pushesItself: false,
      };
    case 'podman':
      return { args: ['build', ...common, request.context], env, pushesItself: false };
    case 'buildah':
      // `bud` (not `build`, which older releases lack); `--layers` keeps one layer per instruction and reuses them
      // on the next build, as docker does (buildah's own default commits a single layer and caches nothing). The
      // image is a single manifest: buildah writes a manifest list only when asked with --manifest.
      return { args: ['bud', '--layers', ...common, request.context], env, pushesItself: false };
  }
}
