/**
 * Uploading planned artifacts to a store: each key looked up first and put only when it is not there, so an
 * unchanged checkout uploads nothing (the keys are content hashes).
 */
import type { PlannedArtifact } from './package-plan.js';

export interface ArtifactStore {
  /** Whether an object with this key is there (S3 HeadObject); undefined when the store cannot tell. */
  has(key: string): Promise<boolean | undefined>;
  /** Writes the object (S3 PutObject, with the store's server-side encryption). */
  put(artifact: Pick<PlannedArtifact, 'key' | 'body' | 'contentType'>): Promise<void>;
}

export interface UploadReport {
  uploaded: string[];
  /** Already there: not uploaded again. */
  present: string[];
}

/** Uploads what is missing, a few at a time, in the artifacts' order. */
export async function uploadArtifacts(
  artifacts: readonly Pick<PlannedArtifact, 'key' | 'body' | 'contentType'>[],
  store: ArtifactStore,
  options: { concurrency?: number } = {},
): Promise<UploadReport> {
  const unique = [...new Map(artifacts.map((artifact) => [artifact.key, artifact])).values()];
  const outcome = new Map<string, 'uploaded' | 'present'>();
  let next = 0;
  const worker = async () => {
    while (next < unique.length) {
      const artifact = unique[next] as (typeof unique)[number];
      next += 1;
      if ((await store.has(artifact.key)) === true) {
        outcome.set(artifact.key, 'present');
      } else {
        await store.put(artifact);
        outcome.set(artifact.key, 'uploaded');
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 4, unique.length)) }, worker));
  const keys = unique.map((artifact) => artifact.key);
  return {
    uploaded: keys.filter((key) => outcome.get(key) === 'uploaded'),
    present: keys.filter((key) => outcome.get(key) === 'present'),
  };
}
