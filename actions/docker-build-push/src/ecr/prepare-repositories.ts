import { ActionError, type Log } from '@aws-delivery/action-kit';
import type { RegistryTarget } from '../targets/registry-target.js';
import type { EcrApi } from './ecr-api.js';
import { isImmutable, repositoryDifferences, type RepositorySettings } from './repository-settings.js';

export interface PreparedTarget {
  target: RegistryTarget;
  created: boolean;
  immutable: boolean;
  /** Tags that already exist in an immutable repository, with the digest they point at: not pushed again. */
  existing: Map<string, string>;
}

function describeSettings(settings: RepositorySettings): string {
  return [
    settings.scanOnPush ? 'scan on push' : 'no scan on push',
    settings.tagMutability,
    settings.encryption === 'KMS' ? `KMS${settings.kmsKey ? ` ${settings.kmsKey}` : ''}` : 'AES256',
    ...(settings.lifecyclePolicy ? ['lifecycle policy'] : []),
  ].join(', ');
}

/**
 * For each ECR target: creates the repository when it is missing (and allowed to), reports (never changes) the
 * settings of one that exists, and finds tags that already exist where tags are immutable. Targets run in parallel.
 */
export async function prepareRepositories(
  targets: readonly RegistryTarget[],
  tags: readonly string[],
  ecr: EcrApi,
  settings: RepositorySettings,
  create: boolean,
  log: Log,
): Promise<PreparedTarget[]> {
  return Promise.all(
    targets.map(async (target): Promise<PreparedTarget> => {
      if (target.kind !== 'ecr') return { target, created: false, immutable: false, existing: new Map() };
      const existing = await ecr.describeRepository(target);
      let created = false;
      if (!existing) {
        if (!create) {
          throw new ActionError(
            `The repository ${target.repository} does not exist in ${target.registryHost}.`,
            'create it (infrastructure as code), or set create-repository: true.',
          );
        }
        await ecr.createRepository(target, settings);
        created = true;
        log.info(
          `Created the repository ${target.repository} in ${target.registryHost} (${describeSettings(settings)}).`,
        );
      } else {
        const differences = repositoryDifferences(existing, settings);
        if (differences.length > 0) {
          log.notice(
            `The repository ${target.repository} in ${target.registryHost} exists and is left unchanged: ${differences.join('; ')}.`,
          );
        }
      }
      const immutable = isImmutable(existing, created ? settings : undefined);
      const found = immutable && !created ? await ecr.existingTags(target, tags) : new Map<string, string>();
      for (const [tag, digest] of found) {
        log.notice(
          `Skipping the tag ${tag} for ${target.registryHost}/${target.repository}: it already exists there as ${digest} and the repository's tags are immutable.`,
        );
      }
      return { target, created, immutable, existing: found };
    }),
  );
}
