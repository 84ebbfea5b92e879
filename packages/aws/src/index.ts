export * from './names/index.js';
export { parseNoProxy, bypassesProxy } from './transport/no-proxy.js';
export type { NoProxyList, NoProxyRule } from './transport/no-proxy.js';
export { parseProxyUrl, resolveProxySettings, proxyFor, describeProxySettings } from './transport/proxy.js';
export type { ProxyEndpoint, ProxySettings, ProxyOptions, Environment } from './transport/proxy.js';
export { loadCaBundleFile, parsePemCertificates, resolveTrustedCertificates } from './transport/ca-bundle.js';
export type { CaBundleFile, TrustedCertificates } from './transport/ca-bundle.js';
export {
  classifyError,
  isRetryable,
  backoffDelay,
  createRetryStrategy,
  DEFAULT_RETRY_POLICY,
} from './transport/retry.js';
export type { ErrorClass, RetryPolicy, RetryEvent, RetryStrategyOptions } from './transport/retry.js';
export { AwsTransportError } from './transport/transport-errors.js';
export type { TransportFailure } from './transport/transport-errors.js';
export { AwsHttpHandler } from './transport/sdk-http-handler.js';
export { validateEndpoint } from './names/custom-endpoint.js';
export { awsClientConfig, createClient } from './transport/sdk-client-config.js';
export type { AwsClientConfig } from './transport/sdk-client-config.js';
export {
  resolveTransportSettings,
  DEFAULT_REQUEST_TIMEOUT_MS,
  DEFAULT_CONNECT_TIMEOUT_MS,
} from './transport/settings.js';
export type { AwsClientOptions, NetworkSettings, TransportSettings } from './transport/settings.js';
export { TransportRoutes } from './transport/routes.js';
export type { Route } from './transport/routes.js';
export { sendOnce, ResponseTooLargeError } from './transport/http-send.js';
export type { OutgoingRequest, HttpAnswer } from './transport/http-send.js';
export { getCallerIdentity } from './sts/caller-identity.js';
export { createRunnerStsClient, runnerCredentials } from './sts/runner-sts-client.js';
export type { CallerIdentity } from './sts/caller-identity.js';
export { explainAwsError } from './errors/explain-aws-error.js';
export type { AwsErrorContext } from './errors/explain-aws-error.js';
export { networkAgentFor, agentFor } from './transport/network-agent.js';
export type { NetworkOptions } from './transport/network-agent.js';
export { httpGet } from './transport/http-get.js';
export type { HttpGetOptions, HttpGetAnswer } from './transport/http-get.js';
export { transportFor } from './transport/sdk-client-config.js';
export type { AwsTransport } from './transport/sdk-client-config.js';
export { signRequest, presignUrl } from './signing/sigv4.js';
export type { SigningCredentials, SignRequestInput, PresignUrlInput } from './signing/sigv4.js';
export { createStsQueryClient, CredentialsProviderError } from './sts/query-client.js';
export type { StsCallOptions, StsQueryClient } from './sts/query-client.js';
export { StsServiceError, StsResponseError } from './sts/query-protocol.js';
export type {
  AssumeRoleInput,
  AssumeRoleOutput,
  AssumeRoleWithWebIdentityInput,
  AssumeRoleWithWebIdentityOutput,
  GetCallerIdentityOutput,
  Credentials as StsCredentials,
  AssumedRoleUser,
  Tag as StsTag,
  PolicyDescriptorType,
  ResponseMetadata,
} from './sts/query-protocol.js';
