import { ConfigurationError } from '@aws-delivery/action-kit';

export const CACHE_PRESETS = ['none', 'ecr', 'gha'] as const;
export type CachePreset = (typeof CACHE_PRESETS)[number];

export interface CacheSettings {
  preset: CachePreset;
  /** For `ecr`: the registry image holding the cache (default: the first ECR target's repository, tag buildcache). */
  ref?: string;
  /** Raw `--cache-from` / `--cache-to` values for buildx. */
  from: string[];
  to: string[];
}

/**
 * The `--cache-from` / `--cache-to` values of a preset. `ecr` is the layout ECR accepts: an OCI image manifest
 * (image-manifest=true, oci-mediatypes=true) rather than an index ECR refuses; `gha` is the GitHub Actions cache.
 */
export function cacheArgs(settings: CacheSettings, ecrRef: string | undefined): { from: string[]; to: string[] } {
  const from = [...settings.from];
  const to = [...settings.to];
  if (settings.preset === 'ecr') {
    const ref = settings.ref ?? ecrRef;
    if (!ref) {
      throw new ConfigurationError(
        'Input "cache" is ecr, but no registry target is an ECR registry and cache-ref is empty. Fix: set ' +
          'cache-ref to the image that holds the cache (an image in a mutable repository, tag buildcache).',
        'cache',
      );
    }
    from.push(`type=registry,ref=${ref}`);
    to.push(`type=registry,ref=${ref},mode=max,image-manifest=true,oci-mediatypes=true`);
  } else if (settings.preset === 'gha') {
    from.push('type=gha');
    to.push('type=gha,mode=max');
  }
  return { from, to };
}
