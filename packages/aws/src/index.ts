// What the actions and the other packages use, named one by one; tests import the rest by path.

// Names: partitions, regions, account ids, ARNs and hosts (also on the light `@aws-delivery/aws/names` entry).
export { roleArn, parseArn } from './names/arn.js';
export { validateAccountId } from './names/account-id.js';
export { validateEndpoint } from './names/custom-endpoint.js';
export { partitionById } from './names/partitions.js';
export type { PartitionId } from './names/partitions.js';
export { partitionOfRegion, validateRegion } from './names/regions.js';
export { ecrRegistryHost, oidcAudience, stsHost } from './names/service-hosts.js';

// Transport: proxy, NO_PROXY, CA bundle, timeouts and retries, for SDK clients and our own requests.
export { httpGet } from './transport/http-get.js';
export type { HttpGetAnswer } from './transport/http-get.js';
export { networkAgentFor } from './transport/network-agent.js';
export { backoffDelay, classifyError, DEFAULT_RETRY_POLICY } from './transport/retry.js';
export type { RetryPolicy } from './transport/retry.js';
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
