/**
 * The real effects of china-region-deploy: CloudFormation over its Query client and S3 for the artifacts, both on
 * packages/aws's transport (proxy, NO_PROXY, CA bundle, timeouts, retries) in the target China region, signed with
 * the step's aws-cn credentials (inputs, else the environment assume-role exported, else the runner's own).
 */
import type { RunnerIO } from '@aws-delivery/action-kit';
import { runnerCredentials } from '@aws-delivery/aws';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { Config } from './config.js';
import { createCloudFormationClient, type CloudFormationClient } from './deploy/cloudformation-client.js';
import { createS3ArtifactStore, type S3ArtifactStore } from './package/s3-artifact-store.js';

export interface Clients {
  cloudFormation: CloudFormationClient;
  store: S3ArtifactStore;
  /** Where the credentials came from, for the log (never the keys themselves). */
  credentialSource: string;
  sleep(ms: number): Promise<void>;
  destroy(): void;
}

function credentialsOf(
  config: Config,
  io: Pick<RunnerIO, 'env' | 'mask'>,
): { source: string; credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider } {
  if (config.keys) return { source: 'the access-key-id input', credentials: config.keys };
  const { AWS_ACCESS_KEY_ID: id, AWS_SECRET_ACCESS_KEY: secret, AWS_SESSION_TOKEN: token } = io.env;
  if (id && secret) {
    io.mask(secret);
    if (token) io.mask(token);
    return {
      source: 'AWS_ACCESS_KEY_ID of the step environment',
      credentials: { accessKeyId: id, secretAccessKey: secret, ...(token ? { sessionToken: token } : {}) },
    };
  }
  return { source: "the runner's default credential chain", credentials: runnerCredentials() };
}

export function realClients(config: Config, io: RunnerIO): Clients {
  const { source, credentials } = credentialsOf(config, io);
  const common = {
    region: config.region,
    credentials,
    requestTimeoutMs: config.requestTimeoutMs,
    env: io.env,
    log: (line: string) => io.log.debug(line),
  };
  const cloudFormation = createCloudFormationClient({
    ...common,
    ...(config.cloudFormationEndpoint ? { endpoint: config.cloudFormationEndpoint } : {}),
  });
  const store = createS3ArtifactStore({
    ...common,
    bucket: config.bucket,
    encryption: config.encryption,
    ...(config.s3Endpoint ? { endpoint: config.s3Endpoint } : {}),
  });
  return {
    cloudFormation,
    store,
    credentialSource: source,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    destroy() {
      cloudFormation.destroy();
      store.destroy();
    },
  };
}
