import { ActionError } from '@aws-delivery/action-kit';
import type { RegistryTarget } from '../targets/registry-target.js';
import type { RegistryCredentials } from './ecr-api.js';

/**
 * The registry login in an ECR authorization token (base64 of `user:password`, from GetAuthorizationToken), the
 * token and the password masked before anything can print them.
 */
export function credentialsOfToken(
  target: RegistryTarget,
  token: string | undefined,
  expiresAt: Date | undefined,
  mask: (secret: string) => void,
): RegistryCredentials {
  if (!token) throw new ActionError(`ECR returned no authorization token for ${target.registryHost}.`);
  mask(token);
  const decoded = Buffer.from(token, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) throw new ActionError(`The ECR authorization token for ${target.registryHost} is not user:password.`);
  const password = decoded.slice(colon + 1);
  mask(password);
  return { username: decoded.slice(0, colon), password, ...(expiresAt ? { expiresAt } : {}) };
}
