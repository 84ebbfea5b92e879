/**
 * Image substitution in pod templates: each new image replaces the containers whose image is the same repository
 * (registry with port, path), whatever tag or digest they had; registry rewrites move references from one registry
 * (or registry/path prefix) to another, e.g. Docker Hub to an ECR pull-through cache in aws-cn.
 */
import { DOCKER_HUB, formatImageRef, parseImageRef, type ImageRef } from './image-ref.js';
import { podSpecsOf, type KubeObject, type PodSpecLike } from './objects.js';

export interface RegistryRewrite {
  /** A registry, or a registry/path prefix (`docker.io/library`). */
  from: string;
  /** What replaces it (`123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/docker-hub`). */
  to: string;
}

export interface ImageChange {
  object: string;
  container: string;
  from: string;
  to: string;
}

export interface SubstitutionResult {
  objects: KubeObject[];
  changes: ImageChange[];
  /** New images that matched no container in any manifest. */
  unused: string[];
}

function withoutTrailingSlash(text: string): string {
  return text.replace(/\/+$/, '');
}

/** `from` as a canonical repository prefix (docker.io for Docker Hub), to compare with ImageRef.repository. */
function canonicalPrefix(from: string): string {
  const clean = withoutTrailingSlash(from);
  const [first, ...rest] = clean.split('/');
  const isRegistry = first !== undefined && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (!isRegistry) return `${DOCKER_HUB}/${clean}`;
  const registry = ['index.docker.io', 'registry-1.docker.io'].includes(first) ? DOCKER_HUB : first;
  return [registry, ...rest].join('/');
}

/** The reference rewritten by the first matching rule (whole path components only), or unchanged. */
export function rewriteRegistry(reference: string, rewrites: readonly RegistryRewrite[]): string {
  const ref = parseImageRef(reference);
  for (const rule of rewrites) {
    const prefix = canonicalPrefix(rule.from);
    if (ref.repository !== prefix && !ref.repository.startsWith(`${prefix}/`)) continue;
    const remainder = ref.repository.slice(prefix.length).replace(/^\//, '');
    const target = withoutTrailingSlash(rule.to);
    const rewritten = parseImageRef(`${target}/${remainder}`);
    return formatImageRef({ registry: rewritten.registry, path: rewritten.path, tag: ref.tag, digest: ref.digest });
  }
  return reference;
}

function describe(object: KubeObject): string {
  const ns = object.metadata?.namespace ? `${object.metadata.namespace}/` : '';
  return `${object.kind}/${ns}${object.metadata?.name ?? '?'}`;
}

/**
 * Applies registry rewrites to every container image, then the new images by repository. Objects that hold a pod
 * spec are copied, not changed in place; the others (nothing in them to change) are returned as they are. A new
 * image is matched against the rewritten references, so `images` may name the target registry.
 */
export function substituteImages(
  objects: readonly KubeObject[],
  images: readonly string[],
  rewrites: readonly RegistryRewrite[] = [],
): SubstitutionResult {
  const replacements = images.map((image) => ({ image, ref: parseImageRef(image) }));
  const used = new Set<string>();
  const changes: ImageChange[] = [];
  const copies = objects.map((object) => (podSpecsOf(object).length ? structuredClone(object) : object));
  for (const object of copies) {
    for (const spec of podSpecsOf(object)) {
      for (const container of containersOf(spec)) {
        if (typeof container.image !== 'string' || !container.image) continue;
        const before = container.image;
        let image = rewriteRegistry(before, rewrites);
        const current: ImageRef = parseImageRef(image);
        const replacement = replacements.find((r) => r.ref.repository === current.repository);
        if (replacement) {
          image = replacement.image;
          used.add(replacement.image);
        }
        if (image !== before) {
          container.image = image;
          changes.push({ object: describe(object), container: String(container.name ?? '?'), from: before, to: image });
        }
      }
    }
  }
  return { objects: copies, changes, unused: images.filter((image) => !used.has(image)) };
}

interface ContainerLike {
  name?: unknown;
  image?: unknown;
}

function containersOf(spec: PodSpecLike): ContainerLike[] {
  return ['initContainers', 'containers', 'ephemeralContainers'].flatMap((key) => {
    const list = spec[key];
    return Array.isArray(list) ? (list.filter((c) => c && typeof c === 'object') as ContainerLike[]) : [];
  });
}
