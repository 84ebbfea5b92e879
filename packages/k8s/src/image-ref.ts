/**
 * Container image references as the Docker/OCI distribution grammar reads them:
 *   [registry[:port]/]path[:tag][@algorithm:digest]
 * The first path component is a registry only when it holds a `.` or a `:`, is `localhost`, or has upper-case
 * letters; so `host:5000/img:tag` is image `img` on registry `host:5000` with tag `tag`, never a tag of `host`.
 * The tag is a `:` after the last `/`. Defaults follow Docker (docker.io, `library/` for one-component names,
 * `latest` only when neither tag nor digest is given) and are kept apart from what was written.
 * The repository's one image grammar, also as `@aws-delivery/k8s/image-ref`: docker-build-push checks its inputs
 * with it, eks-deploy reads manifests with it.
 */
import { PARTITIONS, type PartitionId } from '@aws-delivery/aws/names';

export interface ImageRef {
  /** What was parsed. */
  original: string;
  /** The registry as written, or undefined when the reference has none (Docker Hub). */
  registry: string | undefined;
  /** The repository path as written (`library/` is not added). */
  path: string;
  tag: string | undefined;
  digest: string | undefined;
  /** registry (docker.io when absent) + path (`library/` added for one-component Docker Hub names). */
  repository: string;
}

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^\w[\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/;
const SHA256 = /^sha256:[a-f0-9]{64}$/;
const HOST =
  /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:.]+\])(?::\d{1,5})?$/;
export const DOCKER_HUB = 'docker.io';
const DOCKER_HUB_ALIASES = ['docker.io', 'index.docker.io', 'registry-1.docker.io'];

export class ImageRefError extends Error {
  override readonly name = 'ImageRefError';
}

/** A tag: letters, digits, `_`, `.` and `-`, at most 128, not starting with `.` or `-`. */
export function isValidTag(tag: string): boolean {
  return TAG.test(tag);
}

/** A registry host with an optional port: a DNS name, an IPv4 address or a bracketed IPv6 address. */
export function isValidHost(host: string): boolean {
  return HOST.test(host);
}

/** A repository path: `/`-separated components of lower-case letters and digits with single separators. */
export function isValidRepositoryPath(path: string): boolean {
  return path.split('/').every((component) => PATH_COMPONENT.test(component));
}

function isRegistryComponent(component: string): boolean {
  return (
    component.includes('.') ||
    component.includes(':') ||
    component === 'localhost' ||
    component !== component.toLowerCase()
  );
}

function canonicalRegistry(registry: string | undefined): string {
  if (!registry || DOCKER_HUB_ALIASES.includes(registry)) return DOCKER_HUB;
  return registry;
}

/** Parses an image reference; throws ImageRefError saying which rule a bad reference breaks. */
export function parseImageRef(reference: string): ImageRef {
  const text = reference.trim();
  if (!text) throw new ImageRefError('an image reference is empty');
  if (/\s/.test(text)) throw new ImageRefError(`image reference "${reference}" contains white space`);
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest) || (digest.startsWith('sha256:') && !SHA256.test(digest))) {
      throw new ImageRefError(
        `image reference "${reference}" has an invalid digest "${digest}" (expected algorithm:hex; sha256 is 64 lower-case hex digits)`,
      );
    }
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.indexOf(':', lastSlash + 1);
  if (colon >= 0) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!isValidTag(tag)) {
      throw new ImageRefError(
        `image reference "${reference}" has an invalid tag "${tag}" (letters, digits, _, . and -, at most 128, not starting with . or -)`,
      );
    }
  }
  const components = rest.split('/');
  let registry: string | undefined;
  if (components.length > 1 && isRegistryComponent(components[0] ?? '')) {
    registry = components.shift();
    if (!registry || !isValidHost(registry)) {
      throw new ImageRefError(`image reference "${reference}" has an invalid registry host "${registry ?? ''}"`);
    }
  }
  for (const component of components) {
    if (!isValidRepositoryPath(component)) {
      throw new ImageRefError(
        `image reference "${reference}" has an invalid repository component "${component}" (lower-case letters, digits and single separators . _ __ -)`,
      );
    }
  }
  const path = components.join('/');
  if (path.length + (registry ? registry.length + 1 : 0) > 255) {
    throw new ImageRefError(`image reference "${reference}" has a repository name longer than 255 characters`);
  }
  const hub = canonicalRegistry(registry) === DOCKER_HUB;
  const repository = `${canonicalRegistry(registry)}/${hub && components.length === 1 ? `library/${path}` : path}`;
  return { original: reference, registry, path, tag, digest, repository };
}

/** The repository of a reference or a bare repository name (no tag or digest needed): for matching. */
export function repositoryOf(reference: string): string {
  return parseImageRef(reference).repository;
}

/** Writes a reference back: registry/path[:tag][@digest], keeping what was written. */
export function formatImageRef(ref: Pick<ImageRef, 'registry' | 'path' | 'tag' | 'digest'>): string {
  return `${ref.registry ? `${ref.registry}/` : ''}${ref.path}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}

export interface EcrRegistry {
  accountId: string;
  region: string;
  partition: PartitionId;
  fips: boolean;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** An ECR registry host in any partition (`<account>.dkr.ecr[-fips].<region>.<suffix>`), or undefined. */
export function parseEcrHost(host: string): EcrRegistry | undefined {
  const bare = host.replace(/:\d+$/, '');
  for (const partition of PARTITIONS) {
    const pattern = new RegExp(`^(\\d{12})\\.dkr\\.ecr(-fips)?\\.([a-z0-9-]+)\\.${escapeRegExp(partition.dnsSuffix)}$`);
    const match = pattern.exec(bare);
    if (!match) continue;
    const region = match[3] ?? '';
    // aws and aws-us-gov share a DNS suffix: the region decides.
    if (!partition.regions.includes(region) && !partition.regionPattern.test(region)) continue;
    if (PARTITIONS.some((other) => other !== partition && other.regions.includes(region))) continue;
    return { accountId: match[1] ?? '', region, partition: partition.id, fips: Boolean(match[2]) };
  }
  return undefined;
}
