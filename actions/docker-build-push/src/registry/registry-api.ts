import { createHash } from 'node:crypto';
import { ActionError } from '@aws-delivery/action-kit';
import { httpGet, type HttpGetAnswer } from '@aws-delivery/aws';
import type { RegistryCredentials } from '../ecr/ecr-api.js';
import type { RegistryTarget } from '../targets/registry-target.js';
import { ACCEPT_MANIFESTS, parseChallenge, summarizeManifest, type ManifestSummary } from './manifest.js';

export interface RegistryHttpOptions {
  proxy?: string;
  caBundle?: string;
  /** Until the answer starts, and between its pieces (the `request-timeout-seconds` input). */
  requestTimeoutMs?: number;
}

function get(url: URL, headers: Record<string, string>, options: RegistryHttpOptions): Promise<HttpGetAnswer> {
  const { requestTimeoutMs, ...network } = options;
  return httpGet(url, { ...network, ...(requestTimeoutMs ? { timeoutMs: requestTimeoutMs } : {}), headers });
}

function basic(credentials: RegistryCredentials): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
}

/** A bearer token from the registry's token service (the Docker token flow), with the credentials as Basic auth. */
async function bearerToken(
  params: Record<string, string>,
  credentials: RegistryCredentials | undefined,
  options: RegistryHttpOptions,
): Promise<string> {
  const realm = new URL(params.realm ?? '');
  if (params.service) realm.searchParams.set('service', params.service);
  if (params.scope) realm.searchParams.set('scope', params.scope);
  const answer = await get(realm, credentials ? { authorization: basic(credentials) } : {}, options);
  if (answer.status !== 200)
    throw new ActionError(`The registry's token service ${realm.host} answered HTTP ${answer.status}.`);
  const body = JSON.parse(answer.body.toString('utf8')) as { token?: string; access_token?: string };
  const token = body.token ?? body.access_token;
  if (!token) throw new ActionError(`The registry's token service ${realm.host} answered without a token.`);
  return token;
}

/**
 * Fetches a manifest by tag or digest through the registry HTTP API v2, authenticating with Basic credentials or
 * the bearer-token flow as the registry asks. Returns its digest (checked against the body), media type and size.
 */
export async function fetchManifest(
  target: RegistryTarget,
  reference: string,
  credentials: RegistryCredentials | undefined,
  options: RegistryHttpOptions = {},
): Promise<ManifestSummary> {
  const url = new URL(`${target.scheme}://${target.pushHost}/v2/${target.repository}/manifests/${reference}`);
  const headers: Record<string, string> = { accept: ACCEPT_MANIFESTS };
  let answer = await get(url, credentials ? { ...headers, authorization: basic(credentials) } : headers, options);
  if (answer.status === 401) {
    const challenge = parseChallenge(answer.headers['www-authenticate'] as string | undefined);
    if (challenge?.scheme === 'bearer') {
      const token = await bearerToken(challenge.params, credentials, options);
      answer = await get(url, { ...headers, authorization: `Bearer ${token}` }, options);
    }
  }
  if (answer.status === 401 || answer.status === 403) {
    throw new ActionError(
      `${target.pushHost} refused to show ${target.repository}:${reference} (HTTP ${answer.status}).`,
      'the credentials used for the push do not allow reading the manifest: check the registry permissions (ecr:BatchGetImage for ECR).',
    );
  }
  if (answer.status === 404) {
    throw new ActionError(`${target.pushHost} has no manifest ${target.repository}:${reference} (HTTP 404).`);
  }
  if (answer.status !== 200) {
    throw new ActionError(
      `${target.pushHost} answered HTTP ${answer.status} for the manifest ${target.repository}:${reference}.`,
    );
  }
  // The digest is of the bytes the registry sent.
  const computed = `sha256:${createHash('sha256').update(answer.body).digest('hex')}`;
  const header = answer.headers['docker-content-digest'];
  const digest = typeof header === 'string' && header ? header : computed;
  if (digest !== computed) {
    throw new ActionError(
      `${target.pushHost} reports digest ${digest} for ${target.repository}:${reference}, but the manifest it sent hashes to ${computed}.`,
    );
  }
  return summarizeManifest(answer.body.toString('utf8'), answer.headers['content-type'], digest);
}
