import { ConfigurationError } from '@aws-delivery/action-kit';
import type { EcrApi, RegistryCredentials } from '../ecr/ecr-api.js';
import type { RegistryTarget } from '../targets/registry-target.js';

/**
 * The credentials for one target: `username=` with the password from the variable `password-env=` names, else
 * an ECR authorization token (for ECR targets, through their profile), else none (anonymous, or a login an
 * earlier step made in the user's Docker config).
 */
export async function credentialsFor(
  target: RegistryTarget,
  ecr: Pick<EcrApi, 'authorization'>,
  env: Readonly<Record<string, string | undefined>>,
  mask: (secret: string) => void,
): Promise<RegistryCredentials | undefined> {
  if (target.login) {
    const password = env[target.login.passwordEnv];
    if (!password) {
      throw new ConfigurationError(
        `Input "registries" line "${target.label}" takes the password from ${target.login.passwordEnv}, which is not set or empty. Fix: set ${target.login.passwordEnv} in the step's env: from a secret.`,
        'registries',
      );
    }
    mask(password);
    return { username: target.login.username, password };
  }
  if (target.kind === 'ecr') return ecr.authorization(target);
  return undefined;
}
