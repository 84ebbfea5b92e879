import type { AwsCredentialIdentityProvider } from '@smithy/types';

/**
 * The runner's own credentials, found where an AWS SDK client finds them (environment, shared files, SSO, web
 * identity token file, container or instance role): the SDK's default provider chain, loaded when a call is first
 * signed, so that runs which never sign do not load it.
 */
export function runnerCredentials(): AwsCredentialIdentityProvider {
  return async () => {
    const { defaultProvider } = await import('@aws-sdk/credential-provider-node');
    return defaultProvider()();
  };
}
