import type { Environment } from '../transport/proxy.js';
import type { AwsClientOptions } from '../transport/settings.js';
import { createStsQueryClient, type StsQueryClient } from './query-client.js';
import { runnerCredentials } from './runner-credentials.js';

/**
 * The STS endpoint an AWS SDK client would take from the environment: AWS_ENDPOINT_URL_STS, else AWS_ENDPOINT_URL,
 * neither when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is true
 * (https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html).
 */
export function configuredStsEndpoint(env: Environment): { name: string; value: string } | undefined {
  if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.trim().toLowerCase() === 'true') return undefined;
  for (const name of ['AWS_ENDPOINT_URL_STS', 'AWS_ENDPOINT_URL']) {
    const value = env[name]?.trim();
    if (value) return { name, value };
  }
  return undefined;
}

/**
 * An STS client for a step that names neither credentials nor endpoint, finding both as an AWS SDK client would:
 * the runner's credentials (runnerCredentials) and the endpoint configured in the environment
 * (configuredStsEndpoint). Options given explicitly win.
 */
export function createRunnerStsClient(options: AwsClientOptions): StsQueryClient {
  const configured = options.endpoint ? undefined : configuredStsEndpoint(options.env ?? process.env);
  return createStsQueryClient({
    credentials: runnerCredentials(),
    ...options,
    ...(configured
      ? { endpoint: configured.value, inputNames: { ...options.inputNames, endpoint: configured.name } }
      : {}),
  });
}
