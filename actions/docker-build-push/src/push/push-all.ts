import { ActionError } from '@aws-delivery/action-kit';
import type { PreparedTarget } from '../ecr/prepare-repositories.js';
import { pushTarget, type PushOptions, type PushedTarget } from './push-target.js';

export interface TargetPush extends Omit<PushedTarget, 'digest'> {
  /** The digest pushed, or the one the existing tags point at when every tag already existed. */
  digest?: string;
  skipped: string[];
}

/** Pushes to every target at once; each target retries its own transient failures. All failures are reported together. */
export async function pushAll(
  prepared: readonly PreparedTarget[],
  tags: readonly string[],
  options: PushOptions,
): Promise<TargetPush[]> {
  const settled = await Promise.allSettled(
    prepared.map(async ({ target, existing }): Promise<TargetPush> => {
      const toPush = tags.filter((tag) => !existing.has(tag));
      const skipped = tags.filter((tag) => existing.has(tag));
      if (toPush.length === 0) {
        options.log(
          `Nothing pushed to ${target.registryHost}/${target.repository}: every tag (${skipped.join(', ')}) already exists in this immutable repository, so the image built now is not there. Add a unique tag (auto-tags sha) to publish it.`,
        );
        const digests = new Set(existing.values());
        return { target, pushed: [], skipped, retries: 0, ...(digests.size === 1 ? { digest: [...digests][0]! } : {}) };
      }
      const result = await pushTarget(target, toPush, options);
      return { ...result, skipped };
    }),
  );
  const failures = settled.flatMap((s, i) =>
    s.status === 'rejected' ? [[prepared[i]!.target.label, s.reason] as const] : [],
  );
  if (failures.length > 0) {
    const [first] = failures;
    const hint = first![1] instanceof ActionError ? first![1].hint : undefined;
    throw new ActionError(failures.map(([label, error]) => `${label}: ${(error as Error).message}`).join(' | '), hint);
  }
  return settled.map((s) => (s as PromiseFulfilledResult<TargetPush>).value);
}
