/**
 * The real effects of china-region-deploy: CloudFormation over its Query client and S3 for the artifacts, both on
 * packages/aws's transport (proxy, NO_PROXY, CA bundle, timeouts, retries) in the target China region, signed with
 * the aws-cn credentials only (./credentials/partition-credentials.ts); SSM in the global account's region, signed
 * with the global account's credentials, when the aws-cn keys are kept there.
 */
import type { RunnerIO } from '@aws-delivery/action-kit';
import { createSignedSender, type AwsClientOptions } from '@aws-delivery/aws';
import { signRequest } from '@aws-delivery/aws/signing';
import type { AwsCredentialIdentity } from '@smithy/types';
import type { Config } from './config.js';
import { resolveCredentials, type CredentialChoice } from './credentials/environment.js';
import { partitionCredentials, type PartitionCredentials } from './credentials/partition-credentials.js';
import { createCloudFormationClient, type CloudFormationClient } from './deploy/cloudformation-client.js';
import { createS3ArtifactStore, type S3ArtifactStore } from './package/s3-artifact-store.js';

/** The CloudFormation and S3 clients of one side, in its region, signed with its partition's credentials. */
export interface SideClients {
  cloudFormation: CloudFormationClient;
  store: S3ArtifactStore;
}

export interface Clients extends SideClients {
  /** The global side's, when global-region is set. */
  global?: SideClients;
  /** Which credentials sign what: the aws-cn ones (read once, on first use) and the global account's. */
  credentials: PartitionCredentials;
  sleep(ms: number): Promise<void>;
  destroy(): void;
}

/** The transport options every client of the step shares (the endpoint, region and credentials are each one's). */
function transportOf(config: Config, io: RunnerIO): Omit<AwsClientOptions, 'region'> {
  return {
    ...config.network,
    requestTimeoutMs: config.requestTimeoutMs,
    env: io.env,
    log: (line: string) => io.log.debug(line),
    inputNames: { proxy: 'http-proxy', caBundle: 'ca-bundle' },
  };
}

function ssmSender(config: Config, io: RunnerIO, global: CredentialChoice) {
  const source = config.ssmKeys;
  if (!source) throw new Error('SSM is only opened when the aws-cn keys are kept there.');
  return createSignedSender({
    ...transportOf(config, io),
    service: 'ssm',
    region: source.region,
    ...(source.endpoint ? { endpoint: source.endpoint } : {}),
    inputNames: { region: 'ssm-region', endpoint: 'ssm-endpoint', proxy: 'http-proxy', caBundle: 'ca-bundle' },
    sign: async (request) =>
      signRequest({ ...request, credentials: await resolveCredentials(global, 'the SSM read in the global account') }),
  });
}

/** The inputs a side's configuration errors name: '' for the China side, 'global-' for the global one. */
function sideClients(
  io: RunnerIO,
  config: Config,
  side: Pick<Config, 'region' | 'bucket' | 'encryption' | 'cloudFormationEndpoint' | 's3Endpoint'>,
  prefix: '' | 'global-',
  credentials: () => Promise<AwsCredentialIdentity>,
): SideClients {
  const transport = transportOf(config, io);
  const common = { ...transport, region: side.region, credentials };
  const names = (endpoint: string) => ({
    ...transport.inputNames,
    region: `${prefix}region`,
    endpoint: `${prefix}${endpoint}`,
  });
  return {
    cloudFormation: createCloudFormationClient({
      ...common,
      inputNames: names('cloudformation-endpoint'),
      ...(side.cloudFormationEndpoint ? { endpoint: side.cloudFormationEndpoint } : {}),
    }),
    store: createS3ArtifactStore({
      ...common,
      inputNames: names('s3-endpoint'),
      bucket: side.bucket,
      encryption: side.encryption,
      ...(side.s3Endpoint ? { endpoint: side.s3Endpoint } : {}),
    }),
  };
}

export function realClients(config: Config, io: RunnerIO): Clients {
  const credentials = partitionCredentials(config, io, (global) => ssmSender(config, io, global));
  const china = sideClients(io, config, config, '', () => credentials.china());
  const global = config.global
    ? sideClients(io, config, config.global, 'global-', () => credentials.globalSigning())
    : undefined;
  return {
    ...china,
    ...(global ? { global } : {}),
    credentials,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    destroy() {
      for (const side of global ? [china, global] : [china]) {
        side.cloudFormation.destroy();
        side.store.destroy();
      }
    },
  };
}
