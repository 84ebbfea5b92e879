export * from './names.js';
export { parseNoProxy, bypassesProxy } from './no-proxy.js';
export type { NoProxyList, NoProxyRule } from './no-proxy.js';
export { parseProxyUrl, resolveProxySettings, proxyFor, describeProxySettings } from './proxy.js';
export type { ProxyEndpoint, ProxySettings, ProxyOptions, Environment } from './proxy.js';
export { loadCaBundleFile, parsePemCertificates, resolveTrustedCertificates } from './ca-bundle.js';
export type { CaBundleFile, TrustedCertificates } from './ca-bundle.js';
export { classifyError, isRetryable, backoffDelay, createRetryStrategy, DEFAULT_RETRY_POLICY } from './retry.js';
export type { ErrorClass, RetryPolicy, RetryEvent, RetryStrategyOptions } from './retry.js';
export { AwsTransportError } from './transport-errors.js';
export type { TransportFailure } from './transport-errors.js';
export { AwsHttpHandler } from './http-handler.js';
export { validateEndpoint } from './endpoint.js';
export { awsClientConfig, createClient } from './client-config.js';
export type { AwsClientConfig } from './client-config.js';
export {
  resolveTransportSettings,
  DEFAULT_REQUEST_TIMEOUT_MS,
  DEFAULT_CONNECT_TIMEOUT_MS,
} from './transport-settings.js';
export type { AwsClientOptions, NetworkSettings, TransportSettings } from './transport-settings.js';
export { TransportRoutes } from './transport-routes.js';
export type { Route } from './transport-routes.js';
export { sendOnce, ResponseTooLargeError } from './http-send.js';
export type { OutgoingRequest, HttpAnswer } from './http-send.js';
export { getCallerIdentity } from './sts.js';
export type { CallerIdentity } from './sts.js';
export { explainAwsError } from './errors.js';
export type { AwsErrorContext } from './errors.js';
export { networkAgentFor, agentFor } from './network-agent.js';
export type { NetworkOptions } from './network-agent.js';
export { httpGet } from './http-get.js';
export type { HttpGetOptions, HttpGetAnswer } from './http-get.js';
export { transportFor } from './client-config.js';
export type { AwsTransport } from './client-config.js';
export { signRequest, presignUrl } from './sigv4.js';
export type { SigningCredentials, SignRequestInput, PresignUrlInput } from './sigv4.js';
export { createStsQueryClient, CredentialsProviderError } from './sts-query.js';
export type { StsQueryClient } from './sts-query.js';
export { StsServiceError, StsResponseError } from './sts-query-protocol.js';
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
} from './sts-query-protocol.js';
