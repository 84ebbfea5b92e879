/**
 * GetAuthorizationToken without the AWS SDK, for a login that needs nothing else from ECR (login-only): one SigV4
 * request on ECR's JSON protocol (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_GetAuthorizationToken.html)
 * through packages/aws's signed sender (proxy, NO_PROXY, CA bundle, timeouts, retries, as the SDK client has them).
 * Taken only when the SDK's default chain would sign with the static keys in the environment and the SDK client
 * would call the same endpoint; otherwise `staticKeysFor` says no and the SDK client does the call.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ActionError, type RunnerIO } from '@aws-delivery/action-kit';
import { createSignedSender, serviceHost } from '@aws-delivery/aws';
import { signRequest, type SigningCredentials } from '@aws-delivery/aws/signing';
import type { RegistryTarget } from '../targets/registry-target.js';
import { credentialsOfToken } from './authorization-token.js';
import type { EcrApiOptions, RegistryCredentials } from './ecr-api.js';
import { ecrFailure } from './ecr-failure.js';

type Env = RunnerIO['env'];

/** Settings with which an SDK client would pick another endpoint, or other credentials, than the ones used here. */
const SDK_ENDPOINT_SETTINGS = [
  'AWS_ENDPOINT_URL_ECR',
  'AWS_ENDPOINT_URL',
  'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS',
  'AWS_USE_FIPS_ENDPOINT',
  'AWS_USE_DUALSTACK_ENDPOINT',
];

/** Whether the shared config file has a [default] section (whose settings, endpoints among them, the SDK reads). */
function defaultProfileConfigured(env: Env): boolean {
  const file = env.AWS_CONFIG_FILE || join(env.HOME || homedir(), '.aws', 'config');
  if (!existsSync(file)) return false;
  return /^\s*\[\s*(profile\s+)?default\s*\]/m.test(readFileSync(file, 'utf8'));
}

/**
 * The static keys the SDK's default chain would sign this target's calls with, when they are certainly those: no
 * profile (the target's, or AWS_PROFILE, which makes the chain skip the environment), both keys set, and nothing
 * that would move an SDK client to another endpoint. Undefined otherwise.
 */
export function staticKeysFor(target: RegistryTarget, env: Env): SigningCredentials | undefined {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!target.ecr || target.ecr.profile || env.AWS_PROFILE || !accessKeyId || !secretAccessKey) return undefined;
  if (!target.ecr.apiEndpoint && SDK_ENDPOINT_SETTINGS.some((name) => env[name])) return undefined;
  if (defaultProfileConfigured(env)) return undefined;
  return { accessKeyId, secretAccessKey, ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}) };
}

interface TokenAnswer {
  authorizationData?: { authorizationToken?: string; expiresAt?: number }[];
}

/** The target's registry login from GetAuthorizationToken, signed with `keys`. */
export async function authorizeWithKeys(
  target: RegistryTarget,
  keys: SigningCredentials,
  options: EcrApiOptions & { env: Env },
): Promise<RegistryCredentials> {
  const ecr = target.ecr!;
  options.io.mask(keys.secretAccessKey);
  if (keys.sessionToken) options.io.mask(keys.sessionToken);
  const sender = createSignedSender({
    // The API's host is api.ecr.<region>; its signing name is ecr.
    service: 'api.ecr',
    region: ecr.region,
    endpoint: ecr.apiEndpoint ?? `https://${serviceHost('api.ecr', ecr.region)}`,
    ...(options.proxy ? { proxy: options.proxy } : {}),
    ...(options.caBundle ? { caBundle: options.caBundle } : {}),
    ...(options.requestTimeoutMs ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
    allowUnknownRegion: options.allowUnknownRegion ?? false,
    env: options.env,
    log: (line) => options.io.log.debug(line),
    inputNames: { region: 'registries region', endpoint: 'ecr-endpoint', proxy: 'http-proxy', caBundle: 'ca-bundle' },
    sign: async (request) => signRequest({ ...request, service: 'ecr', credentials: keys }),
  });
  let body: string;
  try {
    ({ body } = await sender.send({
      operation: 'ecr:GetAuthorizationToken',
      method: 'POST',
      path: '/',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken',
      },
      body: JSON.stringify({ registryIds: [ecr.account] }),
    }));
  } catch (error) {
    // Service and transport errors alike, said as the SDK path says them: the registry, the call, the attempts.
    throw ecrFailure(target, ecr, 'GetAuthorizationToken', error);
  } finally {
    sender.destroy();
  }
  let data: NonNullable<TokenAnswer['authorizationData']>[number] | undefined;
  try {
    data = (JSON.parse(body) as TokenAnswer).authorizationData?.[0];
  } catch (error) {
    // Quoting none of the body: what answered may be a proxy's page, or hostile.
    throw new ActionError(
      `${target.registryHost}: ecr:GetAuthorizationToken failed: the answer is not the document the service sends.`,
      'Something between this runner and AWS answered instead of ECR: check the ecr-endpoint input and the proxy ' +
        '(HTTPS_PROXY or the http-proxy input).',
      { cause: error },
    );
  }
  const expiresAt = typeof data?.expiresAt === 'number' ? new Date(data.expiresAt * 1000) : undefined;
  return credentialsOfToken(target, data?.authorizationToken, expiresAt, (secret) => options.io.mask(secret));
}
