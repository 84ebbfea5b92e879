/**
 * The credentials in the step's environment, as assume-role exports them (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
 * AWS_SESSION_TOKEN; the secrets masked at once), or else the runner's own (the SDK's default chain: shared files,
 * SSO, web identity, container or instance role). Which one was used is said, never the keys.
 */
import type { RunnerIO } from '@aws-delivery/action-kit';
import { runnerCredentials } from '@aws-delivery/aws';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

export interface CredentialChoice {
  /** Where the credentials come from, for the log. */
  source: string;
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
}

export function environmentCredentials(io: Pick<RunnerIO, 'env' | 'mask'>): CredentialChoice {
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

/** The credentials themselves, asking a provider when it is one; refuses an empty answer with the fix. */
export async function resolveCredentials(choice: CredentialChoice, purpose: string): Promise<AwsCredentialIdentity> {
  const found = typeof choice.credentials === 'function' ? await choice.credentials() : choice.credentials;
  if (!found?.accessKeyId || !found.secretAccessKey)
    throw new Error(`There are no AWS credentials for ${purpose} (looked in ${choice.source}).`);
  return found;
}
