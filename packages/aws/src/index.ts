// What the actions and the other packages use, named one by one; tests import the rest by path.

// Names: partitions, regions, account ids, ARNs and hosts (also on the light `@aws-delivery/aws/names` entry).
export { roleArn, parseArn } from './names/arn.js';
export { validateAccountId } from './names/account-id.js';
export { validateEndpoint } from './names/custom-endpoint.js';
export { partitionById } from './names/partitions.js';
export type { PartitionId } from './names/partitions.js';
export { partitionOfRegion, validateRegion } from './names/regions.js';
export { ecrRegistryHost, oidcAudience, serviceHost, stsHost } from './names/service-hosts.js';

// Transport: proxy, NO_PROXY, CA bundle, timeouts and retries, for SDK clients and our own requests.
export { createHttpClient, neverSent } from './transport/http-client.js';
export type { HttpClient } from './transport/http-client.js';
export { httpGet } from './transport/http-get.js';
export { sendOnce } from './transport/http-send.js';
export type { HttpAnswer } from './transport/http-send.js';
export { TransportRoutes } from './transport/routes.js';
export { resolveTransportSettings } from './transport/settings.js';
export type { AwsClientOptions, TransportSettings } from './transport/settings.js';
export type { HttpGetAnswer } from './transport/http-get.js';
export { describeRoute, networkAgentFor } from './transport/network-agent.js';
export { backoffDelay, classifyError, DEFAULT_RETRY_POLICY, stampAttempts } from './transport/retry.js';
export type { ErrorClass, RetryPolicy } from './transport/retry.js';
export { awsClientConfig, createClient } from './transport/sdk-client-config.js';
export { createSignedSender } from './transport/signed-sender.js';
export type { RequestToSign, SignedSender } from './transport/signed-sender.js';

// Signing.
export { presignUrl } from './signing/sigv4.js';

// STS, on our own Query protocol client.
export { getCallerIdentity } from './sts/caller-identity.js';
export { createStsQueryClient } from './sts/query-client.js';
export type { StsQueryClient } from './sts/query-client.js';
export { runnerCredentials } from './sts/runner-credentials.js';
export { createRunnerStsClient } from './sts/runner-sts-client.js';

// CloudWatch, on a signed sender.
export { describeAlarms } from './cloudwatch/describe-alarms.js';

// What an AWS error means and what to do about it.
export { explainAwsError } from './errors/explain-aws-error.js';

// The XML of Query-protocol answers (STS, CloudFormation).
export { find, parseXml, textAt } from './sts/xml-fields.js';
export type { XmlElement } from './sts/xml-fields.js';
