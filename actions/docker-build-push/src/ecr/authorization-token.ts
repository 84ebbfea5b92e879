import { ActionError } from '@aws-delivery/action-kit';
import type { RegistryTarget } from '../targets/registry-target.js';
import type { RegistryCredentials } from './ecr-api.js';

/** An authorization token is base64 text, one line. */
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
/**
 * What it decodes to, `user:password`, goes to the login command and the job-private Docker config: printable
 * ASCII without spaces, so no line break or control character can reach either.
 */
const LOGIN_TEXT = /^[\x21-\x7e]+$/;

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
  const decoded = BASE64.test(token) ? Buffer.from(token, 'base64').toString('utf8') : '';
  const colon = decoded.indexOf(':');
  const password = decoded.slice(colon + 1);
  if (colon > 0) mask(password);
  if (colon <= 0 || !LOGIN_TEXT.test(decoded))
    throw new ActionError(
      `The ECR authorization token for ${target.registryHost} is not base64 of user:password in printable characters; it was not used.`,
      'ECR never answers this way: check the ecr-endpoint and the proxy between the runner and AWS.',
    );
  return { username: decoded.slice(0, colon), password, ...(expiresAt ? { expiresAt } : {}) };
}
