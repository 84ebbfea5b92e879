import { ActionError } from '@aws-delivery/action-kit';
import type { RegistryCredentials } from '../ecr/ecr-api.js';
import type { TargetPush } from '../push/push-all.js';
import type { RegistryTarget } from '../targets/registry-target.js';
import type { ManifestSummary } from './manifest.js';

export type FetchManifest = (
  target: RegistryTarget,
  reference: string,
  credentials: RegistryCredentials | undefined,
) => Promise<ManifestSummary>;

export interface VerifiedTarget {
  target: RegistryTarget;
  manifest: ManifestSummary;
}

/**
 * Asks every target's registry, by tag, which digest it serves, and checks they are all the image this step
 * built; with lambdaCompatible, also that it is a single image manifest and not an index Lambda would refuse.
 */
export async function verifyTargets(
  pushes: readonly TargetPush[],
  tags: readonly string[],
  credentials: Map<RegistryTarget, RegistryCredentials | undefined>,
  fetch: FetchManifest,
  lambdaCompatible: boolean,
): Promise<{ digest: string; verified: VerifiedTarget[] }> {
  const verified = await Promise.all(
    pushes.map(async (push) => {
      const tag = push.pushed[0] ?? tags[0]!;
      const manifest = await fetch(push.target, tag, credentials.get(push.target));
      return { target: push.target, manifest, pushedDigest: push.digest };
    }),
  );
  const expected = verified.find((v) => v.pushedDigest)?.pushedDigest ?? verified[0]!.manifest.digest;
  const wrong = verified.filter(
    (v) => v.manifest.digest !== expected || (v.pushedDigest && v.pushedDigest !== expected),
  );
  if (wrong.length > 0) {
    throw new ActionError(
      `The registries do not serve the same image: expected ${expected}, but ${wrong
        .map((v) => `${v.target.registryHost}/${v.target.repository} serves ${v.manifest.digest}`)
        .join(', ')}.`,
      'a tag that already existed in an immutable repository points at an older build: push a unique tag (auto-tags sha) or use a mutable repository.',
    );
  }
  if (lambdaCompatible) {
    const index = verified.find((v) => v.manifest.isIndex);
    if (index) {
      throw new ActionError(
        `lambda-compatible is true, but ${index.target.registryHost}/${index.target.repository}@${expected} is an index (${index.manifest.mediaType}; entries ${index.manifest.platforms.join(', ')}), which AWS Lambda refuses.`,
        'build a single platform with builder buildx (the action adds --provenance=false --sbom=false), or check that nothing else pushed to this tag.',
      );
    }
  }
  return { digest: expected, verified: verified.map(({ target, manifest }) => ({ target, manifest })) };
}
