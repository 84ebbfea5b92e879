import { PARTITIONS } from '../names/partitions.js';
import { partitionOfRegion } from '../names/regions.js';

/** The claims of a GitHub OIDC token that decide whether a trust policy matches it. */
const DECIDING_CLAIMS = ['sub', 'aud', 'repository', 'ref', 'environment', 'job_workflow_ref'] as const;
export type DecidingClaims = Readonly<Partial<Record<(typeof DECIDING_CLAIMS)[number], unknown>>>;

export interface AwsErrorContext {
  /** The IAM action or API call that failed, e.g. `sts:AssumeRoleWithWebIdentity`. */
  operation: string;
  region?: string;
  /** The endpoint called, named when retries ran out. */
  endpoint?: string;
  /** The role being assumed, when there is one. */
  roleArn?: string;
  /** The claims of the web identity token sent, shown beside a trust-policy mismatch (never the token itself). */
  tokenClaims?: DecidingClaims;
  /** Session tags were sent with the call. */
  tagged?: boolean;
}

/** What to do about an AWS error code in this context; undefined when the code has nothing to add here. */
export type Hint = (context: AwsErrorContext, message: string) => string | undefined;

/** `sub="repo:org/app:ref:refs/heads/main", aud="sts.amazonaws.com"`: what the token said, to compare. */
function claimsSent(claims: DecidingClaims): string {
  const seen = DECIDING_CLAIMS.filter((claim) => claims[claim] !== undefined)
    .map((claim) => `${claim}=${JSON.stringify(claims[claim])}`)
    .join(', ');
  return ` GitHub sent ${seen || 'no readable claims'}.`;
}

function audiences(region: string | undefined): string {
  try {
    if (region) return `"${partitionOfRegion(region).oidcAudience}"`;
  } catch {
    // fall through to every partition's audience
  }
  return [...new Set(PARTITIONS.map((partition) => `"${partition.oidcAudience}"`))].join(' or ');
}

const webIdentity = (context: AwsErrorContext) => /AssumeRoleWithWebIdentity/.test(context.operation);

/** The two conditions of a trust policy that decide whether a GitHub OIDC token matches, and what the token said. */
const tokenConditions = (context: AwsErrorContext) =>
  `the trust policy's token.actions.githubusercontent.com:aud condition is ${audiences(context.region)}, and its ` +
  "token.actions.githubusercontent.com:sub condition matches the token's sub claim (for example " +
  'repo:ORG/REPO:ref:refs/heads/main, or repo:ORG/REPO:environment:NAME when the job has an environment).' +
  (context.tokenClaims ? claimsSent(context.tokenClaims) : '');

const accessDenied: Hint = (context, message) => {
  if (/TagSession/.test(message) || (context.tagged && /tag/i.test(message))) {
    return (
      "The role's trust policy must allow sts:TagSession for this caller: add sts:TagSession to the trust policy " +
      'statement that allows sts:AssumeRole, or set role-skip-session-tagging: true to assume the role without ' +
      'session tags.'
    );
  }
  if (webIdentity(context)) {
    return (
      "The role's trust policy must allow sts:AssumeRoleWithWebIdentity for the GitHub OIDC provider " +
      "(token.actions.githubusercontent.com) in the role's account, with `sub` and `aud` conditions that match " +
      `the token: ${tokenConditions(context)}`
    );
  }
  if (/AssumeRole/.test(context.operation)) {
    return (
      "The role's trust policy must trust the current principal: check that the trust policy names the caller " +
      "(the previous hop's role, or the user of the access keys), that the caller has sts:AssumeRole on the role " +
      'ARN (check SCPs and permission boundaries too), and that role-external-id matches an sts:ExternalId condition.'
    );
  }
  return (
    `The current principal is not allowed ${context.operation}: grant it in the role's policy, and check SCPs, ` +
    'permission boundaries and resource policies.'
  );
};

const expiredToken: Hint = () =>
  'The credentials or the web identity token expired before the call: refresh the session token secret when the ' +
  'source is static keys, assume the role again closer to the call, or raise role-duration-seconds (capped by the ' +
  "role's MaxSessionDuration).";

const unknownKey: Hint = () =>
  'AWS does not know this access key id in this partition: check the key, and that it belongs to the partition ' +
  'of the region (aws-cn and aws-us-gov keys only work in their own partition).';

/**
 * No credentials anywhere the SDK looks (its default chain, in order) and none handed to the step: what was tried,
 * and how a workflow gives the job credentials.
 */
const noCredentials: Hint = () =>
  'No AWS credentials were found. Tried, in order: the step environment (AWS_ACCESS_KEY_ID and ' +
  'AWS_SECRET_ACCESS_KEY), the shared config and credentials files (AWS_PROFILE), SSO, a web identity token file ' +
  '(AWS_WEB_IDENTITY_TOKEN_FILE with AWS_ROLE_ARN), the container credentials endpoint and the instance role. ' +
  'Fix: run the assume-role action in an earlier step of the job (with `permissions: id-token: write` for GitHub ' +
  'OIDC, or static keys from secrets), or set the keys in the step env: from secrets.';

/** What to do, by AWS error code. */
export const HINTS: Readonly<Record<string, Hint>> = {
  CredentialsProviderError: noCredentials,
  AccessDenied: accessDenied,
  AccessDeniedException: accessDenied,
  ExpiredToken: expiredToken,
  ExpiredTokenException: expiredToken,
  RequestExpired: () =>
    "The request's signature is too old: the runner's clock may be wrong (check NTP), or the request waited too long.",
  InvalidIdentityToken: (context) =>
    'STS rejected the GitHub OIDC token. Check that the IAM OIDC identity provider for ' +
    `https://token.actions.githubusercontent.com exists in the role's account, and that ${tokenConditions(context)}`,
  IDPCommunicationError: () =>
    "STS could not reach GitHub's OIDC issuer to check the token; this is usually temporary: re-run the job.",
  RegionDisabledException: (context) =>
    `STS is not active in ${context.region ?? 'this region'} for this account: activate the region in IAM ` +
    'account settings (Security Token Service regions), enable the opt-in region for the account, or use another region.',
  InvalidClientTokenId: unknownKey,
  UnrecognizedClientException: unknownKey,
  SignatureDoesNotMatch: () =>
    'The secret access key does not match the access key id: check the secret (no spaces or line breaks) and that ' +
    'both come from the same key pair.',
  ValidationError: (_context, message) =>
    /DurationSeconds/i.test(message)
      ? "role-duration-seconds is longer than the role's maximum session duration: lower it, or raise the role's " +
        'MaxSessionDuration. Chained sessions are capped at 3600 s.'
      : undefined,
};
