/** How a repository is created when it is missing; an existing repository is never changed. */
export interface RepositorySettings {
  scanOnPush: boolean;
  tagMutability: 'MUTABLE' | 'IMMUTABLE';
  encryption: 'AES256' | 'KMS';
  kmsKey?: string;
  /** The lifecycle policy JSON text (read from the file the input names). */
  lifecyclePolicy?: string;
}

/** The settings of a repository as DescribeRepositories reports them. */
export interface ExistingRepository {
  scanOnPush?: boolean;
  tagMutability?: string;
  encryption?: string;
  kmsKey?: string;
}

/** The CreateRepository request for the settings. Pure. */
export function createRepositoryRequest(repositoryName: string, registryId: string, settings: RepositorySettings) {
  return {
    repositoryName,
    registryId,
    imageScanningConfiguration: { scanOnPush: settings.scanOnPush },
    imageTagMutability: settings.tagMutability,
    encryptionConfiguration: {
      encryptionType: settings.encryption,
      ...(settings.encryption === 'KMS' && settings.kmsKey ? { kmsKey: settings.kmsKey } : {}),
    },
  };
}

/**
 * How an existing repository differs from the settings this step would create it with, as sentences for a
 * notice. The repository is left as it is: changing a shared repository is a decision for its owner.
 */
export function repositoryDifferences(existing: ExistingRepository, wanted: RepositorySettings): string[] {
  const differences: string[] = [];
  if (existing.scanOnPush !== undefined && existing.scanOnPush !== wanted.scanOnPush) {
    differences.push(
      `scan on push is ${existing.scanOnPush ? 'on' : 'off'} (wanted ${wanted.scanOnPush ? 'on' : 'off'})`,
    );
  }
  if (existing.tagMutability && existing.tagMutability !== wanted.tagMutability) {
    differences.push(`tag mutability is ${existing.tagMutability} (wanted ${wanted.tagMutability})`);
  }
  if (existing.encryption && existing.encryption !== wanted.encryption) {
    differences.push(`encryption is ${existing.encryption} (wanted ${wanted.encryption})`);
  } else if (wanted.encryption === 'KMS' && wanted.kmsKey && existing.kmsKey && existing.kmsKey !== wanted.kmsKey) {
    differences.push(`the KMS key is ${existing.kmsKey} (wanted ${wanted.kmsKey})`);
  }
  return differences;
}

/** True when ECR refuses to overwrite tags in this repository. */
export function isImmutable(
  existing: ExistingRepository | undefined,
  created: RepositorySettings | undefined,
): boolean {
  const mutability = existing?.tagMutability ?? created?.tagMutability ?? 'MUTABLE';
  return mutability.startsWith('IMMUTABLE');
}
