import { ActionError, ConfigurationError } from '@aws-delivery/action-kit';
import { PARTITIONS } from '../names/partitions.js';
import { partitionOfRegion } from '../names/regions.js';
import { classifyError } from '../transport/retry.js';

export interface AwsErrorContext {
  /** The IAM action or API call that failed, e.g. `sts:AssumeRoleWithWebIdentity`. */
  operation: string;
  region?: string;
  /** The role being assumed, when there is one. */
  roleArn?: string;
}

interface AwsErrorShape {
  name?: unknown;
  code?: unknown;
  Code?: unknown;
  message?: unknown;
  $metadata?: { attempts?: unknown; httpStatusCode?: unknown };
}

function codeOf(error: AwsErrorShape): string {
  for (const candidate of [error.name, error.Code, error.code]) {
    if (typeof candidate === 'string' && candidate && candidate !== 'Error') return candidate;
  }
  return 'Error';
}

function audiences(region: string | undefined): string {
  try {
    if (region) return `"${partitionOfRegion(region).oidcAudience}"`;
  } catch {
    // fall through to every partition's audience
  }
  return [...new Set(PARTITIONS.map((partition) => `"${partition.oidcAudience}"`))].join(' or ');
}

type Explain = (context: AwsErrorContext, message: string) => string;

const HINTS: Record<string, Explain> = {
  AccessDenied: (context, message) => {
    if (/sts:TagSession/.test(message)) {
      return (
        "The role's trust policy must allow sts:TagSession for this principal, or set role-skip-session-tagging: true " +
        'to assume the role without session tags.'
      );
    }
    if (/AssumeRoleWithWebIdentity/.test(context.operation)) {
      return (
        "The role's trust policy must allow sts:AssumeRoleWithWebIdentity for the GitHub OIDC provider " +
        "(token.actions.githubusercontent.com) in the role's account, with `sub` and `aud` conditions that match " +
        'the token.'
      );
    }
    if (/AssumeRole/.test(context.operation)) {
      return (
        "The role's trust policy must trust the current principal, and the current principal needs sts:AssumeRole " +
        'on the role (check SCPs and permission boundaries too).'
      );
    }
    return (
      `The current principal is not allowed ${context.operation}: grant it in the role's policy, and check SCPs, ` +
      'permission boundaries and resource policies.'
    );
  },
  ExpiredToken: () =>
    'The credentials or the web identity token expired before the call: assume the role again closer to the ' +
    "call, or raise role-duration-seconds (capped by the role's MaxSessionDuration).",
  RequestExpired: () =>
    "The request's signature is too old: the runner's clock may be wrong (check NTP), or the request waited too long.",
  InvalidIdentityToken: (context) =>
    'STS rejected the GitHub OIDC token. Check that the IAM OIDC identity provider for ' +
    "https://token.actions.githubusercontent.com exists in the role's account, that the trust policy's " +
    `token.actions.githubusercontent.com:aud condition is ${audiences(context.region)}, and that its ` +
    "token.actions.githubusercontent.com:sub condition matches the token's sub claim (for example " +
    'repo:ORG/REPO:ref:refs/heads/main or repo:ORG/REPO:environment:NAME).',
  IDPCommunicationError: () =>
    "STS could not reach GitHub's OIDC issuer to check the token; this is usually temporary: re-run the job.",
  RegionDisabledException: (context) =>
    `STS is not active in ${context.region ?? 'this region'} for this account: activate the region in IAM ` +
    'account settings (Security Token Service regions), enable the opt-in region for the account, or use another region.',
  InvalidClientTokenId: () =>
    'AWS does not know this access key id in this partition: check the key, and that it belongs to the partition ' +
    'of the region (aws-cn and aws-us-gov keys only work in their own partition).',
  SignatureDoesNotMatch: () =>
    'The secret access key does not match the access key id: check the secret (no spaces or line breaks) and that ' +
    'both come from the same key pair.',
};
HINTS.AccessDeniedException = HINTS.AccessDenied!;
HINTS.ExpiredTokenException = HINTS.ExpiredToken!;
HINTS.UnrecognizedClientException = HINTS.InvalidClientTokenId!;

function attemptsOf(error: AwsErrorShape): number | undefined {
  const attempts = error.$metadata?.attempts;
  return typeof attempts === 'number' ? attempts : undefined;
}

/**
 * Turns an error from an AWS call into an ActionError that says what failed and what to do: AccessDenied (with the
 * sts:TagSession and trust-policy cases), ExpiredToken, InvalidIdentityToken, RegionDisabled, bad keys, and
 * throttling, server and network errors that outlived the retries. Configuration errors pass through unchanged.
 */
export function explainAwsError(error: unknown, context: AwsErrorContext): ActionError | ConfigurationError {
  if (error instanceof ConfigurationError) return error;
  const role = context.roleArn ? ` (role ${context.roleArn})` : '';
  if (error instanceof ActionError) {
    return new ActionError(`${context.operation}${role} failed: ${error.message}`, error.hint, { cause: error });
  }
  const shape = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as AwsErrorShape;
  const code = codeOf(shape);
  const message = typeof shape.message === 'string' ? shape.message : '';
  const summary = `${context.operation}${role} failed: ${code}${message && message !== code ? `: ${message}` : ''}`;
  const hint = HINTS[code];
  if (hint) return new ActionError(summary, hint(context, message), { cause: error });
  const attempts = attemptsOf(shape);
  const after = attempts && attempts > 1 ? ` after ${attempts} attempts` : '';
  switch (classifyError(error)) {
    case 'throttling':
      return new ActionError(
        `${summary} (AWS kept throttling${after}).`,
        'Too many calls to this API in this account and region: run fewer jobs in parallel, or ask for a higher quota.',
        { cause: error },
      );
    case 'server':
      return new ActionError(
        `${summary} (AWS server error${after}).`,
        'This is usually temporary: re-run the job, and check the AWS Health Dashboard for the region.',
        { cause: error },
      );
    case 'network':
      return new ActionError(
        `${summary} (could not reach AWS${after}).`,
        'Check the path to AWS: HTTPS_PROXY or the http-proxy input if the network needs a proxy, the endpoint for ' +
          'a VPC endpoint, and security groups / firewalls allowing outbound HTTPS.',
        { cause: error },
      );
    case 'fatal':
      return new ActionError(summary, undefined, { cause: error });
  }
}
