/**
 * Which credentials sign which calls, kept apart by partition. The aws-cn calls (CloudFormation and S3 in the China
 * region) are signed with the China credentials only: the access-key-id input, or the keys read from SSM, or — with
 * neither — the step environment (assume-role into an aws-cn account). The global account's credentials (the step
 * environment's, when the China keys came from the inputs or SSM) sign the SSM read and nothing in aws-cn. The same
 * access key on both sides is refused: one of them is in the wrong partition.
 */
import { ActionError, type RunnerIO } from '@aws-delivery/action-kit';
import type { SignedSender } from '@aws-delivery/aws';
import { partitionOfRegion } from '@aws-delivery/aws/names';
import type { AwsCredentialIdentity } from '@smithy/types';
import type { Config } from '../config.js';
import { environmentCredentials, resolveCredentials, type CredentialChoice } from './environment.js';
import { readKeysFromSsm } from './ssm-keys.js';

export interface PartitionCredentials {
  /** The aws-cn credentials; the first call reads them (from SSM when so configured), later calls reuse them. */
  china(): Promise<AwsCredentialIdentity>;
  chinaSource: string;
  /** The global account's credentials: set when the China keys came from the inputs or SSM. */
  global?: CredentialChoice;
  /** For the global side's calls: the global credentials, once checked to be other than the aws-cn ones. */
  globalSigning(): Promise<AwsCredentialIdentity>;
}

/** Opens the SSM sender in the configured region, signing with the given (global) credentials. */
export type OpenSsm = (credentials: CredentialChoice) => SignedSender;

function once<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => (pending ??= load());
}

async function checkApart(china: AwsCredentialIdentity, global: CredentialChoice): Promise<AwsCredentialIdentity> {
  const globalKeys = await resolveCredentials(global, 'the global account');
  if (globalKeys.accessKeyId === china.accessKeyId)
    throw new ActionError(
      `The aws-cn calls would be signed with the same access key as the global account's (${global.source}).`,
      'Give the aws-cn IAM user’s keys (access-key-id, or the SSM parameters), and the global account’s credentials in the step environment (assume-role).',
    );
  return globalKeys;
}

function withGlobal(
  china: () => Promise<AwsCredentialIdentity>,
  global: CredentialChoice,
): Pick<PartitionCredentials, 'china' | 'global' | 'globalSigning'> {
  return { china, global, globalSigning: once(async () => checkApart(await china(), global)) };
}

async function noGlobal(): Promise<never> {
  throw new Error('The global side needs the aws-cn keys from the inputs or SSM (the configuration checks this).');
}

export function partitionCredentials(
  config: Pick<Config, 'keys' | 'ssmKeys'>,
  io: Pick<RunnerIO, 'env' | 'mask'>,
  openSsm: OpenSsm,
): PartitionCredentials {
  const { keys, ssmKeys } = config;
  if (keys)
    return {
      chinaSource: 'the access-key-id input',
      ...withGlobal(
        once(async () => keys),
        environmentCredentials(io),
      ),
    };
  if (ssmKeys) {
    const global = environmentCredentials(io);
    const china = once(async () => {
      const sender = openSsm(global);
      try {
        const read = await readKeysFromSsm(sender, ssmKeys, (secret) => io.mask(secret));
        await checkApart(read, global);
        return read;
      } finally {
        sender.destroy();
      }
    });
    return {
      chinaSource: `SSM parameters ${ssmKeys.accessKeyIdParameter} and ${ssmKeys.secretAccessKeyParameter} (${ssmKeys.region})`,
      ...withGlobal(china, global),
    };
  }
  const chosen = environmentCredentials(io);
  return {
    china: once(() => resolveCredentials(chosen, 'the aws-cn calls')),
    chinaSource: chosen.source,
    globalSigning: noGlobal,
  };
}

/** For the log: which calls, in which region and partition, are signed with which credentials (never the keys). */
export function signingLines(
  config: Pick<Config, 'region' | 'ssmKeys' | 'global'>,
  credentials: Pick<PartitionCredentials, 'chinaSource' | 'global'>,
): string[] {
  const lines = [
    `CloudFormation and S3 in ${config.region} (partition ${partitionOfRegion(config.region).id}): signed with ${credentials.chinaSource}.`,
  ];
  if (config.ssmKeys && credentials.global)
    lines.unshift(
      `SSM GetParameter in ${config.ssmKeys.region} (partition ${partitionOfRegion(config.ssmKeys.region).id}): signed with ${credentials.global.source}.`,
    );
  if (config.global && credentials.global)
    lines.push(
      `CloudFormation and S3 in ${config.global.region} (partition ${partitionOfRegion(config.global.region).id}): signed with ${credentials.global.source}.`,
    );
  return lines;
}
