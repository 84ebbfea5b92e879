import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, RetryStrategyV2 } from '@smithy/types';
import { AwsHttpHandler } from './sdk-http-handler.js';
import type { RetryPolicy } from './retry.js';
import { resolveTransportSettings, type AwsClientOptions } from './settings.js';

/** What to pass to any AWS SDK v3 client constructor: `new STSClient(awsClientConfig({ region }))`. */
export interface AwsClientConfig {
  region: string;
  endpoint?: string;
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  requestHandler: AwsHttpHandler;
  retryStrategy: RetryStrategyV2;
  maxAttempts: number;
}

/** The checked region and endpoint, the HTTP handler and the retry strategy every AWS SDK client is built on. */
export interface AwsTransport {
  region: string;
  endpoint?: string;
  handler: AwsHttpHandler;
  retryStrategy: RetryStrategyV2 & { policy: RetryPolicy };
  maxAttempts: number;
  log: (line: string) => void;
}

/**
 * The transport of an AWS SDK client: the settings every AWS client uses (resolveTransportSettings: region checked
 * against its partition, proxy with NO_PROXY, extra CA bundle, connect and request timeouts, retries of throttling,
 * 5xx and network errors only) with the SDK request handler built on them.
 */
export function transportFor(options: AwsClientOptions): AwsTransport {
  const { region, endpoint, proxy, ca, requestTimeoutMs, connectTimeoutMs, retryStrategy, maxAttempts, log } =
    resolveTransportSettings(options);
  return {
    region,
    ...(endpoint ? { endpoint } : {}),
    handler: new AwsHttpHandler({ proxy, ...(ca ? { ca } : {}), requestTimeoutMs, connectTimeoutMs, log }),
    retryStrategy,
    maxAttempts,
    log,
  };
}

/** The configuration of an AWS SDK v3 client, from the one transport (see transportFor). */
export function awsClientConfig(options: AwsClientOptions): AwsClientConfig {
  const transport = transportFor(options);
  return {
    region: transport.region,
    ...(transport.endpoint ? { endpoint: transport.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    requestHandler: transport.handler,
    retryStrategy: transport.retryStrategy,
    maxAttempts: transport.maxAttempts,
  };
}

/** `createClient(STSClient, { region })`: the client built from awsClientConfig, plus any client-specific config. */
export function createClient<Client, Extra extends object = object>(
  ClientClass: new (config: AwsClientConfig & Extra) => Client,
  options: AwsClientOptions,
  extra?: Extra,
): Client {
  return new ClientClass({ ...awsClientConfig(options), ...(extra ?? ({} as Extra)) });
}
