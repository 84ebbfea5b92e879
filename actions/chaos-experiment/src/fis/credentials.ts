/**
 * The credentials the calls are signed with, and the SigV4 signer that uses them: the keys in the step's
 * environment (as assume-role exports them), or else the runner's own (the SDK's default chain: shared files, SSO,
 * web identity, container or instance role).
 */
import { ActionError, type Env } from '@aws-delivery/action-kit';
import { runnerCredentials, type RequestToSign } from '@aws-delivery/aws';
import { signRequest, type SigningCredentials } from '@aws-delivery/aws/signing';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

export type CredentialsSource = AwsCredentialIdentity | AwsCredentialIdentityProvider;

export function credentialsFrom(env: Env, mask: (secret: string | undefined) => void): CredentialsSource {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (accessKeyId && secretAccessKey) {
    mask(secretAccessKey);
    mask(env.AWS_SESSION_TOKEN);
    return { accessKeyId, secretAccessKey, ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}) };
  }
  return runnerCredentials();
}

/** Signs each attempt; a provider is asked on the first call and again when its credentials near their expiry. */
export function sigV4Signer(source: CredentialsSource): (request: RequestToSign) => Promise<Record<string, string>> {
  let resolved: Promise<AwsCredentialIdentity> | undefined;
  const credentials = async (): Promise<AwsCredentialIdentity> => {
    const found = typeof source === 'function' ? await source() : source;
    if (!found?.accessKeyId || !found.secretAccessKey) {
      throw new ActionError(
        'There are no AWS credentials to sign the FIS and CloudWatch calls with.',
        'Run assume-role (or give the runner a role) before this step.',
      );
    }
    return found;
  };
  return async (request) => {
    let current = await (resolved ??= credentials());
    if (current.expiration && current.expiration.getTime() - Date.now() < 5 * 60_000) {
      resolved = credentials();
      current = await resolved;
    }
    const signing: SigningCredentials = {
      accessKeyId: current.accessKeyId,
      secretAccessKey: current.secretAccessKey,
      ...(current.sessionToken ? { sessionToken: current.sessionToken } : {}),
    };
    return signRequest({ ...request, credentials: signing });
  };
}
